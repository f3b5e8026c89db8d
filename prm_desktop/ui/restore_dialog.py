"""File › Restore…: pick a backup (or another file); the current data is kept as a backup first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_datetime, format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.maintenance import BackupInfo

REASONS = {
    "manual": N_("made by you"),
    "daily": N_("automatic, daily"),
    "before-upgrade": N_("before an upgrade"),
    "before-restore": N_("before a restore"),
}


def describe_backup(backup: BackupInfo, timezone: str = "Europe/Paris") -> str:
    """One line: when, why, size (e.g. "15 Jun 2026, 14:00 — automatic, daily — 2.1 MB")."""
    reason = _(REASONS[backup.reason]) if backup.reason in REASONS else backup.reason
    size = _("{size} MB", size=format_number(backup.size / 1_000_000, decimals=1))
    return f"{format_datetime(backup.created, timezone, style='medium')} — {reason} — {size}"


def ask_backup_file(parent: QWidget, start: str) -> str | None:
    """Ask for a backup file with the system dialog (tests replace this)."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a backup"), start, _("PRM Desktop backups (*.sqlite3);;All files (*)")
    )
    return chosen or None


class RestoreDialog(QDialog):
    """Lists the backups, newest first; ``chosen()`` is the file to restore once accepted."""

    def __init__(
        self,
        backups: Sequence[BackupInfo],
        backup_dir: Path,
        timezone: str = "Europe/Paris",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(_("Restore a backup"))
        self.setAccessibleName(_("Restore a backup"))
        self.resize(560, 380)
        self.backup_dir = backup_dir
        self.ask_file: Callable[[QWidget, str], str | None] = ask_backup_file
        intro = QLabel(
            _(
                "Choose the backup to go back to. Everything changed since it was made is replaced; "
                "the data you have now is kept as a backup first, so this can be undone by "
                "restoring that one."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("restoreList")
        self.list.setAccessibleName(_("Backups, newest first"))
        for backup in backups:
            item = QListWidgetItem(describe_backup(backup, timezone))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if not backups:
            self.list.addItem(_("No backup yet. Use File › Back up now to make one."))
            self.list.setEnabled(False)
        self.other = QPushButton(_("&Other file…"))
        self.other.setAccessibleName(_("Restore another backup file"))
        self.other.clicked.connect(self._other_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore = self.buttons.addButton(_("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore.setAccessibleName(_("Restore the selected backup"))
        self.restore.setEnabled(False)
        self.buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(lambda *_a: self.restore.setEnabled(self.chosen() is not None))
        self.list.itemDoubleClicked.connect(lambda *_a: self.accept())
        self._file: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        if backups:
            self.list.setCurrentRow(0)

    def chosen(self) -> Path | None:
        """The backup file to restore."""
        if self._file:
            return Path(self._file)
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if value else None

    def _other_file(self) -> None:
        chosen = self.ask_file(self, str(self.backup_dir))
        if chosen:
            self._file = chosen
            self.accept()


class DamagedDialog(QDialog):
    """Says the database is damaged and offers the newest good backup; needs no open database.

    Shown at start-up when the portfolio cannot be opened, and after the integrity check found
    damage. ``chosen()`` is the backup to restore once accepted; the damaged file is kept aside.
    """

    def __init__(
        self,
        message: str,
        good: BackupInfo | None,
        backup_dir: Path,
        timezone: str = "Europe/Paris",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDialog")
        self.setWindowTitle(_("The database is damaged"))
        self.setAccessibleName(_("The database is damaged"))
        self.backup_dir = backup_dir
        self.good = good
        self.ask_file: Callable[[QWidget, str], str | None] = ask_backup_file
        self._file: str | None = None
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if good is not None:
            offer = _(
                "The newest good backup is from {backup}. Restoring it brings back your data as it was "
                "then; the damaged file is kept aside, renamed with today’s date, and never deleted.",
                backup=describe_backup(good, timezone),
            )
        else:
            offer = _("No good backup was found in {folder}. You can restore another backup file.", folder=backup_dir)
        self.offer = QLabel(offer)
        self.offer.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore = self.buttons.addButton(_("&Restore the newest good backup"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore.setAccessibleName(_("Restore the newest good backup"))
        self.restore.setEnabled(good is not None)
        self.restore.setDefault(good is not None)
        self.other = QPushButton(_("&Other file…"))
        self.other.setAccessibleName(_("Restore another backup file"))
        self.other.clicked.connect(self._other_file)
        self.buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.offer)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def chosen(self) -> Path | None:
        """The backup file to restore."""
        if self._file:
            return Path(self._file)
        return self.good.path if self.good is not None else None

    def _other_file(self) -> None:
        chosen = self.ask_file(self, str(self.backup_dir))
        if chosen:
            self._file = chosen
            self.accept()
