"""The Contacts tab of the partner editor: the list, Add / Edit / Remove / Make primary, and a form.

Each change is written through the contact services (its own unit of work, so Edit › Undo reverts
it); given the task runner's write queue, off the GUI thread, in turn with the other GUI writes. The
form is inline (no dialog); its errors are shown under each field (checked before the write).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import ContactInput, validate_contact
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.contacts import (
    ContactNotFoundError,
    add_contact,
    list_contacts,
    remove_contact,
    set_primary_contact,
    update_contact,
)
from prm_desktop.ui.partners.confirm import ConfirmFn
from prm_desktop.ui.partners.contacts_model import ContactsTableModel
from prm_desktop.ui.partners.form_fields import ERROR_STYLE, FieldBox, date_text, line_edit

__all__ = ["ContactsPanel"]

log = logging.getLogger(__name__)




class ContactsPanel(QWidget):
    """A partner's contacts with their editing form.

    Args:
        uow: The unit-of-work factory.
        confirm: Asks a yes/no question (title, text) — replaced in tests.
        writes: The task runner whose write queue runs the writes (None: at once, on this thread).
    """

    #: Emitted after a contact was written.
    changed = Signal()

    def __init__(self, uow: Any, confirm: ConfirmFn, writes: Any = None) -> None:
        super().__init__()
        self._uow = uow
        self._writes = writes
        self._confirm = confirm
        self._partner_id: str | None = None
        self._editing_id: str | None = None
        self.model = ContactsTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Contacts of the partner"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        # The table takes the room left by the form (a few rows at least), not its own wish: on a short
        # screen the contact being edited stays in view and the page scrolls only when even that fails.
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 6)
        for column, width in enumerate((150, 150, 200, 120, 90, 110)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.add_button = QPushButton(_("Add contact"))
        self.edit_button = QPushButton(_("Edit"))
        self.remove_button = QPushButton(_("Remove"))
        self.primary_button = QPushButton(_("Make primary"))
        for button, slot, name in ((self.add_button, self.start_add, _("Add a contact")),
                                   (self.edit_button, self.edit_selected, _("Edit the selected contact")),
                                   (self.remove_button, self.remove_selected, _("Remove the selected contact")),
                                   (self.primary_button, self.make_primary,
                                    _("Make the selected contact the primary contact"))):  # fmt: skip
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.form = self._build_form()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.primary_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.form)
        self.form.hide()
        self._update_buttons()

    def _build_form(self) -> QGroupBox:
        box = QGroupBox(_("Contact"))
        self.c_edits = {
            "name": line_edit(_("Contact name"), _("First and last name")),
            "role": line_edit(_("Role"), _("e.g. Directeur technique")),
            "email": line_edit(_("Contact e-mail"), _("first.last@example.fr")),
            "phone": line_edit(_("Contact phone"), ""),
            "left_on": line_edit(_("Left on"), _("dd/mm/yyyy")),
        }
        self.primary_check = QCheckBox(_("Primary contact"))
        self.c_fields = {
            "name": FieldBox("name", _("Name"), self.c_edits["name"], required=True),
            "role": FieldBox("role", _("Role"), self.c_edits["role"]),
            "email": FieldBox("email", _("E-mail"), self.c_edits["email"]),
            "phone": FieldBox("phone", _("Phone"), self.c_edits["phone"]),
            "left_on": FieldBox("left_on", _("Left on"), self.c_edits["left_on"],
                                hint=_("The day this person left the partner (no longer accredited).")),
            "is_primary": FieldBox("is_primary", _("Primary"), self.primary_check),
        }
        self.save_contact_button = QPushButton(_("Save contact"))
        self.save_contact_button.setDefault(True)
        self.save_contact_button.clicked.connect(self.save_form)
        self.cancel_contact_button = QPushButton(_("Cancel"))
        self.cancel_contact_button.clicked.connect(self.close_form)
        for edit in self.c_edits.values():
            edit.returnPressed.connect(self.save_form)
        grid = QGridLayout(box)
        for i, name in enumerate(("name", "role", "email", "phone", "left_on", "is_primary")):
            grid.addWidget(self.c_fields[name], i // 2, i % 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_contact_button)
        row.addWidget(self.save_contact_button)
        grid.addLayout(row, 3, 0, 1, 2)
        return box

    # --- public --------------------------------------------------------------------------------

    def set_partner(self, partner_id: str | None, contacts: list[Any] | None = None) -> None:
        """Show the contacts of a saved partner (None: a new partner, which has none yet)."""
        self._partner_id = partner_id
        self.close_form()
        self.model.set_contacts(contacts if contacts is not None else self._load())
        self._set_message("" if partner_id else _("Save the partner first, then add its contacts."), error=False)
        self._update_buttons()

    def count(self) -> int:
        """Number of contacts shown."""
        return self.model.rowCount()

    def start_add(self) -> None:
        """Open the form for a new contact."""
        if not self._partner_id:
            return
        self._editing_id = None
        self._fill(ContactInput(is_primary=self.model.rowCount() == 0))
        self.form.setTitle(_("New contact"))
        self.form.show()
        self.c_edits["name"].setFocus()

    def edit_selected(self) -> None:
        """Open the form on the selected contact."""
        item = self._selected()
        if item is None:
            return
        self._editing_id = item.id
        self._fill(ContactInput(item.name, item.role, item.email, item.phone, item.is_primary, item.left_on))
        self.form.setTitle(_("Edit contact {name}", name=item.name))
        self.form.show()
        self.c_edits["name"].setFocus()

    def save_form(self) -> bool:
        """Write the form (add or update); errors stay under their fields.

        Returns:
            True when saved (with a write queue: submitted; the form closes once it is written).
        """
        if not self._partner_id:
            return False
        data = ContactInput(
            name=self.c_edits["name"].text().strip(), role=self.c_edits["role"].text().strip() or None,
            email=self.c_edits["email"].text().strip() or None, phone=self.c_edits["phone"].text().strip() or None,
            is_primary=self.primary_check.isChecked(), left_on=self.c_edits["left_on"].text().strip() or None,
        )  # fmt: skip
        try:
            validate_contact(data)
        except ValidationErrors as exc:
            self._show_form_errors(exc.by_field())
            return False
        uow, partner_id, editing_id = self._uow, self._partner_id, self._editing_id

        def work() -> Any:
            if editing_id:
                return update_contact(uow, editing_id, data)
            return add_contact(uow, partner_id, data)

        def done(saved: Any) -> None:
            if self._partner_id == partner_id and self._editing_id == editing_id:
                self.close_form()
            self._reload(select_id=saved.id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationErrors):
                self._show_form_errors(exc.by_field())
            else:
                self._set_message(str(exc))

        return self._write(_("Saving contact {name}", name=data.name), work, done, failed)

    def close_form(self) -> None:
        """Hide the form without saving."""
        self._editing_id = None
        self._show_form_errors({})
        self.form.hide()

    def remove_selected(self) -> None:
        """Remove the selected contact after confirmation (Edit › Undo brings it back)."""
        item = self._selected()
        if item is None or not self._confirm(
            _("Remove contact"), _("Remove {name} from this partner's contacts?", name=item.name)
        ):
            return
        uow = self._uow

        def failed(exc: BaseException) -> None:
            self._set_message(str(exc))
            self._reload()

        self._write(_("Removing contact {name}", name=item.name), lambda: remove_contact(uow, item.id),
                    lambda _r: self._reload(), failed)  # fmt: skip

    def make_primary(self) -> None:
        """Make the selected contact the primary one."""
        item = self._selected()
        if item is None:
            return
        uow = self._uow

        def failed(exc: BaseException) -> None:
            self._set_message(next(iter(exc.by_field().values())) if isinstance(exc, ValidationErrors) else str(exc))

        self._write(_("Making {name} the primary contact", name=item.name), lambda: set_primary_contact(uow, item.id),
                    lambda _r: self._reload(select_id=item.id), failed)  # fmt: skip

    # --- internals -----------------------------------------------------------------------------

    def _write(self, label: str, work: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> bool:
        """Run a contact write on the write queue (or at once without one); True unless it failed at once.

        The outcome is shown only while the same partner is shown.
        """
        if self._writes is None:
            try:
                result = work()
            except (ValidationErrors, ContactNotFoundError) as exc:
                failed(exc)
                return False
            done(result)
            return True
        partner_id = self._partner_id

        def shown(callback: Callable[[Any], None]) -> Callable[..., None]:
            return lambda value, *_rest: callback(value) if self._partner_id == partner_id else None

        def on_error(exc: BaseException, trace: str) -> None:
            if not isinstance(exc, (ValidationErrors, ContactNotFoundError)):
                log.error("Contact write failed: %s", trace)
            shown(failed)(exc)

        self._writes.submit_write(label, lambda _p: work(), on_done=shown(done), on_error=on_error)
        return True

    def _load(self) -> list[Any]:
        return list_contacts(self._uow, self._partner_id) if self._partner_id else []

    def _reload(self, select_id: str | None = None) -> None:
        self.model.set_contacts(self._load())
        if select_id and (row := self.model.row_of(select_id)) is not None:
            self.table.selectRow(row)
        self._set_message("")
        self._update_buttons()
        self.changed.emit()

    def _selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.contact(rows[0].row()) if rows else None

    def _fill(self, data: ContactInput) -> None:
        for name in ("name", "role", "email", "phone"):
            self.c_edits[name].setText(getattr(data, name) or "")
        left = data.left_on
        self.c_edits["left_on"].setText(left if isinstance(left, str) else date_text(left))
        self.primary_check.setChecked(bool(data.is_primary))
        self._show_form_errors({})

    def _show_form_errors(self, errors: dict[str, str]) -> None:
        for name, field in self.c_fields.items():
            field.set_error(errors.get(name))

    def _set_message(self, text: str, error: bool = True) -> None:
        self.message.setText(("⚠ " + text) if text and error else text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    def _update_buttons(self) -> None:
        has_partner = self._partner_id is not None
        selected = self._selected() is not None
        self.add_button.setEnabled(has_partner)
        for button in (self.edit_button, self.remove_button, self.primary_button):
            button.setEnabled(has_partner and selected)
        self.table.setEnabled(has_partner)

