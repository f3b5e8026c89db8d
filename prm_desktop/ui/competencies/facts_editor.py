"""Editors of a partner's facts on the Competencies tab: certifications, references, revenue lines, targets.

Each editor is a table and a form under it. Selecting a row fills the form ("Save changes" writes it,
"Delete" removes the row); "New" empties the form for "Add". Writes go through the task runner's
serial write queue, each one service call (one unit of work: Edit › Undo offers it). The service
validates (dates ISO or dd/mm/yyyy, amounts in the interface language); its messages appear next
to their fields. After a write the panel reloads the partner's standing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import MOTION_LABELS
from prm_desktop.domain.program import MOTIONS
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services import standing_facts as facts
from prm_desktop.ui.competencies.tables import CertificationsTableModel, ReferencesTableModel
from prm_desktop.ui.competencies.tables_facts import RevenueLinesTableModel, TargetsTableModel, amount_text
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.form_fields import ERROR_STYLE, FieldBox, date_text, line_edit
from prm_desktop.ui.tables import RowTableModel, make_table, source_row

__all__ = ["CertificationsEditor", "FactsEditor", "ReferencesEditor", "RevenueEditor", "TargetsEditor"]

_DATE_HINT = N_("dd/mm/yyyy or yyyy-mm-dd")


def _combo(name: str, items: list[tuple[str, str]], empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    if empty is not None:
        combo.addItem(empty, "")
    for key, label in items:
        combo.addItem(label, key)
    return combo


def _set_combo(combo: QComboBox, items: list[tuple[str, str]], empty: str | None = None) -> None:
    current = combo.currentData()
    combo.clear()
    if empty is not None:
        combo.addItem(empty, "")
    for key, label in items:
        combo.addItem(label, key)
    _select(combo, current)


def _select(combo: QComboBox, key: Any) -> None:
    index = combo.findData(key)
    combo.setCurrentIndex(max(index, 0))


class FactsEditor(QWidget):
    """A table of one kind of fact and a form to add, change or delete one (subclasses set the fields)."""

    written = Signal(str)  # data_changed topic, after a successful write
    TOPIC: ClassVar[str] = "*"
    TITLE: ClassVar[str] = ""
    #: Initial widths of the table's columns.
    WIDTHS: ClassVar[tuple[int, ...]] = ()

    def __init__(self, ctx: UiContext, model: RowTableModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner_id: str | None = None
        self.editing: str | None = None
        self.model = model
        self.table: QTableView = make_table(model, _(self.TITLE), self)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)
        for column, width in enumerate(self.WIDTHS):
            self.table.setColumnWidth(column, width)
        self.boxes: dict[str, FieldBox] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.add_button = QPushButton(_("Add"))
        self.save_button = QPushButton(_("Save changes"))
        self.delete_button = QPushButton(_("Delete"))
        self.new_button = QPushButton(_("New"))
        self.new_button.setToolTip(_("Empty the form to add another"))
        self.add_button.clicked.connect(lambda: self.submit(update=False))
        self.save_button.clicked.connect(lambda: self.submit(update=True))
        self.delete_button.clicked.connect(self.delete_selected)
        self.new_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.delete_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.build()
        self.clear()

    # --- to define ---------------------------------------------------------------------------------

    def build(self) -> None:
        """Create the field boxes (with `add_field`)."""

    def collect(self) -> Any:
        """The form's values as the service's input."""
        raise NotImplementedError

    def fill(self, item: Any) -> None:
        """Show a row in the form."""

    def blank(self) -> None:
        """Empty the form's fields."""

    def service(self, update: bool) -> Callable[..., Any]:
        """The service writing the form: ``add(uow, partner_id, data)`` or ``update(uow, id, data)``."""
        raise NotImplementedError

    def remover(self) -> Callable[..., Any]:
        """The service deleting a row: ``delete(uow, id)``."""
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget, column: int, required: bool = False,
                  hint: str = "", row: int = 0) -> FieldBox:
        """Place a field (label, widget, message under it) in the form's grid."""
        box = FieldBox(name, label, widget, required=required, hint=hint)
        self.boxes[name] = box
        self.grid.addWidget(box, row, column)
        self.grid.setColumnStretch(column, 1)
        return box

    def set_partner(self, partner_id: str | None, rows: list[Any]) -> None:
        """Show another partner's rows (the form is emptied when the partner changes)."""
        if partner_id != self.partner_id:
            self.partner_id = partner_id
            self.clear()
        self.model.set_rows(rows)

    def clear(self) -> None:
        """Empty the form (ready for Add) and its messages."""
        self.editing = None
        self.table.clearSelection()
        self.blank()
        self.show_errors({})
        self._buttons()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message next to its field; a message for no field goes under the form."""
        for name, box in self.boxes.items():
            box.set_error(errors.get(name))
        rest = [text for name, text in errors.items() if name not in self.boxes]
        self.message.setText("\n".join("⚠ " + text for text in rest))

    def error_of(self, name: str) -> str:
        """The message shown next to a field ("" when none)."""
        return self.boxes[name].error_text()

    def _buttons(self) -> None:
        editing = self.editing is not None
        self.save_button.setEnabled(editing)
        self.delete_button.setEnabled(editing)
        self.add_button.setEnabled(self.partner_id is not None)

    def _row_selected(self, *_args: Any) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = source_row(self.table, rows[0].row()) if rows else None
        if item is None:
            return
        self.editing = item.id
        self.show_errors({})
        self.fill(item)
        self._buttons()

    def submit(self, update: bool) -> bool:
        """Queue the write of the form (Add, or Save changes of the selected row); False when nothing is."""
        if self.partner_id is None or (update and self.editing is None):
            return False
        data = self.collect()
        uow, key = self.ctx.app.uow, (self.editing if update else self.partner_id)
        write = self.service(update)
        self.show_errors({})
        self.ctx.tasks.submit_write(_(self.TITLE), lambda _p: write(uow, key, data),
                                    on_done=lambda _r: self._done(), on_error=self._failed)
        return True

    def delete_selected(self) -> bool:
        """Queue the deletion of the selected row; False when none is selected."""
        if self.editing is None:
            return False
        uow, row_id, remove = self.ctx.app.uow, self.editing, self.remover()
        self.ctx.tasks.submit_write(_(self.TITLE), lambda _p: remove(uow, row_id),
                                    on_done=lambda _r: self._done(), on_error=self._failed)
        return True

    def _done(self) -> None:
        self.clear()
        self.written.emit(self.TOPIC)

    def _failed(self, exc: BaseException, _trace: str) -> None:
        if isinstance(exc, ValidationErrors):
            self.show_errors(exc.by_field())
        else:
            self.show_errors({"": str(exc)})


class CertificationsEditor(FactsEditor):
    """The partner's certifications: contact, code of the program's catalogue, obtained and expiry dates."""

    TOPIC = "certifications"
    TITLE = N_("Certifications of the partner")
    WIDTHS = (170, 130, 110, 110)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, CertificationsTableModel(), parent)

    def build(self) -> None:
        self.contact = _combo(_("Contact"), [])
        self.code = _combo(_("Certification"), [])
        self.obtained = line_edit(_("Obtained on"), _(_DATE_HINT), 20)
        self.expires = line_edit(_("Expires on"), _("empty: never"), 20)
        self.add_field("contact_id", _("Contact"), self.contact, 0, required=True)
        self.add_field("code", _("Certification"), self.code, 1, required=True)
        self.add_field("obtained_on", _("Obtained on"), self.obtained, 2, required=True, hint=_(_DATE_HINT))
        self.add_field("expires_on", _("Expires on"), self.expires, 3, hint=_(_DATE_HINT))

    def set_choices(self, contacts: list[tuple[str, str]], codes: list[str]) -> None:
        """The partner's present contacts and the program's certification codes."""
        _set_combo(self.contact, contacts)
        _set_combo(self.code, [(c, c) for c in codes])

    def collect(self) -> facts.CertificationInput:
        return facts.CertificationInput(self.contact.currentData(), self.code.currentData(),
                                        self.obtained.text(), self.expires.text())

    def fill(self, item: Any) -> None:
        _select(self.contact, item.contact_id)
        _select(self.code, item.code)
        self.obtained.setText(date_text(item.obtained))
        self.expires.setText(date_text(item.expires))

    def blank(self) -> None:
        self.obtained.clear()
        self.expires.clear()

    def service(self, update: bool) -> Callable[..., Any]:
        return facts.update_certification if update else facts.add_certification

    def remover(self) -> Callable[..., Any]:
        return facts.delete_certification


class ReferencesEditor(FactsEditor):
    """The partner's customer references: customer, competency, validated, date."""

    TOPIC = "references"
    TITLE = N_("References of the partner")
    WIDTHS = (170, 220, 110)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, ReferencesTableModel(), parent)

    def build(self) -> None:
        self.customer = line_edit(_("Customer"), max_length=300)
        self.competency = _combo(_("Competency"), [])
        self.validated = QCheckBox(_("Validated by the vendor"))
        self.on = line_edit(_("Date"), _(_DATE_HINT), 20)
        self.add_field("customer", _("Customer"), self.customer, 0, required=True)
        self.add_field("competency_id", _("Competency"), self.competency, 1, required=True)
        self.add_field("ref_date", _("Date"), self.on, 2, hint=_(_DATE_HINT))
        self.add_field("validated", _("Validated"), self.validated, 3)

    def set_choices(self, competencies: list[tuple[str, str]]) -> None:
        """The program's competencies, ``(id, name)``."""
        _set_combo(self.competency, competencies)

    def collect(self) -> facts.ReferenceInput:
        return facts.ReferenceInput(self.customer.text(), self.competency.currentData(),
                                    self.validated.isChecked(), self.on.text())

    def fill(self, item: Any) -> None:
        self.customer.setText(item.customer)
        _select(self.competency, item.competency_id)
        self.validated.setChecked(item.validated)
        self.on.setText(date_text(item.on))

    def blank(self) -> None:
        self.customer.clear()
        self.validated.setChecked(False)
        self.on.clear()

    def service(self, update: bool) -> Callable[..., Any]:
        return facts.update_reference if update else facts.add_reference

    def remover(self) -> Callable[..., Any]:
        return facts.delete_reference


