"""Edit an action item: what is to be done, who owns it, by when, internal only.

The owner is me, another team member, an internal stakeholder or one of the partner's contacts (or
nobody). The form is a panel shown in a non-modal window; its save goes through the write queue and
errors come back under their field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.domain.visit_rules import ActionInput
from prm_desktop.services.visits import report
from prm_desktop.services.visits.people import PeopleChoices
from prm_desktop.ui.context import UiContext

__all__ = ["NOBODY", "ActionForm", "OwnerCombo"]

#: The data of the "Nobody yet" item and of headings.
NOBODY = ""


class OwnerCombo(QComboBox):
    """Who owns an action: nobody, me, the team, internal stakeholders, the partner's contacts.

    Items carry ``(kind, id)`` (kind: member, stakeholder, contact) or ``NOBODY``; headings are not
    selectable. No item holds None: PySide6 6.12 drops a reference to None each time it hands one back
    from a QVariant, and enough of them crash the interpreter.
    """

    def __init__(self, people: PeopleChoices, me: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Owner"))
        self.addItem(_("Nobody yet"), NOBODY)
        names = dict(people.members)
        if me:
            self.addItem(_("Me ({name})", name=names.get(me, "")) if names.get(me) else _("Me"), ("member", me))
        groups = (("member", _("Team members"), [(i, n) for i, n in people.members if i != me]),
                  ("stakeholder", _("Internal stakeholders"), list(people.stakeholders)),
                  ("contact", _("Partner contacts"), list(people.contacts)))  # fmt: skip
        for kind, heading, choices in groups:
            if not choices:
                continue
            self.insertSeparator(self.count())
            self.addItem(heading, NOBODY)
            model = self.model()
            if isinstance(model, QStandardItemModel):
                head = model.item(self.count() - 1)
                head.setEnabled(False)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
            for person_id, name in choices:
                self.addItem("   " + name, (kind, person_id))

    def owner(self) -> tuple[str, str] | None:
        """``(kind, id)`` of the owner chosen, or None."""
        data = self.itemData(self.currentIndex()) if self.currentIndex() >= 0 else NOBODY
        return tuple(data) if isinstance(data, (tuple, list)) else None  # type: ignore[return-value]

    def set_owner(self, kind: str | None, person_id: str | None) -> None:
        """Select an owner (added as an item when it is not offered, e.g. someone who left)."""
        if not kind or not person_id:
            self.setCurrentIndex(0)
            return
        for i in range(self.count()):
            data = self.itemData(i)
            if isinstance(data, (tuple, list)) and tuple(data) == (kind, person_id):
                self.setCurrentIndex(i)
                return
        self.addItem(person_id, (kind, person_id))
        self.setCurrentIndex(self.count() - 1)


def _owner_of(data: ActionInput) -> tuple[str | None, str | None]:
    if data.owner_member_id:
        return "member", data.owner_member_id
    if data.owner_stakeholder_id:
        return "stakeholder", data.owner_stakeholder_id
    if data.owner_contact_id:
        return "contact", data.owner_contact_id
    return None, None


class ActionForm(QWidget):
    """Edit one action item (``action_id`` None: a new one); ``saved(action_id)`` once written."""

    saved = Signal(str)
    failed = Signal()

    def __init__(self, ctx: UiContext, data: ActionInput, people: PeopleChoices, me: str | None,
                 action_id: str | None = None, visit_id: str | None = None,
                 parent: QWidget | None = None, note_id: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.data, self.action_id, self.visit_id = ctx, data, action_id, visit_id
        self.note_id = note_id  # a new action from a note
        self.setObjectName("actionForm")
        self.setWindowTitle(_("Action"))
        self.setAccessibleName(_("Action"))
        self.title = QLineEdit(data.title)
        self.title.setAccessibleName(_("Action"))
        self.owner = OwnerCombo(people, me)
        self.owner.set_owner(*_owner_of(data))
        self.due = QDateEdit(QDate(data.due_on) if data.due_on else QDate.currentDate().addDays(14))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setAccessibleName(_("Due date"))
        self.no_due = QCheckBox(_("No due date"))
        self.no_due.toggled.connect(lambda on: self.due.setEnabled(not on))
        self.no_due.setChecked(data.due_on is None)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        self.internal = QCheckBox(_("Internal only"))
        self.internal.setToolTip(_("Never sent to the partner"))
        self.internal.setChecked(data.internal_only)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        due_holder = QWidget()
        due_holder.setLayout(due_row)
        due_row.setContentsMargins(0, 0, 0, 0)
        rows: list[tuple[str, str, QWidget]] = [
            ("title", _("Action"), self.title), ("owner", _("Owner"), self.owner),
            ("due_on", _("Due date"), due_holder), ("internal_only", "", self.internal)]  # fmt: skip
        for name, label, field in rows:
            error = QLabel("")
            error.setObjectName(f"error_{name}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(field)
            box.addWidget(error)
            form.addRow(label, box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def value(self) -> ActionInput:
        """The action as typed."""
        owner = self.owner.owner() or (None, None)
        ids = {kind: owner[1] if owner[0] == kind else None for kind in ("member", "contact", "stakeholder")}
        qd = self.due.date()
        due = None if self.no_due.isChecked() else date(qd.year(), qd.month(), qd.day())
        return ActionInput(self.title.text(), ids["member"], ids["contact"], ids["stakeholder"], due,
                           self.internal.isChecked(), self.data.partner_id)  # fmt: skip

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (others are cleared)."""
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)

    def submit(self) -> None:
        """Save through the write queue; errors come back inline."""
        data, uow, action_id, visit_id, note_id = self.value(), self.ctx.app.uow, self.action_id, self.visit_id, \
            self.note_id  # fmt: skip

        def work(_p: Any) -> str:
            if action_id is None:
                return report.add_action(uow, data, visit_id, note_id=note_id)
            report.update_action(uow, action_id, data)
            return action_id

        self.buttons.setEnabled(False)
        self.ctx.tasks.submit_write(_("Saving the action"), work, on_done=self._done, on_error=self._error)

    def _done(self, action_id: str) -> None:
        self.buttons.setEnabled(True)
        self.action_id = action_id
        self.show_errors({})
        self.ctx.changed("visits")
        self.ctx.status(_("Action saved."))
        self.saved.emit(action_id)

    def _error(self, exc: BaseException, _trace: str) -> None:
        self.buttons.setEnabled(True)
        self.show_errors(exc.by_field() if isinstance(exc, ValidationErrors) else {"title": str(exc)})
        self.failed.emit()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Esc closes the window."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
