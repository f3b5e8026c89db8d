"""The Info.plist of PRM Desktop.app: the template in this folder with the versions from config.py.

build.spec passes :func:`info_plist` to PyInstaller's ``BUNDLE`` on macOS; the build test checks it
with plistlib on every system.
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent / "Info.plist"


def info_plist(version: str) -> dict[str, Any]:
    """The Info.plist entries, ``version`` as both the marketing and the build version."""
    with TEMPLATE.open("rb") as handle:
        entries = plistlib.load(handle)
    entries["CFBundleShortVersionString"] = version
    entries["CFBundleVersion"] = version
    return entries
