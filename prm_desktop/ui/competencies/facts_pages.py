"""The facts page of the partner view: certifications, references, revenue lines and targets, each editable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.standing import PartnerStanding
from prm_desktop.services.standing_facts import PartnerFacts
from prm_desktop.ui.competencies.facts_editor import (
    CertificationsEditor,
    FactsEditor,
    ReferencesEditor,
    RevenueEditor,
    TargetsEditor,
)
from prm_desktop.ui.context import UiContext

__all__ = ["FactsPages"]


def _page(label: QLabel | None, editor: FactsEditor) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    if label is not None:
        label.setWordWrap(True)
        layout.addWidget(label)
    layout.addWidget(editor, 1)
    return page


class FactsPages(QTabWidget):
    """One page per kind of fact the program engine reads, each a table with its form."""

    written = Signal(str)  # data_changed topic after a write

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.certs_label = QLabel(_("Certifications"))
        self.refs_label = QLabel(_("Customer references"))
        self.certifications = CertificationsEditor(ctx)
        self.references = ReferencesEditor(ctx)
        self.revenue = RevenueEditor(ctx)
        self.targets = TargetsEditor(ctx)
        self.addTab(_page(self.certs_label, self.certifications), _("Certifications"))
        self.addTab(_page(self.refs_label, self.references), _("Customer references"))
        self.addTab(_page(None, self.revenue), _("Revenue lines"))
        self.addTab(_page(None, self.targets), _("Targets"))
        self._families: list[tuple[str, str]] = []
        self._distributors: list[tuple[str, str]] = []
        for editor in self.editors():
            editor.written.connect(self.written)

    def editors(self) -> tuple[FactsEditor, ...]:
        """The four editors."""
        return (self.certifications, self.references, self.revenue, self.targets)

    def set_partner(self, partner_id: str | None) -> None:
        """Show no partner (None) or empty the lists until the partner's facts are read."""
        for editor in self.editors():
            editor.set_partner(partner_id, [])

    def set_standing(self, standing: PartnerStanding) -> None:
        """Certifications and references of the partner, with the contacts and codes to choose from."""
        self.certifications.set_choices(standing.contacts, standing.certification_codes)
        self.certifications.set_partner(standing.partner_id, standing.certifications)
        competencies = list(dict.fromkeys((r.competency_id, r.competency) for r in standing.current.matrix))
        self.references.set_choices(competencies)
        self.references.set_partner(standing.partner_id, standing.references)
        self._families = standing.families
        self.revenue.set_choices(self._families, self._distributors)

    def set_facts(self, partner_id: str | None, found: PartnerFacts) -> None:
        """Revenue lines and targets of the partner."""
        self._distributors = found.distributors
        self.revenue.set_choices(self._families, self._distributors)
        self.revenue.set_partner(partner_id, found.revenue)
        self.targets.set_partner(partner_id, found.targets)
