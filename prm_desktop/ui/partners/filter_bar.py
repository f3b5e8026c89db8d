"""The search box and filters above the partner list.

The bar knows nothing of SQL: it emits :attr:`FilterBar.changed` with plain values (a
:class:`FilterValues`) that the controller turns into a ``PartnerFilter``. Typing in the search box
is debounced (:data:`SEARCH_DEBOUNCE_MS`) so one query runs per pause, not per key.

The combos sit in a :class:`~prm_desktop.ui.partners.flow_layout.GridFlowLayout` (equal cells, as
many per row as fit) and the check boxes in a :class:`~prm_desktop.ui.partners.flow_layout.FlowLayout`,
so a narrow list pane (1366×768 at 150 % scaling) gets more rows of readable filters rather than
squashed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.ui.partners.flow_layout import FlowLayout, GridFlowLayout
from prm_desktop.ui.partners.labels import MOTION_LABELS, STATUS_LABELS, TYPE_LABELS

__all__ = [
    "AT_RISK_DEFAULT_DAYS",
    "AT_RISK_MAX_DAYS",
    "MIN_SEARCH_CHARS",
    "SEARCH_DEBOUNCE_MS",
    "FilterBar",
    "FilterChoices",
    "FilterValues",
]

#: Pause after the last key before searching.
SEARCH_DEBOUNCE_MS = 120
#: Shorter searches match most partners and are slow: the list stays unfiltered until then.
MIN_SEARCH_CHARS = 2
#: The "contract ends within" filter's horizon.
CONTRACT_DAYS = 90
#: The "at risk within N days" filter's default and largest horizon.
AT_RISK_DEFAULT_DAYS = 90
AT_RISK_MAX_DAYS = 730
#: Characters a filter combo shows at least ("Responsable", "Étiquette" fit whole).
COMBO_CHARS = 11


@dataclass
class FilterChoices:
    """What the filter combo boxes offer (from the data: regions, cities, owners, tags, tiers)."""

    tiers: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    owners: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    tags: list[str] = field(default_factory=list)
    currency: str = "EUR"  # of the revenue column (the active program's)


@dataclass
class FilterValues:
    """What the user chose; None or False means "any"."""

    text: str = ""
    type: str | None = None
    tier: str | None = None
    status: str | None = None
    region: str | None = None
    city: str | None = None
    owner_id: str | None = None
    motion: str | None = None
    tag: str | None = None
    visit_overdue: bool = False
    contract_ends_within_days: int | None = None
    promotion_candidate: bool = False
    demotion_candidate: bool = False
    at_risk_within_days: int | None = None
    deleted: bool = False

    def is_default(self) -> bool:
        """Whether nothing narrows the list."""
        return self == FilterValues(deleted=self.deleted)


def _combo(name: str, all_label: str, tooltip: str) -> QComboBox:
    """A filter combo whose first item (the filter's name) means "any"."""
    combo = QComboBox()
    combo.setAccessibleName(_("Filter: {name}", name=name))
    combo.setToolTip(tooltip)
    combo.addItem(all_label, None)
    # The width of COMBO_CHARS characters whatever the items: long city or tag names must not widen
    # the grid (the popup shows them whole).
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_CHARS)
    combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return combo


