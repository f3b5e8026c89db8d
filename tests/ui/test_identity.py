"""The app's identity: window icon, Help › About with version, licence and third-party notices."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from prm_desktop import __version__
from prm_desktop.ui.app import qt_application
from tests.ui.conftest import prepare_portfolio

ROOT = Path(__file__).resolve().parents[2]


def test_every_window_has_the_application_icon(qapp) -> None:
    app = qt_application()
    icon = QApplication.windowIcon()
    assert not icon.isNull() and app is qapp
    sizes = icon.availableSizes()
    assert QSize(16, 16) in sizes and QSize(256, 256) in sizes


def test_about_gives_version_licence_and_the_qt_lgpl_notice(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, False)
    shell = make_shell(lang="en")
    shell.start()
    box = shell.controller.about()
    assert box.isVisible() and box.objectName() == "aboutBox"
    assert f"PRM Desktop {__version__}" in box.text()
    assert "Licence: proprietary software, all rights reserved." in box.informativeText()
    notices = box.detailedText()
    assert "GNU Lesser General Public License" in notices and "Source offer" in notices
    assert "PySide6_Essentials: LGPL-3.0-only" in notices
    assert not box.iconPixmap().isNull()
    box.close()


def test_about_in_french(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, False)
    shell = make_shell(lang="fr")
    shell.start()
    box = shell.controller.about()
    assert "Licence\u00a0: logiciel propriétaire, tous droits réservés." in box.informativeText()
    box.close()


def test_the_lgpl_and_gpl_texts_ship_beside_the_notices() -> None:
    licences = ROOT / "resources" / "licenses"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licences / "LGPL-3.0.txt").read_text("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (licences / "GPL-3.0.txt").read_text("utf-8")


def test_the_notices_name_every_package_the_app_runs_on() -> None:
    spec = importlib.util.spec_from_file_location("third_party_notices", ROOT / "tools" / "third_party_notices.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    text = (ROOT / "resources" / "THIRD_PARTY_NOTICES.txt").read_text("utf-8")
    listed = {line[2:].split(":")[0].lower() for line in text.splitlines() if line.startswith("- ")}
    needed = {dist.metadata["Name"].lower() for dist in tool.runtime_distributions().values()}
    assert needed - listed == set(), "run: .venv/bin/python tools/third_party_notices.py"


def test_the_icon_files_exist_in_every_format() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "prm-desktop.svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert (icons / "prm-desktop.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (icons / "prm-desktop.icns").read_bytes()[:4] == b"icns"
    for size in (16, 32, 48, 128, 256, 512):
        assert (icons / f"prm-desktop-{size}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
