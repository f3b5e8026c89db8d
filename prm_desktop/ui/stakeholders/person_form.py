"""The inline form of a person of the directory: name, business unit, role, e-mail, phone, manager.

Errors come back from the services (domain validation) and are shown under each field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.ui.partners.form_fields import FieldBox, line_edit

__all__ = ["PersonForm"]

FIELDS = ("name", "business_unit", "role", "email", "phone", "manager")


class PersonForm(QGroupBox):
    """Add or edit one person; ``submitted`` carries the raw input and the id (None: a new person)."""

    submitted = Signal(object, object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Person"), parent)
        self.editing_id: str | None = None
        self.edits = {
            "name": line_edit(_("Person name"), _("First and last name")),
            "business_unit": line_edit(_("Business unit"), _("e.g. Ventes Mid-Market")),
            "role": line_edit(_("Role"), _("e.g. Architecte solutions")),
            "email": line_edit(_("E-mail"), _("first.last@example.fr")),
            "phone": line_edit(_("Phone"), ""),
            "manager": line_edit(_("Manager"), _("Name of their manager")),
        }
        labels = {
            "name": _("Name"), "business_unit": _("Business unit"), "role": _("Role"),
            "email": _("E-mail"), "phone": _("Phone"), "manager": _("Manager"),
        }  # fmt: skip
        self.fields = {n: FieldBox(n, labels[n], self.edits[n], required=n == "name") for n in FIELDS}
        self.save_button = QPushButton(_("Save person"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for edit in self.edits.values():
            edit.returnPressed.connect(self.submit)
        grid = QGridLayout(self)
        for i, name in enumerate(FIELDS):
            grid.addWidget(self.fields[name], i // 2, i % 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        grid.addLayout(row, 3, 0, 1, 2)

    def start(self, data: StakeholderInput | None = None, stakeholder_id: str | None = None) -> None:
        """Fill the form (empty for a new person) and show it."""
        self.editing_id = stakeholder_id
        self.setTitle(_("Edit person") if stakeholder_id else _("New person"))
        data = data or StakeholderInput()
        for name in FIELDS:
            self.edits[name].setText(getattr(data, name) or "")
        self.clear_errors()
        self.show()
        self.edits["name"].setFocus()

    def value(self) -> StakeholderInput:
        """The raw input typed."""
        return StakeholderInput(**{name: self.edits[name].text() for name in FIELDS})

    def submit(self) -> None:
        """Ask for the save (the tab runs it)."""
        self.clear_errors()
        self.submitted.emit(self.value(), self.editing_id)

    def clear_errors(self) -> None:
        """Hide every field message."""
        for box in self.fields.values():
            box.set_error(None)

    def show_errors(self, errors: ValidationErrors) -> None:
        """Show each message under its field."""
        for name, message in errors.by_field().items():
            if name in self.fields:
                self.fields[name].set_error(message)
