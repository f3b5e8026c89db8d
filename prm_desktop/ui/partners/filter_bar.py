"""The search box and filters above the partner list.

The bar knows nothing of SQL: it emits :attr:`FilterBar.changed` with plain values (a
:class:`FilterValues`) that the controller turns into a ``PartnerFilter``. Typing in the search box
is debounced (:data:`SEARCH_DEBOUNCE_MS`) so one query runs per pause, not per key.
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
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.ui.partners.labels import MOTION_LABELS, STATUS_LABELS, TYPE_LABELS

__all__ = ["MIN_SEARCH_CHARS", "SEARCH_DEBOUNCE_MS", "FilterBar", "FilterChoices", "FilterValues"]

#: Pause after the last key before searching.
SEARCH_DEBOUNCE_MS = 120
#: Shorter searches match most partners and are slow: the list stays unfiltered until then.
MIN_SEARCH_CHARS = 2
#: The "contract ends within" filter's horizon.
CONTRACT_DAYS = 90


@dataclass
class FilterChoices:
    """What the filter combo boxes offer (from the data: regions, cities, owners, tags, tiers)."""

    tiers: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    owners: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    tags: list[str] = field(default_factory=list)


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
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    combo.setMinimumWidth(70)
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
        self.deleted_check = QCheckBox(_("Deleted partners"))
        self.deleted_check.setAccessibleName(_("Show deleted partners, to restore them"))
        self.deleted_check.setToolTip(_("List the deleted partners; select one and click Restore."))
        for check in (self.overdue_check, self.contract_check, self.deleted_check):
            check.toggled.connect(self._emit_now)
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setAccessibleName(_("Clear the search and all filters"))
        self.clear_button.clicked.connect(self.clear)
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
        combos = QHBoxLayout()
        combos.setContentsMargins(0, 0, 0, 0)
        combos.setSpacing(4)
        for combo in self._combos:
            combos.addWidget(combo, 1)
        checks = QHBoxLayout()
        checks.setContentsMargins(0, 0, 0, 0)
        for check in (self.overdue_check, self.contract_check, self.deleted_check):
            checks.addWidget(check)
        checks.addStretch(1)
        checks.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(combos)
        layout.addLayout(checks)

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
            self.overdue_check.setChecked(False)
            self.contract_check.setChecked(False)
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
