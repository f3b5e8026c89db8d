"""Wiring of the first-run welcome: live language switch, profile saved, then how to start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from prm_desktop.domain.i18n import _, get_language, set_language
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.profile import get_profile, save_profile, validate_profile
from prm_desktop.ui.welcome.view import WelcomeDialog

log = logging.getLogger(__name__)

#: The welcome was closed without an answer: it comes back at next start.
CHOICE_LATER = "later"


class WelcomeController(QObject):
    """Runs the welcome dialog; ``done`` carries the choice (``CHOICE_*`` or ``CHOICE_LATER``)."""

    done = Signal(str)

    def __init__(self, dialog: WelcomeDialog, uow: Any, on_language: Callable[[str], None] | None = None,
                 writes: Any = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.uow = uow
        #: The task runner whose write queue saves the profile (None: at once, on this thread).
        self.writes = writes
        self.on_language = on_language
        self.choice: str | None = None
        dialog.form.set_profile(get_profile(uow))
        dialog.language_chosen.connect(self.change_language)
        dialog.chosen.connect(self.choose)
        dialog.rejected.connect(self._later)

    def change_language(self, lang: str) -> None:
        """Switch the app's language now and show the welcome in it."""
        set_language(lang)
        if self.on_language is not None:
            self.on_language(lang)
        self.dialog.retranslate()

    def choose(self, choice: str) -> None:
        """Save the profile (errors stay inline in the form), then close with ``choice``.

        The profile is checked here, then written through the write queue; the welcome closes once
        it is written.
        """
        profile = replace(self.dialog.form.profile(), language=get_language())
        try:
            validate_profile(profile)
        except ValidationErrors as errors:
            self.dialog.form.show_errors(errors.by_field())
            return
        self.dialog.form.show_errors({})
        if self.writes is None:
            save_profile(self.uow, profile, first_run_done=True)
            self._saved(choice)
            return
        uow = self.uow
        self.dialog.setEnabled(False)  # one answer: the choice waits for its write
        self.writes.submit_write(_("Saving your profile"), lambda _p: save_profile(uow, profile, first_run_done=True),
                                 on_done=lambda _r: self._saved(choice), on_error=self._save_failed)  # fmt: skip

    def _saved(self, choice: str) -> None:
        self.dialog.setEnabled(True)
        self.choice = choice
        self.dialog.accept()
        self.done.emit(choice)

    def _save_failed(self, exc: BaseException, trace: str) -> None:
        self.dialog.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            self.dialog.form.show_errors(exc.by_field())
            return
        log.error("Saving the profile failed: %s", trace)
        raise exc

    def _later(self) -> None:
        if self.choice is None:
            self.done.emit(CHOICE_LATER)
