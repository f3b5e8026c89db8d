"""Write resources/THIRD_PARTY_NOTICES.txt: every component the installed app ships, and its licence.

Run after adding or removing a dependency (a test fails until then):
``.venv/bin/python tools/third_party_notices.py``. The Python distributions come from the installed
metadata (the runtime dependencies of prm-desktop, followed recursively); the components that are not
Python distributions (Qt, Python itself, SQLite, ...) and the Qt LGPL notice are written here.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement

OUT = Path(__file__).resolve().parents[1] / "resources" / "THIRD_PARTY_NOTICES.txt"
#: Distributions installed only on other systems (keyring's Windows backend), with their licence.
OTHER_SYSTEMS = {"pywin32-ctypes": ("MIT", "https://github.com/enthought/pywin32-ctypes")}

HEADER = """\
PRM Desktop: third-party notices
================================

PRM Desktop is built with the open-source components listed below. Each keeps its own licence;
this file is shipped with every copy of the application (Help > About > Show Details, and
prm_desktop/resources/THIRD_PARTY_NOTICES.txt inside the installed folder).

Qt and PySide6 (GNU LGPL version 3)
-----------------------------------
The user interface uses the Qt {qt} libraries through PySide6 and Shiboken6 {qt} (Qt for Python),
(c) The Qt Company Ltd and other contributors, used under the GNU Lesser General Public License
version 3 (LGPL-3.0). The full texts of the LGPL-3.0 and of the GNU General Public License version 3
it refers to are in the "licenses" folder beside this file (LGPL-3.0.txt, GPL-3.0.txt).

- Qt, PySide6 and Shiboken6 are used as shared libraries, unmodified, and are not linked statically
  into PRM Desktop. They are separate files in the installed folder (PySide6/ and shiboken6/ inside
  the application's folder: _internal/ on Windows and Linux, Contents/Frameworks/ on macOS).
- You may replace them with another build of the same version (for example one you modified and
  built from the sources below) by replacing those files; PRM Desktop loads whatever copy is there.
- Reverse engineering PRM Desktop to debug such modifications is permitted.

Source offer: the complete corresponding source code of Qt {qt} and of PySide6/Shiboken6 {qt} is
available from the Qt project at https://download.qt.io/official_releases/qt/ and
https://download.qt.io/official_releases/QtForPython/ (or https://code.qt.io/). For at least three
years after we distribute this version, we will also give anyone who asks a copy of that source code
on a physical medium or by download, for no more than the cost of providing it: ask the publisher
from whom you received PRM Desktop.

Other components that are not Python packages
---------------------------------------------
- Python {python} (Python Software Foundation License), https://www.python.org
- Qt's bundled ICU (Unicode License v3), https://icu.unicode.org
- SQLite (public domain), https://sqlite.org
- OpenSSL (Apache-2.0), used by the cryptography package, https://www.openssl.org
- Unicode CLDR locale data shipped in Babel (Unicode License v3), https://cldr.unicode.org
- DejaVu fonts, when present in resources/fonts (Bitstream Vera license and public domain),
  https://dejavu-fonts.github.io
- On Linux, system libraries copied from the build machine (GNU C++ runtime: GPL-3.0 with the GCC
  Runtime Library Exception; GLib, libffi and others under their own permissive or LGPL licences),
  used as separate shared libraries.

Python packages
---------------
"""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = "prm-desktop") -> dict[str, metadata.Distribution]:
    """Every installed distribution prm-desktop needs at run time (extras left out), by normalized name."""
    found: dict[str, metadata.Distribution] = {}

    def walk(name: str) -> None:
        key = _key(name)
        if key in found:
            return
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return
        found[key] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                walk(requirement.name)

    walk(root)
    found.pop(_key(root), None)
    return found


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return " / ".join(classifiers)
    return (meta.get("License") or "see its distribution").splitlines()[0][:80]


def _home(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    urls = [url.split(",", 1)[-1].strip() for url in meta.get_all("Project-URL") or []]
    preferred = [u for u, label in zip(urls, meta.get_all("Project-URL") or [], strict=True)
                 if label.lower().startswith(("homepage", "home", "source", "repository"))]  # fmt: skip
    return meta.get("Home-page") or (preferred or urls or [""])[0]


def notices() -> str:
    """The full text of THIRD_PARTY_NOTICES.txt."""
    dists = runtime_distributions()
    qt = dists["pyside6-essentials"].version if "pyside6-essentials" in dists else "6"
    lines = [HEADER.format(qt=qt, python=f"{sys.version_info.major}.{sys.version_info.minor}")]
    rows = [(dist.metadata["Name"], _licence(dist), _home(dist)) for dist in dists.values()]
    rows += [(name, licence, home) for name, (licence, home) in OTHER_SYSTEMS.items()]
    for name, licence, home in sorted(rows, key=lambda row: row[0].lower()):
        lines.append(f"- {name}: {licence}" + (f", {home}" if home else "") + "\n")
    return "".join(lines)


def main() -> int:
    """Write the file."""
    OUT.write_text(notices(), encoding="utf-8")
    print(f"written: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
