"""The first-run welcome: language, who "I" am, and how to start."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.ui.form_scroll import FormScrollArea
from prm_desktop.ui.profile_form import ProfileForm

#: What the user chose to start with (``CHOICE_CONTINUE``: the portfolio already holds data).
CHOICE_DEMO, CHOICE_IMPORT, CHOICE_EMPTY, CHOICE_CONTINUE = "demo", "import", "empty", "continue"
LANGUAGES = (("fr", "Français"), ("en", "English"))


class WelcomeDialog(QDialog):
    """Asks the language and the profile, then offers demo data, an import or an empty start.

    Args:
        language: The language shown first.
        has_data: The portfolio already holds partners (e.g. filled by ``prm-desktop demo`` or an
            import): only the language and the profile are asked, then "Continue".
        parent: Parent widget.
    """

    #: The user picked a language ("fr" or "en").
    language_chosen = Signal(str)
    #: The user picked how to start (``CHOICE_*``).
    chosen = Signal(str)

    def __init__(self, language: str, has_data: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.has_data = has_data
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("welcomeLanguage")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        language_row = QFormLayout()
        language_row.addRow(self.language_label, self.language)
        self.form = ProfileForm()
        self.profile_box = QGroupBox()
        box_layout = QVBoxLayout(self.profile_box)
        box_layout.addWidget(self.form)
        self.start_label = QLabel()
        self.demo = QPushButton()
        self.demo.setObjectName("welcomeDemo")
        self.import_ = QPushButton()
        self.import_.setObjectName("welcomeImport")
        self.empty = QPushButton()
        self.empty.setObjectName("welcomeEmpty")
        self.demo.clicked.connect(lambda: self.chosen.emit(CHOICE_DEMO))
        self.import_.clicked.connect(lambda: self.chosen.emit(CHOICE_IMPORT))
        self.empty.clicked.connect(lambda: self.chosen.emit(CHOICE_EMPTY))
        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        # The questions scroll (and the dialog grows) so that a message never squeezes a field; the
        # ways to start stay in view below.
        questions = QWidget()
        questions_layout = QVBoxLayout(questions)
        questions_layout.setContentsMargins(0, 0, 0, 0)
        questions_layout.addWidget(self.title)
        questions_layout.addWidget(self.intro)
        questions_layout.addLayout(language_row)
        questions_layout.addWidget(self.profile_box)
        questions_layout.addStretch(1)
        self.questions = FormScrollArea(questions)
        self.continue_ = QPushButton()
        self.continue_.setObjectName("welcomeContinue")
        self.continue_.clicked.connect(lambda: self.chosen.emit(CHOICE_CONTINUE))
        layout = QVBoxLayout(self)
        layout.addWidget(self.questions, 1)
        layout.addWidget(self.start_label)
        layout.addWidget(self.demo)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.import_)
        layout.addWidget(self.empty)
        layout.addWidget(self.continue_)
        for widget in (self.start_label, self.demo, self.demo_hint, self.import_, self.empty):
            widget.setVisible(not has_data)
        self.continue_.setVisible(has_data)
        self.continue_.setDefault(has_data)
        self.demo.setDefault(not has_data)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (after a language change)."""
        self.setWindowTitle(_("Welcome to PRM Desktop"))
        self.setAccessibleName(_("Welcome"))
        self.title.setText(_("Welcome to PRM Desktop"))
        if self.has_data:
            self.intro.setText(
                _(
                    "This portfolio already holds partners. Tell the app who you are, then continue; "
                    "you can change the answers later in Edit › Settings."
                )
            )
        else:
            self.intro.setText(
                _("A few questions so the app knows who you are. You can change the answers later in Edit › Settings.")
            )
        self.language_label.setText(_("&Language:"))
        self.language.setAccessibleName(_("Language"))
        self.profile_box.setTitle(_("About you"))
        self.form.retranslate()
        self.start_label.setText("<b>" + _("How do you want to start?") + "</b>")
        self.demo.setText(_("Load a &demo portfolio"))
        self.demo.setAccessibleName(_("Load a demo portfolio"))
        self.import_.setText(_("&Import partners…"))
        self.import_.setAccessibleName(_("Import partners from a spreadsheet"))
        self.empty.setText(_("Start with an e&mpty portfolio"))
        self.empty.setAccessibleName(_("Start with an empty portfolio"))
        self.continue_.setText(_("&Continue"))
        self.continue_.setAccessibleName(_("Continue to the portfolio"))
        self.demo_hint.setText(
            _(
                "The demo portfolio holds fictitious partners, visits and people to try "
                "the app; remove it at any time with Edit › Undo."
            )
        )
