"""The settings dialog (language, profile, data folder, backups)."""

from prm_desktop.ui.settings.controller import SettingsController
from prm_desktop.ui.settings.view import SettingsDialog

__all__ = ["SettingsController", "SettingsDialog"]
