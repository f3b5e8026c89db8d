"""A program with a review date, evaluated from the database: facts of the last review day are read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prm_desktop.cli import main
from prm_desktop.domain.i18n import set_language
from prm_desktop.services import evaluation, programs
from prm_desktop.services.standing import partner_standing
from prm_desktop.storage.models import Certification, Contact, Partner
from prm_desktop.ui.competencies.words import standing_html

TEXT = (Path(__file__).parents[1] / "data" / "program_review.toml").read_text(encoding="utf-8")


def _partner(uow) -> str:
    programs.import_program(uow, TEXT + 'review_date = "03-31"\n')
    with uow(label="setup") as work:
        p = Partner(name="Revue SA", assigned_tier="gold")
        work.session.add(p)
        work.session.flush()
        ann, bob = Contact(partner_id=p.id, name="Ann"), Contact(partner_id=p.id, name="Bob")
        work.session.add_all([ann, bob])
        work.session.flush()
        work.session.add_all([
            Certification(partner_id=p.id, contact_id=ann.id, code="SEC", obtained_on=date(2025, 1, 1)),
            Certification(partner_id=p.id, contact_id=bob.id, code="SEC", obtained_on=date(2025, 1, 1),
                          expires_on=date(2026, 6, 30)),
        ])
        work.commit()
        return p.id


def test_tier_kept_until_the_review_from_database_facts(uow) -> None:
    partner_id = _partner(uow)
    # Bob's certification has expired on 1 July, but it counted on the review of 31 March 2026.
    ev = evaluation.evaluate_partners(uow, [partner_id], on=date(2026, 7, 1)).evaluations[0]
    assert (ev.tier, ev.tier_met, ev.tier_kept_until) == ("gold", "silver", date(2027, 3, 30))
    assert ev.explanations[0].text_en == "Gold kept until the review of 31/03/2027"


def test_standing_page_and_table_say_why_the_tier_is_kept(data_dir, app_ctx, uow, capsys) -> None:
    partner_id = _partner(uow)
    standing = partner_standing(uow, partner_id, on=date(2026, 7, 1)).current
    assert standing.explanations == ["Gold kept until the review of 31/03/2027",
                                     "Security Expert kept until the review of 31/03/2027"]
    assert standing.risks[0].reason == "kept until the review of 31 Mar 2027"
    assert "<p>Gold kept until the review of 31/03/2027</p>" in standing_html(standing)  # the Standing page
    set_language("fr")
    try:
        standing = partner_standing(uow, partner_id, on=date(2026, 7, 1)).current
        assert standing.explanations[0] == "Gold gardé jusqu’à la revue du 31/03/2027"
        assert standing.risks[0].reason == "gardé jusqu’à la revue du 31 mars 2027"
    finally:
        set_language("en")
    app_ctx.close()
    assert main(["--data-dir", str(data_dir), "evaluate", "--date", "2026-07-01"]) == 0
    assert "Revue SA: Gold kept until the review of 31/03/2027" in capsys.readouterr().out
