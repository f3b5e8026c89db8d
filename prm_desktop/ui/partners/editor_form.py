"""The partner form: every field of design §2, each with its inline error message.

The form only shows and collects values: :meth:`PartnerForm.collect` gives a ``PartnerInput``,
:meth:`PartnerForm.show_errors` puts messages under their fields. Validation itself is the domain's
(``validate_partner``), called by the editor as fields are left and on save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import MOTION_LABELS, STATUS_LABELS, TYPE_LABELS, PartnerInput
from prm_desktop.ui.partners.form_fields import FieldBox, date_text, line_edit
from prm_desktop.ui.partners.pickers import DistributorList, PartnerPicker, SearchFn

__all__ = ["PartnerForm"]




class PartnerForm(QWidget):
    """All partner fields, grouped in sections, two columns wide.

    Args:
        search: Suggests partners for the parent group and distributors pickers.
    """

    #: Emitted when the user changes any value.
    edited = Signal()
    #: Emitted with a field name when the user leaves a field (to validate it).
    left_field = Signal(str)

    def __init__(self, search: SearchFn) -> None:
        super().__init__()
        self.fields: dict[str, FieldBox] = {}
        self._loading = False
        e = self._edits = {
            name: line_edit(label, placeholder)
            for name, label, placeholder in (
                ("name", _("Name"), _("Trading name, e.g. Œuvre Numérique")),
                ("legal_name", _("Legal name"), _("e.g. Œuvre Numérique SAS")),
                ("siren", _("SIREN"), _("9 digits")),
                ("siret", _("SIRET"), _("14 digits")),
                ("vat", _("VAT number"), _("FR and 11 characters")),
                ("external_id", _("External id"), _("CRM id, e.g. Salesforce Account ID")),
                ("partner_since", _("Partner since"), _("dd/mm/yyyy")),
                ("contract_end", _("Contract end"), _("dd/mm/yyyy")),
                ("tags", _("Tags"), _("Separated by commas: cloud, grands comptes")),
                ("address", _("Address"), ""),
                ("postal_code", _("Postal code"), ""),
                ("city", _("City"), ""),
                ("region", _("Region"), _("e.g. Auvergne-Rhône-Alpes")),
                ("country", _("Country"), _("France if empty")),
                ("website", _("Website"), _("www.example.fr")),
                ("phone", _("Phone"), ""),
                ("email", _("E-mail"), _("contact@example.fr")),
            )
        }
        self.type_combo = _choice_combo(_("Partner type"), TYPE_LABELS)
        self.status_combo = _choice_combo(_("Status"), STATUS_LABELS)
        self.tier_combo = QComboBox()
        self.tier_combo.setAccessibleName(_("Assigned tier"))
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName(_("Owner"))
        self.motion_checks: dict[str, QCheckBox] = {}
        motions = QWidget()
        motion_grid = QGridLayout(motions)
        motion_grid.setContentsMargins(0, 0, 0, 0)
        motion_grid.setVerticalSpacing(0)
        for i, (key, label) in enumerate(MOTION_LABELS.items()):
            check = QCheckBox(_(label))
            check.setAccessibleName(_("Motion: {motion}", motion=_(label)))
            check.toggled.connect(self._changed)
            self.motion_checks[key] = check
            motion_grid.addWidget(check, i // 2, i % 2)
        motions.setAccessibleName(_("Partnership motions"))
        self.parent_picker = PartnerPicker(search, _("Parent group"), _("Type the group's name"))
        self.distributors = DistributorList(search)

        identity = self._section(_("Identity"), [
            ("name", e["name"], True, 2), ("legal_name", e["legal_name"], False, 2),
            ("siren", e["siren"], False, 1), ("siret", e["siret"], False, 1),
            ("vat", e["vat"], False, 1), ("external_id", e["external_id"], False, 1),
        ])  # fmt: skip
        partnership = self._section(_("Partnership"), [
            ("type", self.type_combo, True, 1), ("status", self.status_combo, True, 1),
            ("assigned_tier", self.tier_combo, False, 1), ("owner_id", self.owner_combo, False, 1),
            ("motions", motions, False, 2),
            ("partner_since", e["partner_since"], False, 1), ("contract_end", e["contract_end"], False, 1),
            ("parent_id", self.parent_picker, False, 2), ("distributor_ids", self.distributors, False, 2),
            ("tags", e["tags"], False, 2),
        ])  # fmt: skip
        address = self._section(_("Address and contact details"), [
            ("address", e["address"], False, 2), ("postal_code", e["postal_code"], False, 1),
            ("city", e["city"], False, 1), ("region", e["region"], False, 1), ("country", e["country"], False, 1),
            ("website", e["website"], False, 2), ("phone", e["phone"], False, 1), ("email", e["email"], False, 1),
        ])  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (identity, partnership, address):
            layout.addWidget(box)
        layout.addStretch(1)
        for name, edit in e.items():
            edit.textEdited.connect(self._changed)
            edit.editingFinished.connect(lambda n=name: self.left_field.emit(n))
        for name, combo in (("type", self.type_combo), ("status", self.status_combo),
                            ("assigned_tier", self.tier_combo), ("owner_id", self.owner_combo)):
            combo.currentIndexChanged.connect(self._changed)
            combo.activated.connect(lambda _i, n=name: self.left_field.emit(n))
        self.parent_picker.chosen.connect(self._changed)
        self.parent_picker.edit.editingFinished.connect(lambda: self.left_field.emit("parent_id"))
        self.distributors.changed.connect(self._changed)

    _LABELS = {
        "name": N_("Name"), "legal_name": N_("Legal name"), "siren": N_("SIREN"), "siret": N_("SIRET"),
        "vat": N_("VAT number"), "external_id": N_("External id"), "type": N_("Type"), "status": N_("Status"),
        "assigned_tier": N_("Assigned tier"), "owner_id": N_("Owner"), "motions": N_("Motions"),
        "partner_since": N_("Partner since"), "contract_end": N_("Contract end"),
        "parent_id": N_("Parent group"), "distributor_ids": N_("Distributors"), "tags": N_("Tags"),
        "address": N_("Address"), "postal_code": N_("Postal code"), "city": N_("City"),
        "region": N_("Region"), "country": N_("Country"), "website": N_("Website"), "phone": N_("Phone"),
        "email": N_("E-mail"),
    }  # fmt: skip

    def _section(self, title: str, rows: list[tuple[str, QWidget, bool, int]]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        row = col = 0
        for name, widget, required, span in rows:
            field = FieldBox(name, _(self._LABELS[name]), widget, required=required)
            self.fields[name] = field
            if span == 2 and col == 1:
                row, col = row + 1, 0
            grid.addWidget(field, row, col, 1, span)
            col += span
            if col >= 2:
                row, col = row + 1, 0
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return box

    # --- choices -------------------------------------------------------------------------------

    def set_choices(self, tiers: list[tuple[str, str]], owners: list[tuple[str, str]]) -> None:
        """Fill the tier and owner combos (id, name), keeping the current values."""
        self._loading = True
        try:
            for combo, items, empty in ((self.tier_combo, tiers, _("No tier")),
                                        (self.owner_combo, owners, _("Nobody"))):
                current = combo.currentData()
                combo.clear()
                combo.addItem(empty, None)
                for key, label in items:
                    combo.addItem(label, key)
                combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        finally:
            self._loading = False

    # --- values --------------------------------------------------------------------------------

    def load(self, data: PartnerInput, parent_label: str = "",
             distributors: list[tuple[str, str]] | None = None) -> None:
        """Show a partner's values (no ``edited`` signal; errors cleared)."""
        self._loading = True
        try:
            for name, edit in self._edits.items():
                value: Any = getattr(data, name)
                if name in ("partner_since", "contract_end"):
                    text = value if isinstance(value, str) else date_text(value)
                elif name == "tags":
                    text = ", ".join(value or ())
                else:
                    text = value or ""
                edit.setText(str(text))
                edit.setCursorPosition(0)
            _select(self.type_combo, data.type)
            _select(self.status_combo, data.status)
            _select(self.tier_combo, data.assigned_tier, add_unknown=True)
            _select(self.owner_combo, data.owner_id)
            for key, check in self.motion_checks.items():
                check.setChecked(key in (data.motions or ()))
            self.parent_picker.set_value(data.parent_id, parent_label)
            self.distributors.set_items(distributors or [])
        finally:
            self._loading = False
        self.show_errors({})

    def collect(self) -> PartnerInput:
        """The values shown, as a ``PartnerInput`` (raw: validation is the caller's)."""
        text = {name: edit.text().strip() or None for name, edit in self._edits.items()}
        tags = [t.strip() for t in (text.pop("tags") or "").split(",") if t.strip()]
        return PartnerInput(
            **{k: v for k, v in text.items() if k != "name"},
            name=text["name"] or "",
            type=self.type_combo.currentData() or "",
            status=self.status_combo.currentData() or "",
            assigned_tier=self.tier_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            motions=tuple(k for k, c in self.motion_checks.items() if c.isChecked()),
            parent_id=self.parent_picker.value(),
            distributor_ids=self.distributors.ids(),
            tags=tuple(tags),
        )

    def unresolved_errors(self) -> dict[str, str]:
        """Errors of pickers holding text that names no chosen partner."""
        errors = {}
        if self.parent_picker.unresolved_text():
            errors["parent_id"] = _("Choose the group in the suggestions, or empty the box.")
        if self.distributors.picker.unresolved_text():
            errors["distributor_ids"] = _("Choose the distributor in the suggestions, or empty the box.")
        return errors

    def show_errors(self, errors: dict[str, str], only: set[str] | None = None) -> None:
        """Show each message under its field; fields without one are cleared.

        Args:
            errors: Field name → message.
            only: Update only these fields (the others keep what they show).
        """
        for name, field in self.fields.items():
            if only is None or name in only:
                field.set_error(errors.get(name))

    def shown_errors(self) -> dict[str, str]:
        """Field name → message currently shown."""
        return {name: f.error_text() for name, f in self.fields.items() if f.error_text()}

    def first_error_field(self) -> QWidget | None:
        """The input widget of the first field showing an error, in form order."""
        for field in self.fields.values():
            if field.error_text():
                return field.widget
        return None

    def edit(self, name: str) -> QLineEdit:
        """The line edit of a text field (tests)."""
        return self._edits[name]

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()


def _choice_combo(name: str, labels: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for key, label in labels.items():
        combo.addItem(_(label), str(key))
    return combo


def _select(combo: QComboBox, value: str | None, add_unknown: bool = False) -> None:
    index = combo.findData(value) if value is not None else 0
    if index < 0 and add_unknown and value:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
