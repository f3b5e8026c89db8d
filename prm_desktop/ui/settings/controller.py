"""Wiring of the settings dialog: load, validate inline, save, and say what applies after restart."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from prm_desktop.config import save_data_dir
from prm_desktop.domain.i18n import _
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.profile import (
    Profile,
    copy_portfolio,
    data_folder_warning,
    get_profile,
    save_profile,
)
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import (
    DEFAULT_BACKUP_KEEP,
    KEY_BACKUP_DAILY,
    KEY_BACKUP_KEEP,
    read_bool,
    read_int,
)
from prm_desktop.ui.settings.view import SettingsDialog

log = logging.getLogger(__name__)


def ask_folder(parent: QWidget, start: str) -> str | None:
    """Ask for a folder with the system dialog (tests replace this)."""
    chosen = QFileDialog.getExistingDirectory(parent, _("Choose the data folder"), start)
    return chosen or None


class SettingsController(QObject):
    """Loads the settings into the dialog and saves them on OK.

    Args:
        dialog: The dialog.
        ctx: The UI context (profile through ``ctx.app.uow``, preferences in ``ctx.settings``).
        explicit_folder: The app was started with ``--data-dir`` or ``PRM_DATA_DIR``.
    """

    #: Emitted after a successful save, with what the status bar should say.
    saved = Signal(str)
    #: Emitted when the save failed for another reason than a field (exception, traceback text).
    failed = Signal(object, str)

    def __init__(
        self, dialog: SettingsDialog, ctx: UiContext, explicit_folder: bool = False
    ) -> None:
        super().__init__(dialog)
        self.dialog, self.ctx = dialog, ctx
        self.explicit_folder = explicit_folder
        self.choose: Callable[[QWidget, str], str | None] = ask_folder
        self.profile = get_profile(ctx.app.uow)
        self.current_folder = ctx.app.paths.data_dir
        self._load()
        dialog.language.currentIndexChanged.connect(self._language_changed)
        dialog.choose_folder.clicked.connect(self.pick_folder)
        dialog.buttons.accepted.connect(self.accept)

    def _load(self) -> None:
        d = self.dialog
        d.language.setCurrentIndex(max(0, d.language.findData(self.profile.language or "")))
        d.profile.set_profile(self.profile)
        d.folder.setText(str(self.current_folder))
        d.folder_warning.setVisible(False)
        self._folder_note(self.current_folder)
        d.daily.setChecked(read_bool(self.ctx.settings, KEY_BACKUP_DAILY, True))
        d.keep.setValue(read_int(self.ctx.settings, KEY_BACKUP_KEEP, DEFAULT_BACKUP_KEEP))
        d.backup_folder.setText(_("Backups are kept in {path}.", path=self.ctx.app.paths.backup_dir))

    def _language_changed(self, _index: int) -> None:
        self.dialog.language_note.setVisible((self.dialog.language.currentData() or None) != self.profile.language)

    def _folder_note(self, folder: Path) -> None:
        notes = []
        if folder != self.current_folder:
            notes.append(_("PRM Desktop opens the portfolio in this folder from its next start."))
        if self.explicit_folder:
            notes.append(_("Started with --data-dir: this choice applies when PRM Desktop starts without it."))
        self.dialog.folder_note.setText(" ".join(notes))
        self.dialog.folder_note.setVisible(bool(notes))

    def pick_folder(self) -> None:
        """Ask for a new data folder and warn about cloud folders and network shares."""
        chosen = self.choose(self.dialog, self.dialog.folder.text())
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        """Show ``folder`` as the new data folder, with its warning if any."""
        d = self.dialog
        d.folder.setText(str(folder))
        warning = data_folder_warning(folder)
        d.folder_warning.setText("⚠ " + warning if warning else "")
        d.folder_warning.setVisible(bool(warning))
        has_portfolio = (folder / self.ctx.app.paths.database.name).exists()
        moving = folder != self.current_folder
        d.copy_portfolio.setVisible(moving and not has_portfolio)
        d.copy_portfolio.setChecked(moving and not has_portfolio)
        self._folder_note(folder)

    def accept(self) -> None:
        """Save through the write queue; on a profile error stay open with the message under the field."""
        d = self.dialog
        language = d.language.currentData() or None
        profile = replace(d.profile.profile(), language=language)
        folder = Path(d.folder.text())
        new_folder = folder if folder != self.current_folder else None
        copy = new_folder is not None and not d.copy_portfolio.isHidden() and d.copy_portfolio.isChecked()
        uow = self.ctx.app.uow

        def work(_progress: object) -> Profile:
            saved = save_profile(uow, profile)
            if new_folder is not None:
                save_data_dir(new_folder)  # the CLI and every hint open it too (prm_desktop.config)
            return saved

        d.buttons.setEnabled(False)  # one save at a time
        self.ctx.tasks.submit_write(
            _("Saving the settings"),
            work,
            on_done=lambda saved: self._saved(saved, new_folder, copy),
            on_error=self._save_failed,
        )

    def _saved(self, profile: Profile, new_folder: Path | None, copy: bool) -> None:
        d = self.dialog
        d.buttons.setEnabled(True)
        language_changed = profile.language != self.profile.language
        self.profile = profile
        d.profile.show_errors({})
        self.ctx.settings.setValue(KEY_BACKUP_DAILY, d.daily.isChecked())
        self.ctx.settings.setValue(KEY_BACKUP_KEEP, d.keep.value())
        self.ctx.settings.sync()
        messages = [_("Settings saved.")]
        if new_folder is not None:
            if copy:
                self._copy_to(new_folder)
            messages.append(_("The new data folder is used from the next start."))
        if language_changed:
            messages.append(_("The new language applies after a restart."))
        self.ctx.changed("profile")
        d.accept()
        self.saved.emit(" ".join(messages))

    def _save_failed(self, exc: BaseException, trace: str) -> None:
        d = self.dialog
        d.buttons.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            d.pages.setCurrentIndex(0)
            d.profile.show_errors(exc.by_field())
        else:
            log.error("Saving the settings failed:\n%s", trace)
            self.failed.emit(exc, trace)

    def _copy_to(self, folder: Path) -> None:
        db = self.ctx.app.db

        def work(_progress: object) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            return copy_portfolio(db, folder)

        self.ctx.tasks.run(
            _("Copying the portfolio"),
            work,
            on_done=lambda path: self.ctx.status(_("Portfolio copied to {path}.", path=path)),
        )
