"""The application's identity on screen: its icon (window, task bar) and the Help › About box.

The icon's PNG sizes are rendered from ``resources/icons/prm-desktop.svg`` by ``tools/make_icons.py``;
the About box gives the version, the licence and, under "Show Details", the third-party notices
(``resources/THIRD_PARTY_NOTICES.txt``: the Qt LGPL notice and source offer, every component's licence).
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path

from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

from prm_desktop import __version__
from prm_desktop.config import APP_ID, LICENCE
from prm_desktop.domain.i18n import _

__all__ = ["about_box", "app_icon", "resource_file", "third_party_notices"]

log = logging.getLogger(__name__)

#: PNG sizes shipped in resources/icons (prm-desktop-<size>.png).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_file(*parts: str) -> Path:
    """A file of the shipped resources (installed package, frozen app or source checkout)."""
    try:
        root = Path(str(importlib.resources.files("prm_desktop.resources")))
    except ModuleNotFoundError:  # pragma: no cover - a source tree without the package mapping
        root = Path(__file__).resolve().parents[2] / "resources"
    return root.joinpath(*parts)


def app_icon() -> QIcon:
    """The application icon, every shipped size (an empty icon, logged, if the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_file("icons", f"{APP_ID}-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    if icon.isNull():
        log.warning("The application icon was not found in %s", resource_file("icons"))
    return icon


def third_party_notices() -> str:
    """The third-party notices shipped with the app (English, as the licences themselves)."""
    try:
        return resource_file("THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8")
    except OSError:
        log.exception("The third-party notices could not be read")
        return ""


def about_box(parent: QWidget | None, data_folder: Path) -> QMessageBox:
    """Help › About: version, licence, Qt's LGPL, the data folder; the full notices under Show Details."""
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        _("About PRM Desktop"),
        _(
            "PRM Desktop {version}\nPartner relationship management for channel managers.\n\n"
            "Data folder: {folder}\nQt {qt}",
            version=__version__,
            folder=data_folder,
            qt=qVersion(),
        ),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setInformativeText(
        _("Licence: {licence}.", licence=_(LICENCE)) + "\n"
        + _("Built with open-source components, among them Qt and PySide6 under the GNU LGPL version 3, "
            "used as shared libraries that you may replace. Their notices, licences and source offer: "
            "Show Details.")
    )  # fmt: skip
    box.setDetailedText(third_party_notices())
    box.setIconPixmap(app_icon().pixmap(64, 64) if not app_icon().isNull() else QPixmap())
    box.setObjectName("aboutBox")
    return box