class RevenueEditor(FactsEditor):
    """The partner's revenue lines: quarter, motion, product family, amount, distributor (optional)."""

    TOPIC = "revenue"
    TITLE = N_("Revenue lines of the partner")
    WIDTHS = (90, 150, 150, 130)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, RevenueLinesTableModel(), parent)

    def build(self) -> None:
        self.quarter = line_edit(_("Quarter"), _("e.g. 2026-Q1 or T1 2026"), 20)
        self.motion = _combo(_("Motion"), [(m, _(MOTION_LABELS[m])) for m in MOTIONS])
        self.family = _combo(_("Product family"), [], empty=_("(none)"))
        self.amount = line_edit(_("Amount (€)"), _("e.g. 1,234.50"), 30)
        self.distributor = _combo(_("Distributor"), [], empty=_("(none)"))
        self.add_field("quarter", _("Quarter"), self.quarter, 0, required=True)
        self.add_field("motion", _("Motion"), self.motion, 1, required=True)
        self.add_field("product_family", _("Product family"), self.family, 2)
        self.add_field("amount", _("Amount (€)"), self.amount, 3, required=True)
        self.add_field("distributor_id", _("Distributor"), self.distributor, 4)

    def set_choices(self, families: list[tuple[str, str]], distributors: list[tuple[str, str]]) -> None:
        """The program's product families and the distributors, ``(key, name)``."""
        _set_combo(self.family, families, empty=_("(none)"))
        self.model.family_names = dict(families)  # type: ignore[attr-defined]  # this instance only
        _set_combo(self.distributor, distributors, empty=_("(none)"))

    def collect(self) -> facts.RevenueInput:
        return facts.RevenueInput(self.quarter.text(), self.motion.currentData(), self.amount.text(),
                                  self.family.currentData() or None, self.distributor.currentData() or None)

    def fill(self, item: Any) -> None:
        self.quarter.setText(item.quarter)
        _select(self.motion, item.motion)
        _select(self.family, item.product_family or "")
        self.amount.setText(amount_text(item.amount))
        _select(self.distributor, item.distributor_id or "")

    def blank(self) -> None:
        self.quarter.clear()
        self.amount.clear()
        _select(self.family, "")
        _select(self.distributor, "")

    def service(self, update: bool) -> Callable[..., Any]:
        return facts.update_revenue if update else facts.add_revenue

    def remover(self) -> Callable[..., Any]:
        return facts.delete_revenue


class TargetsEditor(FactsEditor):
    """The partner's quarterly targets."""

    TOPIC = "revenue"
    TITLE = N_("Targets of the partner")
    WIDTHS = (90, 130)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, TargetsTableModel(), parent)

    def build(self) -> None:
        self.quarter = line_edit(_("Quarter"), _("e.g. 2026-Q1 or T1 2026"), 20)
        self.amount = line_edit(_("Target (€)"), _("e.g. 1,234.50"), 30)
        self.add_field("quarter", _("Quarter"), self.quarter, 0, required=True)
        self.add_field("amount", _("Target (€)"), self.amount, 1, required=True)
        self.grid.setColumnStretch(2, 1)

    def collect(self) -> facts.TargetInput:
        return facts.TargetInput(self.quarter.text(), self.amount.text())

    def fill(self, item: Any) -> None:
        self.quarter.setText(item.quarter)
        self.amount.setText(amount_text(item.amount))

    def blank(self) -> None:
        self.quarter.clear()
        self.amount.clear()

    def service(self, update: bool) -> Callable[..., Any]:
        return facts.update_target if update else facts.add_target

    def remover(self) -> Callable[..., Any]:
        return facts.delete_target
