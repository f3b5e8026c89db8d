"""First-run welcome (language, profile, how to start)."""

from prm_desktop.ui.welcome.controller import CHOICE_LATER, WelcomeController
from prm_desktop.ui.welcome.view import CHOICE_CONTINUE, CHOICE_DEMO, CHOICE_EMPTY, CHOICE_IMPORT, WelcomeDialog

__all__ = [
    "CHOICE_CONTINUE",
    "CHOICE_DEMO",
    "CHOICE_EMPTY",
    "CHOICE_IMPORT",
    "CHOICE_LATER",
    "WelcomeController",
    "WelcomeDialog",
]
