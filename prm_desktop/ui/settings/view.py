"""The settings dialog: language, profile, data folder, backups (layout only)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.ui.profile_form import ProfileForm, error_label


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Give a dialog a comfortable size that still fits the screen (1366×768 at 150 %)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 40), min(height, available.height() - 60)
    dialog.resize(width, height)


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    """Two pages: "General" (language, profile) and "Data and backups"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self.setAccessibleName(_("Settings"))
        self.pages = QTabWidget()
        self.pages.setAccessibleName(_("Settings pages"))
        self.pages.addTab(_scrolling(self._general_page()), _("&General"))
        self.pages.addTab(_scrolling(self._data_page()), _("&Data and backups"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setAccessibleName(_("Save the settings"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 560)

    def _general_page(self) -> QWidget:
        page = QWidget()
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("Same as the system"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language_note = _note(_("A new language applies when PRM Desktop restarts."))
        self.language_note.setVisible(False)
        language_label = QLabel(_("&Language:"))
        language_label.setBuddy(self.language)
        row = QFormLayout()
        row.addRow(language_label, self.language)
        row.addRow("", self.language_note)
        self.profile = ProfileForm()
        box = QGroupBox(_("About you"))
        QVBoxLayout(box).addWidget(self.profile)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _data_page(self) -> QWidget:
        page = QWidget()
        self.folder = QLineEdit()
        self.folder.setObjectName("settingsFolder")
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(_("Data folder"))
        self.choose_folder = QPushButton(_("&Choose…"))
        self.choose_folder.setAccessibleName(_("Choose the data folder"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder)
        self.folder_warning = error_label()
        self.folder_warning.setObjectName("settingsFolderWarning")
        self.folder_note = _note()
        self.copy_portfolio = QCheckBox(_("Copy my current portfolio into the new folder"))
        self.copy_portfolio.setAccessibleName(_("Copy my current portfolio into the new folder"))
        self.copy_portfolio.setVisible(False)
        folder_box = QGroupBox(_("Data folder"))
        folder_layout = QVBoxLayout(folder_box)
        folder_layout.addWidget(
            _note(
                _(
                    "Where your portfolio (database, drafts, backups) is kept. "
                    "Keep it on this laptop so you can work offline."
                )
            )
        )
        folder_layout.addLayout(folder_row)
        folder_layout.addWidget(self.folder_warning)
        folder_layout.addWidget(self.copy_portfolio)
        folder_layout.addWidget(self.folder_note)
        self.daily = QCheckBox(_("Back up &automatically once a day"))
        self.daily.setAccessibleName(_("Back up automatically once a day"))
        self.keep = QSpinBox()
        self.keep.setRange(1, 100)
        self.keep.setAccessibleName(_("Number of backups kept"))
        keep_label = QLabel(_("&Backups kept:"))
        keep_label.setBuddy(self.keep)
        self.backup_folder = _note()
        backup_box = QGroupBox(_("Backups"))
        backup_form = QFormLayout(backup_box)
        backup_form.addRow(self.daily)
        backup_form.addRow(keep_label, self.keep)
        backup_form.addRow(self.backup_folder)
        layout = QVBoxLayout(page)
        layout.addWidget(folder_box)
        layout.addWidget(backup_box)
        layout.addStretch(1)
        return page
