"""Table model of the Competencies tab, and the plain-words description of a competency's levels."""

from __future__ import annotations

from html import escape
from typing import Any

from prm_desktop.domain.formatting import format_money, format_number
from prm_desktop.domain.i18n import N_, _, _n
from prm_desktop.services.listings import CompetencyRow
from prm_desktop.ui.tables import RowTableModel

DIMENSION_LABELS = {"technical": N_("Technical"), "market": N_("Market")}
KIND_SENTENCES = {
    "technical": N_("Technical competency, product family {family}."),
    "market": N_("Market competency, product family {family}."),
}


def dimension_label(dimension: str) -> str:
    """The competency dimension in the current language."""
    return _(DIMENSION_LABELS[dimension]) if dimension in DIMENSION_LABELS else dimension


class CompetenciesTableModel(RowTableModel[CompetencyRow]):
    """Competencies of the active program and what the portfolio holds towards each."""

    NAME, DIMENSION, LEVELS, PEOPLE, REFERENCES = range(5)
    HEADERS = (N_("Competency"), N_("Dimension"), N_("Levels"), N_("Accredited people"), N_("Validated references"))
    NUMERIC = frozenset({PEOPLE, REFERENCES})

    def display(self, item: CompetencyRow, column: int) -> str:
        if column == self.NAME:
            return item.name
        if column == self.DIMENSION:
            return dimension_label(item.dimension)
        if column == self.LEVELS:
            return " < ".join(level.name for level in item.levels)
        if column == self.PEOPLE:
            return format_number(item.accredited_people)
        return format_number(item.validated_references)

    def sort_key(self, item: CompetencyRow, column: int) -> Any:
        if column == self.PEOPLE:
            return item.accredited_people
        if column == self.REFERENCES:
            return item.validated_references
        return super().sort_key(item, column)


def describe(item: CompetencyRow) -> str:
    """HTML describing what each level of a competency needs, for the detail pane."""
    parts = [
        f"<h3>{escape(item.name)}</h3>",
        "<p>"
        + escape(
            _(
                KIND_SENTENCES.get(item.dimension, N_("Competency, product family {family}.")),
                family=item.product_family,
            )
        )
        + "</p>",
    ]
    parts.append("<ul>")
    for level in item.levels:
        needs = _(
            "{level}: {people}, {revenue} of revenue on {family}, {references}.",
            level=level.name,
            people=_n(
                "{count} accredited person",
                "{count} accredited people",
                level.min_accredited,
                count=format_number(level.min_accredited),
            ),
            revenue=format_money(level.min_revenue, decimals=0),
            family=item.product_family,
            references=_n(
                "{count} validated reference",
                "{count} validated references",
                level.min_references,
                count=format_number(level.min_references),
            ),
        )
        parts.append(f"<li>{escape(needs)}</li>")
    parts.append("</ul>")
    if item.certifications:
        parts.append(
            "<p>" + escape(_("Certifications that count: {codes}.", codes=", ".join(item.certifications))) + "</p>"
        )
    return "".join(parts)
