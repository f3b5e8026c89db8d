"""What-if trials on a partner.

Add certifications, revenue or validated references in memory and see the resulting evaluation beside
today's. Nothing is written (`prm_desktop.services.standing.WhatIf`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_money
from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import MOTION_LABELS
from prm_desktop.services.standing import PartnerStanding, StandingResult, WhatIf
from prm_desktop.ui.competencies.words import standing_html

__all__ = ["WhatIfPanel", "comparison_html"]

CERT, REVENUE, REFERENCE = range(3)


def comparison_html(today: StandingResult, trial: StandingResult) -> str:
    """What the changes change, in words: the tier and each level gained or lost."""
    lines = []
    if today.qualified != trial.qualified:
        lines.append(_("Tier: {before} → {after}", before=today.qualified or _("No tier"),
                       after=trial.qualified or _("No tier")))
    else:
        lines.append(_("Tier unchanged: {tier}", tier=today.qualified or _("No tier")))
    before = {(r.competency, r.level) for r in today.matrix if r.status == "held"}
    after = {(r.competency, r.level) for r in trial.matrix if r.status == "held"}
    for competency, level in sorted(after - before):
        lines.append("▲ " + _("gains {level} in {competency}", level=level, competency=competency))
    for competency, level in sorted(before - after):
        lines.append("▼ " + _("loses {level} in {competency}", level=level, competency=competency))
    return "<p><b>" + "<br>".join(escape(line) for line in lines) + "</b></p>"


class WhatIfPanel(QWidget):
    """Changes to try, the list of changes, and today's evaluation beside the trial's.

    ``changed`` is emitted with the `WhatIf` to evaluate whenever the list of changes changes; the
    owner evaluates it off the GUI thread and calls `show_result`.
    """

    changed = Signal(object)  # WhatIf

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._standing: PartnerStanding | None = None
        self._changes: list[tuple[int, tuple]] = []
        self.kind = QComboBox()
        self.kind.addItems([_("A contact obtains a certification"), _("Revenue is added in a quarter"),
                            _("A reference is validated")])
        self.kind.setAccessibleName(_("Kind of change"))
        self.contact, self.code = QComboBox(), QComboBox()
        self.quarter, self.motion, self.family = QComboBox(), QComboBox(), QComboBox()
        self.amount = QDoubleSpinBox()
        self.amount.setRange(-100_000_000, 100_000_000)
        self.amount.setDecimals(0)
        self.amount.setSingleStep(10_000)
        self.amount.setValue(50_000)
        self.amount.setSuffix(" €")
        self.amount.setGroupSeparatorShown(True)
        self.reference = QComboBox()
        for key, label in MOTION_LABELS.items():
            self.motion.addItem(_(label), key)
        pages = QStackedWidget()
        for rows in (((_("Contact"), self.contact), (_("Certification"), self.code)),
                     ((_("Quarter"), self.quarter), (_("Amount"), self.amount), (_("Motion"), self.motion),
                      (_("Product family"), self.family)),
                     ((_("Reference"), self.reference),)):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                widget.setAccessibleName(label)
                form.addRow(label, widget)
            pages.addWidget(page)
        self.kind.currentIndexChanged.connect(pages.setCurrentIndex)
        self.add_button = QPushButton(_("Add this change"))
        self.add_button.clicked.connect(self.add_current)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Changes tried"))
        self.list.setMaximumHeight(110)
        remove = QPushButton(_("Remove the selected change"))
        remove.clicked.connect(self._remove_selected)
        clear = QPushButton(_("Clear"))
        clear.clicked.connect(self.clear)
        box = QGroupBox(_("Try changes (nothing is saved)"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.kind)
        box_layout.addWidget(pages)
        box_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        box_layout.addWidget(self.list)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.today, self.trial = QLabel(), QLabel()
        for label, name in ((self.today, _("Today")), (self.trial, _("With these changes"))):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setAccessibleName(name)
        side = QHBoxLayout()
        for label, title in ((self.today, _("Today")), (self.trial, _("With these changes"))):
            column = QVBoxLayout()
            heading = QLabel(f"<b>{escape(title)}</b>")
            column.addWidget(heading)
            column.addWidget(label, 1)
            side.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.summary)
        layout.addLayout(side, 1)
        self.set_standing(None)

    def set_standing(self, standing: PartnerStanding | None) -> None:
        """Offer the choices of a partner (None: nothing); the list of changes is emptied."""
        self._standing = standing
        self._changes = []
        self.list.clear()
        for combo in (self.contact, self.code, self.quarter, self.family, self.reference):
            combo.clear()
        self.setEnabled(standing is not None)
        if standing is None:
            self.summary.setText("")
            self.today.setText("")
            self.trial.setText("")
            return
        for cid, name in standing.contacts:
            self.contact.addItem(name, cid)
        for code in standing.certification_codes:
            self.code.addItem(code, code)
        for quarter in reversed(standing.quarters):
            self.quarter.addItem(str(quarter), quarter)
        for family, competency in standing.families:
            self.family.addItem(competency, family)
        for ref in standing.references:
            if not ref.validated:
                self.reference.addItem(_("{customer} — {competency}", customer=ref.customer,
                                         competency=ref.competency), ref.id)
        self.today.setText(standing_html(standing.current, title=False))
        self.trial.setText(_("Add a change to see its effect."))
        self.summary.setText("")

    def what_if(self) -> WhatIf:
        """The changes listed, as one what-if."""
        certs = tuple(v for k, v in self._changes if k == CERT)
        revenue = tuple(v for k, v in self._changes if k == REVENUE)
        refs = tuple(v[0] for k, v in self._changes if k == REFERENCE)
        return WhatIf(certifications=certs, revenue=revenue, references=refs)

    def add_current(self) -> bool:
        """Add the change described by the fields; False when a field is empty."""
        kind = self.kind.currentIndex()
        if kind == CERT:
            if self.contact.currentData() is None or self.code.currentData() is None:
                return False
            value: tuple = (self.contact.currentData(), self.code.currentData())
            text = _("{contact} obtains {code}", contact=self.contact.currentText(), code=self.code.currentText())
        elif kind == REVENUE:
            if self.quarter.currentData() is None or self.family.currentData() is None:
                return False
            value = (self.quarter.currentData(), float(self.amount.value()), self.motion.currentData(),
                     self.family.currentData())
            text = _("{amount} of {family} revenue in {quarter} ({motion})",
                     amount=format_money(self.amount.value(), decimals=0), family=self.family.currentText(),
                     quarter=self.quarter.currentText(), motion=self.motion.currentText())
        else:
            if self.reference.currentData() is None:
                return False
            value = (self.reference.currentData(),)
            text = _("Reference validated: {reference}", reference=self.reference.currentText())
        self._changes.append((kind, value))
        self.list.addItem(QListWidgetItem(text))
        self.changed.emit(self.what_if())
        return True

    def clear(self) -> None:
        """Drop every change."""
        self._changes = []
        self.list.clear()
        self.trial.setText(_("Add a change to see its effect."))
        self.summary.setText("")

    def show_result(self, standing: PartnerStanding) -> None:
        """Show a trial's evaluation beside today's."""
        if standing.what_if is None:
            self.trial.setText(_("Add a change to see its effect."))
            self.summary.setText("")
            return
        self.today.setText(standing_html(standing.current, title=False))
        self.trial.setText(standing_html(standing.what_if, title=False))
        self.summary.setText(comparison_html(standing.current, standing.what_if))

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        del self._changes[row]
        if self._changes:
            self.changed.emit(self.what_if())
        else:
            self.clear()
