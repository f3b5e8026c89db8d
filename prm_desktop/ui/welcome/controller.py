"""Wiring of the first-run welcome: live language switch, profile saved, then how to start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from prm_desktop.domain.i18n import get_language, set_language
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.profile import get_profile, save_profile
from prm_desktop.ui.welcome.view import WelcomeDialog

#: The welcome was closed without an answer: it comes back at next start.
CHOICE_LATER = "later"


class WelcomeController(QObject):
    """Runs the welcome dialog; ``done`` carries the choice (``CHOICE_*`` or ``CHOICE_LATER``)."""

    done = Signal(str)

    def __init__(self, dialog: WelcomeDialog, uow: Any, on_language: Callable[[str], None] | None = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.uow = uow
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
        """Save the profile (errors stay inline in the form), then close with ``choice``."""
        profile = replace(self.dialog.form.profile(), language=get_language())
        try:
            save_profile(self.uow, profile, first_run_done=True)
        except ValidationErrors as errors:
            self.dialog.form.show_errors(errors.by_field())
            return
        self.dialog.form.show_errors({})
        self.choice = choice
        self.dialog.accept()
        self.done.emit(choice)

    def _later(self) -> None:
        if self.choice is None:
            self.done.emit(CHOICE_LATER)
