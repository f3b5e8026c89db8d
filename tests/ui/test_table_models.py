"""The table models of the simple tabs, tested without any window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.listings import CompetencyRow, LevelRequirement, StakeholderRow, VisitRow
from prm_desktop.ui.competencies.model import CompetenciesTableModel, describe
from prm_desktop.ui.stakeholders.model import StakeholdersTableModel
from prm_desktop.ui.tables import ROW_ROLE, SORT_ROLE, make_table
from prm_desktop.ui.visits.model import VisitsTableModel

VISIT = VisitRow(
    "v1",
    datetime(2026, 6, 15, 12, 0, tzinfo=UTC),
    "Europe/Paris",
    "on_site",
    "planned",
    "Atlas Informatique, Cobalt",
    "Lyon",
    "Revue trimestrielle",
    "Claire Martin",
    90,
)


def test_visits_model_columns(qapp) -> None:
    model = VisitsTableModel()
    model.set_rows([VISIT])
    assert model.rowCount() == 1 and model.columnCount() == 7
    cell = lambda column, role=Qt.ItemDataRole.DisplayRole: model.data(model.index(0, column), role)  # noqa: E731
    assert cell(VisitsTableModel.WHEN) == "15/06/2026, 14:00"
    assert cell(VisitsTableModel.KIND) == "On site"
    assert cell(VisitsTableModel.STATUS) == "Planned"
    assert cell(VisitsTableModel.PARTNERS) == "Atlas Informatique, Cobalt"
    assert cell(VisitsTableModel.WHEN, SORT_ROLE) == "2026-06-15T12:00:00+00:00"
    assert cell(VisitsTableModel.OWNER, ROW_ROLE) is VISIT
    assert model.headerData(VisitsTableModel.OBJECTIVE, Qt.Orientation.Horizontal) == "Objective"
    set_language("fr")
    assert cell(VisitsTableModel.KIND) == "Sur site" and cell(VisitsTableModel.STATUS) == "Prévue"
    assert model.headerData(VisitsTableModel.WHEN, Qt.Orientation.Horizontal) == "Date"


def test_stakeholders_model_sorts_numbers_and_accents(qapp) -> None:
    rows = [
        StakeholderRow("1", "Éric Léger", "Avant-vente", "Ingénieur", "eric@x.example", 15, 5),
        StakeholderRow("2", "Emma Blanc", "Ventes", "", "", 3, 0),
        StakeholderRow("3", "Zoé Roux", "Finance", "", "", 120, 1),
    ]
    model = StakeholdersTableModel()
    model.set_rows(rows)
    view = make_table(model, "Stakeholders")
    view.sortByColumn(StakeholdersTableModel.NAME, Qt.SortOrder.AscendingOrder)
    names = [view.model().index(r, 0).data() for r in range(3)]
    assert names == ["Emma Blanc", "Éric Léger", "Zoé Roux"]  # É sorts with E, not after Z
    view.sortByColumn(StakeholdersTableModel.PARTNERS, Qt.SortOrder.DescendingOrder)
    assert [view.model().index(r, StakeholdersTableModel.PARTNERS).data() for r in range(3)] == ["120", "15", "3"]
    alignment = model.data(model.index(0, StakeholdersTableModel.PARTNERS), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & int(Qt.AlignmentFlag.AlignRight)


def test_competency_description_in_french_with_euros(qapp) -> None:
    row = CompetencyRow(
        "security",
        "Sécurité",
        "technical",
        "security",
        ("SEC-TECH",),
        (LevelRequirement("Expert", 2, 50000, 1), LevelRequirement("Principal", 4, 250000, 3)),
        7,
        2,
    )
    model = CompetenciesTableModel()
    model.set_rows([row])
    assert model.data(model.index(0, CompetenciesTableModel.LEVELS)) == "Expert < Principal"
    assert model.data(model.index(0, CompetenciesTableModel.PEOPLE)) == "7"
    set_language("fr")
    html = describe(row)
    assert "Compétence technique" in html
    assert "250\u202f000\u00a0€" in html
    assert "4 personnes accréditées" in html and "1 référence validée" in html


def test_tables_start_sorted_ascending_on_the_first_column(qapp) -> None:
    model = StakeholdersTableModel()
    model.set_rows([StakeholderRow(str(n), name, "", "", "", 0, 0) for n, name in enumerate(["Zoé", "Anne", "Marc"])])
    view = make_table(model, "Stakeholders")
    assert [view.model().index(r, 0).data() for r in range(3)] == ["Anne", "Marc", "Zoé"]
