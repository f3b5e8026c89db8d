"""Programs in the Competencies tab: import with errors shown, rules, activation, program change impact."""

from __future__ import annotations

from datetime import date

from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.programs import get_program, list_programs
from prm_desktop.ui.competencies.programs import ProgramsPanel
from tests.ui.conftest import make_demo

BAD = """[program]
id = "bad"
name = "Bad"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = -5
min_competencies = 1
"""


def _panel(ui_ctx, qtbot) -> ProgramsPanel:
    panel = ProgramsPanel(ui_ctx)
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    with qtbot.waitSignal(panel.programs_loaded, timeout=10000):
        panel.refresh()
    return panel


def test_a_bad_file_shows_its_errors_and_imports_nothing(ui_ctx, qtbot, tmp_path) -> None:
    panel = _panel(ui_ctx, qtbot)
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    before = list_programs(ui_ctx.app.uow)
    panel.import_file(path)
    qtbot.waitUntil(lambda: panel.message.text().startswith("⚠"), timeout=10000)
    assert "line" in panel.message.text() and "min_revenue" in panel.message.text()
    assert list_programs(ui_ctx.app.uow) == before


def test_import_activate_and_impact(ui_ctx, qtbot, samples) -> None:
    uow = ui_ctx.app.uow
    make_demo(uow, partners=30)
    seed = get_program(uow).id
    panel = _panel(ui_ctx, qtbot)
    assert "Silver" in panel.rules.toPlainText()
    with qtbot.waitSignal(panel.programs_loaded, timeout=30000):
        panel.import_file(samples / "program_example.toml")
    assert get_program(uow).id == "example-2026"
    assert panel.model.rows()[0].active and panel.model.rows()[0].id == "example-2026"
    assert panel.compare_combo.currentData() == seed
    with qtbot.waitSignal(panel.impact_loaded, timeout=30000) as got:
        panel.compare()
    impact = got.args[0]
    on = date.today()
    now = {e.partner_id: e for e in evaluate_partners(uow, on=on).evaluations}
    other = {e.partner_id: e for e in evaluate_partners(uow, on=on, program_id=seed).evaluations}
    changed = {pid for pid in now if now[pid].tier != other[pid].tier or now[pid].levels != other[pid].levels}
    assert {r.partner_id for r in impact.rows} <= set(now)
    tier_changes = {pid for pid in now if now[pid].tier != other[pid].tier}
    missing = tier_changes - {r.partner_id for r in impact.rows}
    assert not missing, [(now[p].tier, other[p].tier) for p in missing]
    assert {r.partner_id for r in impact.rows} <= changed
    assert "partners" in panel.impact_label.text()
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.programs_loaded, timeout=30000):
        panel.activate_selected()
    assert get_program(uow).id == seed
