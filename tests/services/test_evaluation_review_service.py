"""A program with a review date, evaluated from the database: facts of the last review day are read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prm_desktop.services import evaluation, programs
from prm_desktop.storage.models import Certification, Contact, Partner

TEXT = (Path(__file__).parents[1] / "data" / "program_review.toml").read_text(encoding="utf-8")


def test_tier_kept_until_the_review_from_database_facts(uow) -> None:
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
        partner_id = p.id
    # Bob's certification has expired on 1 July, but it counted on the review of 31 March 2026.
    ev = evaluation.evaluate_partners(uow, [partner_id], on=date(2026, 7, 1)).evaluations[0]
    assert (ev.tier, ev.tier_met, ev.tier_kept_until) == ("gold", "silver", date(2027, 3, 30))
    assert ev.explanations[0].text_en == "Gold kept until the review of 31/03/2027"
