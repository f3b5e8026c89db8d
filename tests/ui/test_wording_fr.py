"""Words in French: grouped counts, agreement, tooltips that read as sentences, typographic apostrophes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from prm_desktop.domain.i18n import set_language
from tests.ui.conftest import prepare_portfolio

NNBSP = "\u202f"


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


@dataclass
class Result:
    created: int
    updated: int
    unchanged: int
    deleted: int = 0
    batch_id: str | None = None


def test_import_result_agrees_with_lignes_and_groups_digits(french) -> None:
    from prm_desktop.ui.partners.import_result import describe_result

    assert describe_result(Result(12, 3, 11350, deleted=2)) == (
        f"Lignes : 12 créées, 3 mises à jour, 11{NNBSP}350 inchangées, 2 retirées.")
    assert describe_result(Result(1, 1, 1, deleted=1)) == "Lignes : 1 créée, 1 mise à jour, 1 inchangée, 1 retirée."


def test_import_check_summary_agrees_with_lignes_and_groups_digits(french) -> None:
    from prm_desktop.services.imports.plan_types import ImportPlan, PlannedUnchanged

    unchanged = [PlannedUnchanged(entity="partner", label=f"P{n}", line=n + 2, row_id=str(n)) for n in range(1200)]
    plan = ImportPlan(kind="partners", unchanged_rows=unchanged)
    assert plan.summary() == f"0 à créer, 0 à mettre à jour, 1{NNBSP}200 inchangées"


def _movement_tooltips() -> list[str]:
    from prm_desktop.ui.partners.list_columns import COL_QUALIFIED, COL_TIER, CellFormatter

    @dataclass
    class Row:
        assigned_tier: str | None
        qualified_tier: str | None
        movement: str | None

    formatter = CellFormatter()
    formatter.tier_names = {"gold": "Gold", "silver": "Silver"}
    rows = [Row("gold", None, "demotion"), Row(None, "silver", "promotion"), Row("gold", "silver", "demotion"),
            Row(None, "gold", None), Row("silver", None, None)]  # fmt: skip
    return [formatter.tooltip(row, column) or "" for row in rows for column in (COL_TIER, COL_QUALIFIED)]


def test_movement_tooltips_never_say_niveau_aucun_niveau(french) -> None:
    tips = _movement_tooltips()
    assert not [tip for tip in tips if "niveau aucun" in tip or "attribué aucun" in tip]
    assert "Candidat à la rétrogradation : n’atteint aucun niveau aujourd’hui, niveau attribué Gold" in tips
    assert "Candidat à la promotion : atteint le niveau Silver aujourd’hui, aucun niveau attribué" in tips


def test_movement_tooltips_in_english() -> None:
    tips = _movement_tooltips()
    assert "Demotion candidate: qualifies for no tier today, assigned Gold" in tips
    assert "Promotion candidate: qualifies for Silver today, no tier assigned" in tips


def test_undo_question_groups_the_digits(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, partners=40)  # a demo batch of more than 1,000 rows
    shell = make_shell(lang="fr")
    shell.start()
    asked: list[tuple] = []
    shell.controller.confirm = lambda *args: asked.append(args) or False
    assert not shell.controller.undo()
    question = asked[0][2]
    assert re.search(rf"défait \d{{1,3}}{NNBSP}\d{{3}} modifications\.$", question), question


def test_undone_status_agrees(french) -> None:
    from prm_desktop.domain.i18n import _n

    assert _n("{count} value changed since was kept.", "{count} values changed since were kept.", 1, count=1) == (
        "1 valeur modifiée depuis a été conservée.")
    assert _n("{count} value changed since was kept.", "{count} values changed since were kept.", 1200,
              count=1200) == f"1{NNBSP}200 valeurs modifiées depuis ont été conservées."  # fmt: skip

