"""The report editor (compte rendu): the template's sections, a rating and action items.

Each section has an "internal only" box; every section is autosaved as a draft while typing. A new
action gets an owner (me by default) when it is added.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.domain.visit_rules import SECTION_LABELS, ActionInput, ReportSectionInput
from prm_desktop.services.visits import report as reports
from prm_desktop.services.visits.people import PeopleChoices
from prm_desktop.ui.autosave import Autosave
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.visits.action_form import OwnerCombo

__all__ = ["ReportEditor", "draft_key"]


def draft_key(visit_id: str, section: str) -> str:
    """Drafts-store key of one section of a visit's report."""
    return f"visit-report:{visit_id}:{section}"


class ReportEditor(QWidget):
    """Write a visit's report; ``saved`` after the report is stored (drafts are then discarded)."""

    saved = Signal()
    action_added = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: UiContext, visit_id: str, report: reports.Report, title: str = "",
                 me_member_id: str | None = None, parent: QWidget | None = None,
                 people: PeopleChoices | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.visit_id, self.me = ctx, visit_id, me_member_id
        self.setObjectName("reportEditor")
        self.setAccessibleName(_("Visit report"))
        self.setWindowTitle(_("Report: {visit}", visit=title) if title else _("Visit report"))
        self.editors: dict[str, QPlainTextEdit] = {}
        self.internal: dict[str, QCheckBox] = {}
        self.autosaves: list[Autosave] = []
        self.restored = False
        body = QWidget()
        form = QVBoxLayout(body)
        for section in report.sections:
            label = _(SECTION_LABELS[section.key]) if section.key in SECTION_LABELS else section.key
            head = QHBoxLayout()
            head.addWidget(QLabel(f"<b>{label}</b>"))
            head.addStretch(1)
            box = QCheckBox(_("Internal only"))
            box.setAccessibleName(_("{section}: internal only", section=label))
            box.setChecked(section.internal_only)
            head.addWidget(box)
            editor = QPlainTextEdit(section.body)
            editor.setAccessibleName(label)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(70)
            form.addLayout(head)
            form.addWidget(editor)
            self.editors[section.key], self.internal[section.key] = editor, box
            if ctx.drafts is not None:
                autosave = Autosave(editor, ctx.drafts, draft_key(visit_id, section.key), label=label)
                self.restored = autosave.restore() or self.restored
                self.autosaves.append(autosave)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.rating = QComboBox()
        self.rating.setAccessibleName(_("Outcome"))
        self.rating.addItem(_("Not rated"), None)
        for n in range(1, 6):
            self.rating.addItem("★" * n + "☆" * (5 - n) + f" ({n}/5)", n)
        self.rating.setCurrentIndex(max(0, self.rating.findData(report.outcome_rating)))
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        # A new action from this visit.
        self.action_title = QLineEdit()
        self.action_title.setPlaceholderText(_("New action…"))
        self.action_title.setAccessibleName(_("New action"))
        self.action_due = QDateEdit(QDate.currentDate().addDays(14))
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("dd/MM/yyyy")
        self.action_due.setAccessibleName(_("Due date"))
        self.action_internal = QCheckBox(_("Internal only"))
        # Who owns it: me by default, or a team member, an internal stakeholder, a partner contact.
        self.action_owner = OwnerCombo(people or PeopleChoices(), me_member_id)
        self.action_owner.set_owner("member" if me_member_id else None, me_member_id)
        add = QPushButton(_("Add action"))
        add.clicked.connect(self.add_action)
        # The description on a line of its own (it stays readable in a narrow window), then who and when.
        actions = QVBoxLayout()
        actions.addWidget(self.action_title)
        details = QHBoxLayout()
        for widget in (self.action_owner, self.action_due, self.action_internal, add):
            details.addWidget(widget)
        details.setStretch(0, 1)
        actions.addLayout(details)
        self.save_button = QPushButton(_("Save report"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        foot = QFormLayout()
        foot.addRow(_("Outcome"), self.rating)
        layout = QVBoxLayout(self)
        if self.restored:
            note = QLabel(_("Unsaved text from last time was restored."))
            note.setObjectName("restoredNote")
            layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addLayout(foot)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(self.save_button)

    def value(self) -> list[ReportSectionInput]:
        """The sections as typed."""
        return [ReportSectionInput(key, editor.toPlainText(), self.internal[key].isChecked())
                for key, editor in self.editors.items()]  # fmt: skip

    def save(self) -> None:
        """Store the report through the write queue; drafts are discarded once it is stored."""
        uow, visit_id, sections, rating = self.ctx.app.uow, self.visit_id, self.value(), self.rating.currentData()
        self.save_button.setEnabled(False)
        self.ctx.tasks.submit_write(_("Saving the report"),
                                    lambda _p: reports.save_report(uow, visit_id, sections, rating),
                                    on_done=self._saved, on_error=self._error)  # fmt: skip

    def _saved(self, _result: object) -> None:
        self.save_button.setEnabled(True)
        for autosave in self.autosaves:
            autosave.discard()
        self.error.hide()
        self.ctx.changed("visits")
        self.ctx.status(_("Report saved."))
        self.saved.emit()

    def _error(self, exc: BaseException, _trace: str) -> None:
        self.save_button.setEnabled(True)
        text = "\n".join(exc.by_field().values()) if isinstance(exc, ValidationErrors) else str(exc)
        self.error.setText(text)
        self.error.show()
        self.failed.emit(text)

    def add_action(self) -> None:
        """Add the action typed in the bottom row (owner: the one chosen, me by default)."""
        qd = self.action_due.date()
        kind, owner = self.action_owner.owner() or (None, None)
        data = ActionInput(title=self.action_title.text(), owner_member_id=owner if kind == "member" else None,
                           owner_contact_id=owner if kind == "contact" else None,
                           owner_stakeholder_id=owner if kind == "stakeholder" else None,
                           due_on=date(qd.year(), qd.month(), qd.day()),
                           internal_only=self.action_internal.isChecked())  # fmt: skip
        uow, visit_id = self.ctx.app.uow, self.visit_id
        self.ctx.tasks.submit_write(_("Adding the action"), lambda _p: reports.add_action(uow, data, visit_id),
                                    on_done=self._action_added, on_error=self._error)  # fmt: skip

    def _action_added(self, action_id: str) -> None:
        self.action_title.clear()
        self.error.hide()
        self.ctx.changed("visits")
        self.action_added.emit(action_id)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self.release_drafts()
        super().closeEvent(event)

    def release_drafts(self) -> None:
        """Write pending drafts and stop watching the editors (before the window goes away)."""
        for autosave in self.autosaves:
            autosave.flush()
            autosave.editor.removeEventFilter(autosave)
            autosave.editor.textChanged.disconnect(autosave._changed)
        self.autosaves = []
