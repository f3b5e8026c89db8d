"""The visit form: a panel (shown in a non-modal window) whose logic lives outside any ``exec()``.

Fields: kind, start (in the visit's zone), duration, place, objective, agenda, attendees (checked:
the partners' contacts, internal stakeholders and team members, under a heading each); the partners
come from where the visit was planned. Errors show under the field they concern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.domain.visit_rules import KIND_LABELS, VisitInput
from prm_desktop.services.visits import editing
from prm_desktop.ui.context import UiContext

__all__ = ["ATTENDEE_CONTACT", "ATTENDEE_MEMBER", "ATTENDEE_STAKEHOLDER", "VisitForm"]

ATTENDEE_CONTACT, ATTENDEE_STAKEHOLDER, ATTENDEE_MEMBER = "contact", "stakeholder", "member"


class VisitForm(QWidget):
    """Edit or plan one visit; ``saved(visit_id)`` after a successful write."""

    saved = Signal(str)
    failed = Signal()

    def __init__(self, ctx: UiContext, data: VisitInput, visit_id: str | None = None,
                 partner_names: str = "", parent: QWidget | None = None,
                 contacts: Sequence[tuple[str, str]] | None = None,
                 stakeholders: Sequence[tuple[str, str]] | None = None,
                 members: Sequence[tuple[str, str]] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.data, self.visit_id = ctx, data, visit_id
        self.setObjectName("visitForm")
        self.setAccessibleName(_("Visit"))
        self.setWindowTitle(_("Visit with {partners}", partners=partner_names) if partner_names else _("Visit"))
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.partners = QLabel(partner_names)
        self.partners.setWordWrap(True)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(_(label), str(kind))
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(data.kind))))
        self.start = QDateTimeEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd/MM/yyyy HH:mm")
        zone = ZoneInfo(data.timezone)
        local = (data.starts_at or datetime.now(zone)).astimezone(zone)
        self.start.setDateTime(QDateTime(local.date(), local.time().replace(tzinfo=None)))
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" " + _("min"))
        self.duration.setValue(int(data.duration_minutes))
        self.place = QLineEdit(data.place)
        self.objective = QLineEdit(data.objective)
        self.agenda = QPlainTextEdit(data.agenda)
        self.agenda.setTabChangesFocus(True)
        self.agenda.setMaximumHeight(90)
        # Who may attend (checked: attending), under a heading per kind of person.
        self.attendees = QListWidget()
        self.attendees.setMinimumHeight(110)
        groups = ((ATTENDEE_CONTACT, _("Partner contacts"), contacts, data.contact_ids),
                  (ATTENDEE_STAKEHOLDER, _("Internal stakeholders"), stakeholders, data.stakeholder_ids),
                  (ATTENDEE_MEMBER, _("Team members"), members, data.member_ids))  # fmt: skip
        for kind, heading, choices, chosen in groups:
            known = dict(choices or [])
            for person_id in chosen:
                known.setdefault(person_id, person_id)
            if not known:
                continue
            head = QListWidgetItem(heading)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, neither selectable nor checkable
            head.setData(Qt.ItemDataRole.UserRole, ("", ""))  # not None: PySide6 6.12 mishandles None data
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.attendees.addItem(head)
            for person_id, name in known.items():
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, (kind, person_id))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = person_id in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.attendees.addItem(item)
        rows: list[tuple[str, str, QWidget]] = [
            ("partners", _("Partners"), self.partners), ("kind", _("Kind"), self.kind),
            ("starts_at", _("Start"), self.start), ("duration_minutes", _("Duration"), self.duration),
            ("place", _("Place"), self.place), ("objective", _("Objective"), self.objective),
            ("agenda", _("Agenda"), self.agenda), ("attendees", _("Attendees"), self.attendees),
        ]  # fmt: skip
        for name, label, widget in rows:
            widget.setAccessibleName(label)
            error = QLabel("")
            error.setObjectName(f"error_{name}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(error)
            holder = QWidget()
            holder.setLayout(box)
            form.addRow(label, holder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def attendee_ids(self, kind: str = ATTENDEE_CONTACT) -> list[str]:
        """People of one kind (contact, stakeholder, member) checked as attending."""
        items = [self.attendees.item(i) for i in range(self.attendees.count())]
        keys = [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]
        return [person_id for item_kind, person_id in keys if item_kind == kind]

    def attendee_item(self, person_id: str) -> QListWidgetItem | None:
        """The line of a person in the attendees list (None when not listed)."""
        for i in range(self.attendees.count()):
            key = self.attendees.item(i).data(Qt.ItemDataRole.UserRole)
            if key[1] == person_id:
                return self.attendees.item(i)
        return None

    def value(self) -> VisitInput:
        """The visit as typed."""
        zone = ZoneInfo(self.data.timezone)
        qt = self.start.dateTime()
        start = datetime(qt.date().year(), qt.date().month(), qt.date().day(), qt.time().hour(), qt.time().minute(),
                         tzinfo=zone)  # fmt: skip
        return VisitInput(list(self.data.partner_ids), self.kind.currentData(), start, self.data.timezone,
                          self.duration.value(), self.place.text(), self.objective.text(),
                          self.agenda.toPlainText(), self.attendee_ids(), self.attendee_ids(ATTENDEE_STAKEHOLDER),
                          self.attendee_ids(ATTENDEE_MEMBER), self.data.owner_id)  # fmt: skip

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (others are cleared)."""
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)

    def submit(self) -> None:
        """Save through the write queue; errors come back inline."""
        data, uow, visit_id = self.value(), self.ctx.app.uow, self.visit_id
        work: Callable[[object], str]
        if visit_id is None:
            work = lambda _p: editing.create_visit(uow, data)  # noqa: E731
        else:
            work = lambda _p: (editing.update_visit(uow, visit_id, data), visit_id)[1]  # noqa: E731
        self.buttons.setEnabled(False)
        self.ctx.tasks.submit_write(_("Saving the visit"), work, on_done=self._done, on_error=self._error)

    def _done(self, visit_id: str) -> None:
        self.buttons.setEnabled(True)
        self.visit_id = visit_id
        self.show_errors({})
        self.ctx.changed("visits")
        self.ctx.status(_("Visit saved."))
        self.saved.emit(visit_id)

    def _error(self, exc: BaseException, trace: str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            self.show_errors(exc.by_field())
            self.failed.emit()
            return
        self.show_errors({"partners": str(exc)})
        self.failed.emit()
