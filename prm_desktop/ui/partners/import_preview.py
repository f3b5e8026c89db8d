"""The import wizard's preview: the file's first rows under a row of combo boxes.

One combo box per column says which field the column feeds; the user corrects the automatic
matching there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem

from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.imports.columns import KINDS, ColumnMapping, field_names, match_columns

__all__ = ["FIELD_LABELS", "KIND_LABELS", "PREVIEW_ROWS", "MappingPreview", "field_label", "guess_kind"]

PREVIEW_ROWS = 20

#: Import kinds as the wizard offers them.
KIND_LABELS: dict[str, str] = {
    "partners": N_("Partners"),
    "contacts": N_("Partner contacts"),
    "certifications": N_("Certifications"),
    "references": N_("Customer references"),
    "revenue": N_("Revenue"),
    "targets": N_("Targets"),
    "stakeholders": N_("Internal stakeholders"),
    "metrics": N_("Partner metrics"),
    "facts": N_("Yes/no facts"),
}

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"), "legal_name": N_("Legal name"), "type": N_("Partner type"), "siren": N_("SIREN"),
    "siret": N_("SIRET"), "vat": N_("VAT number"), "address": N_("Address"), "postal_code": N_("Postal code"),
    "city": N_("City"), "country": N_("Country"), "region": N_("Region"), "website": N_("Website"),
    "phone": N_("Phone"), "email": N_("E-mail"), "owner": N_("Owner (channel manager)"), "tier": N_("Tier"),
    "status": N_("Status"), "since": N_("Partner since"), "contract_end": N_("Contract end"),
    "parent": N_("Parent group"), "distributor": N_("Distributor"), "tags": N_("Tags"),
    "external_id": N_("External id"), "partner": N_("Partner"), "first_name": N_("First name"),
    "role": N_("Role"), "primary": N_("Primary contact"), "left_on": N_("Left on"), "contact": N_("Contact"),
    "certification": N_("Certification"), "obtained": N_("Obtained on"), "expires": N_("Expires on"),
    "competency": N_("Competency"), "customer": N_("Customer"), "validated": N_("Validated"),
    "date": N_("Date"), "quarter": N_("Quarter"), "motion": N_("Motion"),
    "product_family": N_("Product family"), "amount": N_("Amount"), "business_unit": N_("Business unit"),
    "manager": N_("Manager"), "id": N_("Identifier"), "partner_id": N_("Partner identifier"),
    "last_visit": N_("Last visit"),
    "metric": N_("Metric"), "period": N_("Period"), "value": N_("Value"), "fact": N_("Yes/no fact"),
    "valid_from": N_("Valid from"), "valid_until": N_("Valid until"), "currency": N_("Currency"),
}  # fmt: skip


def field_label(name: str) -> str:
    """A field's translated label (its name when unknown)."""
    label = FIELD_LABELS.get(name)
    return _(label) if label else name


def guess_kind(headers: list[str], filename: str = "") -> str:
    """The import kind whose columns best match ``headers`` (file name as a tie-breaker)."""
    best, best_score = "partners", None
    lowered = filename.lower()
    for kind in KINDS:
        mapping = match_columns(kind, headers)
        score = (len(mapping.field_by_index) - 2 * len(mapping.missing_required) - len(mapping.unknown)
                 + (2 if kind.rstrip("s") in lowered else 0))  # fmt: skip
        if best_score is None or score > best_score:
            best, best_score = kind, score
    return best


class MappingPreview(QTableWidget):
    """First rows of a file with, above them, the field each column feeds (editable)."""

    #: Emitted with the corrected mapping after the user changed a combo box.
    mapping_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("importPreview")
        self.setAccessibleName(_("Preview of the file with the column mapping"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)
        self._mapping: ColumnMapping | None = None
        self.combos: list[QComboBox] = []

    @property
    def mapping(self) -> ColumnMapping | None:
        """The mapping as the combo boxes show it."""
        return self._mapping

    def show_table(self, table: Any, mapping: ColumnMapping) -> None:
        """Show the headers, a combo box per column and the first :data:`PREVIEW_ROWS` rows."""
        self._mapping = mapping
        rows = table.rows[:PREVIEW_ROWS]
        self.clear()
        self.setColumnCount(len(table.headers))
        self.setRowCount(len(rows) + 1)
        self.setHorizontalHeaderLabels([h or _("(no header)") for h in table.headers])
        self.setVerticalHeaderLabels([_("Field")] + [str(r.line) for r in rows])
        self.combos = []
        choices = field_names(mapping.kind)
        for column in range(len(table.headers)):
            combo = QComboBox()
            combo.setAccessibleName(_("Field fed by column {header}", header=table.headers[column] or column + 1))
            combo.addItem("— " + _("Ignore") + " —", None)
            for name in choices:
                combo.addItem(field_label(name), name)
            combo.currentIndexChanged.connect(lambda _i, c=column: self._on_combo(c))
            self.setCellWidget(0, column, combo)
            self.combos.append(combo)
        self._sync_combos()
        for r, row in enumerate(rows, start=1):
            for c in range(len(table.headers)):
                value = row.values[c] if c < len(row.values) else None
                self.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.resizeColumnsToContents()
        for column in range(self.columnCount()):
            self.setColumnWidth(column, min(max(self.columnWidth(column), 130), 260))

    def set_field(self, column: int, field_name: str | None) -> None:
        """Choose the field of a column as the user would."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(field_name), 0) if field_name else 0)

    def _on_combo(self, column: int) -> None:
        if self._mapping is None:
            return
        self._mapping = self._mapping.with_override(column, self.combos[column].currentData())
        self._sync_combos()
        self.mapping_changed.emit(self._mapping)

    def _sync_combos(self) -> None:
        mapping = self._mapping
        if mapping is None:
            return
        for column, combo in enumerate(self.combos):
            wanted = mapping.field_by_index.get(column)
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)
            combo.blockSignals(blocked)
            header = self.horizontalHeaderItem(column)
            if header is not None:
                text = mapping.headers[column] or _("(no header)")
                header.setText(text if wanted else "⊘ " + text)
                header.setToolTip(_("Ignored: its values are not imported.") if not wanted else "")
