"""Qt's own translations (standard buttons and dialogs) in the app's language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def install_qt_translations(lang: str) -> bool:
    """Load ``qtbase_<lang>`` for Qt's standard texts (OK, Cancel, file dialogs); English needs none.

    Returns:
        True when a French catalog was installed.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.French if lang == "fr" else QLocale.Language.English,
            QLocale.Country.France if lang == "fr" else QLocale.Country.UnitedKingdom,
        )
    )
    if lang != "fr":
        return False
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_fr", folder):
        log.warning("Qt's French translations were not found in %s", folder)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