class FilterBar(QWidget):
    """Search box, filter combos and check boxes, and the count of partners shown."""

    #: Emitted with the new :class:`FilterValues` (after the debounce for typing).
    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = FilterChoices()
        self._updating = False
        self.search = QLineEdit()
        self.search.setObjectName("partnerSearch")
        self.search.setPlaceholderText(_("Search name, SIREN, city, contact, e-mail… (Ctrl+F)"))
        self.search.setAccessibleName(_("Search partners"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.search.placeholderText())  # the placeholder is cut when narrow
        self.search.setMinimumWidth(200)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.flush)

        self.type_combo = _combo(_("Type"), _("Type"), _("All types"))
        for key, label in TYPE_LABELS.items():
            self.type_combo.addItem(_(label), key)
        self.tier_combo = _combo(_("Tier"), _("Tier"), _("All tiers"))
        self.status_combo = _combo(_("Status"), _("Status"), _("All statuses"))
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(_(label), key)
        self.region_combo = _combo(_("Region"), _("Region"), _("All regions"))
        self.city_combo = _combo(_("City"), _("City"), _("All cities"))
        self.owner_combo = _combo(_("Owner"), _("Owner"), _("All owners"))
        self.motion_combo = _combo(_("Motion"), _("Motion"), _("All motions"))
        for key, label in MOTION_LABELS.items():
            self.motion_combo.addItem(_(label), key)
        self.tag_combo = _combo(_("Tag"), _("Tag"), _("All tags"))
        self._combos = (self.type_combo, self.tier_combo, self.status_combo, self.region_combo,
                        self.city_combo, self.owner_combo, self.motion_combo, self.tag_combo)
        for combo in self._combos:
            combo.currentIndexChanged.connect(self._emit_now)

        self.overdue_check = QCheckBox(_("Visit overdue"))
        self.overdue_check.setAccessibleName(_("Only partners whose visit is overdue"))
        self.contract_check = QCheckBox(_("Contract ends within {days} days", days=CONTRACT_DAYS))
        self.contract_check.setAccessibleName(_("Only partners whose contract ends soon"))
        self.promotion_check = QCheckBox(_("Promotion candidates"))
        self.promotion_check.setAccessibleName(_("Only partners who qualify today for a higher tier"))
        self.promotion_check.setToolTip(
            _("Partners who qualify today for a higher tier than the one assigned (▲ in the list)."))
        self.demotion_check = QCheckBox(_("Demotion candidates"))
        self.demotion_check.setAccessibleName(_("Only partners who qualify today for a lower tier"))
        self.demotion_check.setToolTip(
            _("Partners who qualify today only for a lower tier than the one assigned (▼ in the list)."))
        # "At risk within [90] days": one translatable sentence split around the spin box.
        before, _sep, after = _("At risk within {days} days").partition("{days}")
        self.at_risk_check = QCheckBox(before.strip())
        self.at_risk_check.setAccessibleName(_("Only partners at risk of losing a level or tier soon"))
        self.at_risk_check.setToolTip(
            _("Partners who will lose a level or tier within the chosen number of days unless something changes."))
        self.at_risk_days = QSpinBox()
        self.at_risk_days.setRange(1, AT_RISK_MAX_DAYS)
        self.at_risk_days.setValue(AT_RISK_DEFAULT_DAYS)
        self.at_risk_days.setSuffix(f" {after.strip()}" if after.strip() else "")
        self.at_risk_days.setAccessibleName(_("Number of days for the at-risk filter"))
        self.at_risk_days.setToolTip(self.at_risk_check.toolTip())
        self.at_risk_days.valueChanged.connect(self._days_changed)
        at_risk = QWidget()
        at_risk_layout = QHBoxLayout(at_risk)
        at_risk_layout.setContentsMargins(0, 0, 0, 0)
        at_risk_layout.setSpacing(4)
        at_risk_layout.addWidget(self.at_risk_check)
        at_risk_layout.addWidget(self.at_risk_days)
        self.deleted_check = QCheckBox(_("Deleted partners"))
        self.deleted_check.setAccessibleName(_("Show deleted partners, to restore them"))
        self.deleted_check.setToolTip(_("List the deleted partners; select one and click Restore."))
        self._checks = (self.overdue_check, self.contract_check, self.promotion_check, self.demotion_check,
                        self.at_risk_check)  # fmt: skip
        for check in (*self._checks, self.deleted_check):
            check.toggled.connect(self._emit_now)
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setAccessibleName(_("Clear the search and all filters"))
        self.clear_button.clicked.connect(self.clear)
        self.columns_button = QPushButton(_("Columns…"))
        self.columns_button.setObjectName("partnerColumns")
        self.columns_button.setAccessibleName(_("Choose the columns of the list"))
        self.columns_button.setToolTip(_("Show a set of columns, or pick them one by one."))
        self.count_label = QLabel()
        self.count_label.setObjectName("partnerCount")
        self.count_label.setAccessibleName(_("Number of partners shown"))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # A fixed size: a new count must not make the whole tab lay itself out again.
        widest = self.count_label.fontMetrics().horizontalAdvance(
            _n("{count} deleted partner", "{count} deleted partners", 100_000, count=format_number(100_000)))
        self.count_label.setFixedSize(widest + 12, self.count_label.sizeHint().height())

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self.combo_grid = GridFlowLayout(spacing=4)
        for combo in self._combos:
            self.combo_grid.addWidget(combo)
        self.check_flow = FlowLayout(spacing=12, row_spacing=2)
        for widget in (self.overdue_check, self.contract_check, self.promotion_check, self.demotion_check,
                       at_risk, self.deleted_check, self.clear_button, self.columns_button):  # fmt: skip
            # The buttons wrap with the check boxes: the list pane stays narrow enough for the editor
            # beside it at 150 % scaling.
            self.check_flow.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(self.combo_grid)
        layout.addLayout(self.check_flow)

    # --- choices and values --------------------------------------------------------------------

    def set_choices(self, choices: FilterChoices) -> None:
        """Refill the data-dependent combos, keeping what is selected when it still exists."""
        self._choices = choices
        self._updating = True
        try:
            _refill(self.tier_combo, choices.tiers)
            _refill(self.region_combo, [(r, r) for r in choices.regions])
            _refill(self.city_combo, [(c, c) for c in choices.cities])
            _refill(self.owner_combo, choices.owners)
            _refill(self.tag_combo, [(t, t) for t in choices.tags])
        finally:
            self._updating = False

    def values(self) -> FilterValues:
        """What is chosen now."""
        text = self.search.text().strip()
        return FilterValues(
            text=text if len(text) >= MIN_SEARCH_CHARS else "",
            type=self.type_combo.currentData(),
            tier=self.tier_combo.currentData(),
            status=self.status_combo.currentData(),
            region=self.region_combo.currentData(),
            city=self.city_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            motion=self.motion_combo.currentData(),
            tag=self.tag_combo.currentData(),
            visit_overdue=self.overdue_check.isChecked(),
            contract_ends_within_days=CONTRACT_DAYS if self.contract_check.isChecked() else None,
            promotion_candidate=self.promotion_check.isChecked(),
            demotion_candidate=self.demotion_check.isChecked(),
            at_risk_within_days=self.at_risk_days.value() if self.at_risk_check.isChecked() else None,
            deleted=self.deleted_check.isChecked(),
        )

    def set_count(self, shown: int, deleted: bool = False) -> None:
        """Show how many partners the list holds (and that one letter does not search yet)."""
        number = format_number(shown)
        if deleted:
            text = _n("{count} deleted partner", "{count} deleted partners", shown, count=number)
        else:
            text = _n("{count} partner", "{count} partners", shown, count=number)
        if 0 < len(self.search.text().strip()) < MIN_SEARCH_CHARS:
            self.count_label.setToolTip(text)
            text = _("Type one more letter…")
        else:
            self.count_label.setToolTip("")
        self.count_label.setText(text)

    def clear(self) -> None:
        """Empty the search box and reset every filter (the deleted view stays as it is)."""
        self._updating = True
        try:
            self.search.clear()
            for combo in self._combos:
                combo.setCurrentIndex(0)
            for check in self._checks:
                check.setChecked(False)
            self.at_risk_days.setValue(AT_RISK_DEFAULT_DAYS)
        finally:
            self._updating = False
        self._emit_now()

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected."""
        self.search.setFocus()
        self.search.selectAll()

    def flush(self) -> None:
        """Apply a pending search at once (Enter in the box, tests)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def _days_changed(self, _days: int) -> None:
        """A new at-risk horizon filters again (after a pause, as typing does) when the filter is on."""
        if not self._updating and self.at_risk_check.isChecked():
            self._debounce.start()

    def _emit_now(self, *_args: object) -> None:
        if self._updating:
            return
        self._debounce.stop()
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.values())


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    try:
        while combo.count() > 1:
            combo.removeItem(1)
        for key, label in items:
            combo.addItem(label, key)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
    finally:
        combo.blockSignals(blocked)
