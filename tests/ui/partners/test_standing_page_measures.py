"""The Standing page spells out the scores, metric values and yes/no facts of a program that has them."""

from __future__ import annotations

from pathlib import Path

from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.programs import import_program

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "programs" / "examples"


def test_standing_page_lists_the_score_and_its_metrics(uow, tab, qtbot, settle) -> None:
    import_program(uow, (EXAMPLES / "microsoft_security.toml").read_text(encoding="utf-8"))
    generate_demo(uow, partners=20, seed=4)
    ev = next(e for e in evaluate_partners(uow).evaluations if e.tier is None and e.gaps)
    page = tab.editor.standing
    tab.editor.tabs.setCurrentWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.open_partner(ev.partner_id)
    text = page.text.toPlainText()
    assert "Scores, metrics and yes/no facts" in text
    assert "Security score: " in text and "70 needed" in text
    assert "Net customer adds: " in text
    assert ev.gaps[0].text_en in text
