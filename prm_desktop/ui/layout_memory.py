"""QSettings on an INI file, and remembering window geometry, splitters and table columns.

Every setting lives in the INI file of ``paths.settings_file`` (tests get their own per data
folder). Keys are grouped: ``window/<name>``, ``splitter/<name>``, ``columns/<name>``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

#: Settings keys used outside layout (preferences).
KEY_BACKUP_KEEP = "backup/keep"
KEY_BACKUP_DAILY = "backup/daily"
KEY_DATA_DIR = "storage/data_dir"
DEFAULT_BACKUP_KEEP = 10


def open_settings(path: Path) -> QSettings:
    """QSettings reading and writing the INI file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setFallbacksEnabled(False)
    return settings


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    """A boolean setting (INI files store text)."""
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def read_int(settings: QSettings, key: str, default: int) -> int:
    """An integer setting, ``default`` when missing or unreadable."""
    try:
        return int(settings.value(key, default))
    except (TypeError, ValueError):
        return default


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    return None


def restore_window(settings: QSettings, window: QWidget, name: str) -> bool:
    """Give a window its saved geometry (and dock/toolbar state); False when none was saved."""
    geometry = _bytes(settings, f"window/{name}/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        return False
    state = _bytes(settings, f"window/{name}/state")
    if state is not None and hasattr(window, "restoreState"):
        window.restoreState(state)
    return True


def save_window(settings: QSettings, window: QWidget, name: str) -> None:
    """Remember a window's geometry (and dock/toolbar state)."""
    settings.setValue(f"window/{name}/geometry", window.saveGeometry())
    if hasattr(window, "saveState"):
        settings.setValue(f"window/{name}/state", window.saveState())


class LayoutSaver(QObject):
    """Saves a widget's state shortly after it last changed (one write per drag, not per pixel).

    Make it a child of the widget (or of an object under it): :func:`flush_layout` then writes what
    is pending before the widget goes away.

    Args:
        parent: The object it lives under.
        save: Writes the state.
    """

    def __init__(self, parent: QObject, save: object) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(save)

    def poke(self, *_args: object) -> None:
        """Save soon (the delay restarts)."""
        self._timer.start()

    def flush(self) -> None:
        """Save now if a save is pending."""
        if self._timer.isActive():
            self._timer.stop()
            self._timer.timeout.emit()


def remember_splitter(settings: QSettings, splitter: QSplitter, name: str) -> None:
    """Restore a splitter's sizes now and save them whenever the user moves it."""
    key = f"splitter/{name}"
    state = _bytes(settings, key)
    if state is not None:
        splitter.restoreState(state)
    saver = LayoutSaver(splitter, lambda: settings.setValue(key, splitter.saveState()))
    splitter.splitterMoved.connect(saver.poke)


def remember_header(settings: QSettings, header: QHeaderView, name: str) -> None:
    """Restore a table's column widths, order and sort now; save them whenever they change.

    Call it after the model is set (the header must know its columns).
    """
    key = f"columns/{name}"
    state = _bytes(settings, key)
    if state is not None:
        header.restoreState(state)
    saver = LayoutSaver(header, lambda: settings.setValue(key, header.saveState()))
    header.sectionResized.connect(saver.poke)
    header.sectionMoved.connect(saver.poke)
    header.sortIndicatorChanged.connect(saver.poke)


def layout_changed(widget: QObject) -> None:
    """Save soon the remembered states under ``widget`` (a change no Qt signal reports: a hidden column)."""
    for saver in widget.findChildren(LayoutSaver):
        saver.poke()


def flush_layout(widget: QWidget) -> None:
    """Write every pending splitter and column state under ``widget`` now (before closing)."""
    for saver in widget.findChildren(LayoutSaver):
        saver.flush()
