"""Evaluation of partners read from a real database, and the ``evaluate`` CLI (formats.md §3)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from prm_desktop.cli import main
from prm_desktop.services import evaluation
from prm_desktop.storage.models import Certification, Contact, CustomerReference, Partner, RevenueLine


@pytest.fixture
def oeuvre(uow) -> str:
    """A Gold-assigned partner that qualifies for Silver with Security Principal (seed program)."""
    with uow(label="setup") as work:
        p = Partner(name="Œuvre Numérique SAS", assigned_tier="gold", city="Lyon")
        work.session.add(p)
        work.session.flush()
        jean = Contact(partner_id=p.id, name="Jean Dupont")
        marie = Contact(partner_id=p.id, name="Marie Curie")
        gone = Contact(partner_id=p.id, name="Paul Parti", left_on=date(2026, 3, 1))
        work.session.add_all([jean, marie, gone])
        work.session.flush()
        work.session.add_all([
            Certification(partner_id=p.id, contact_id=jean.id, code="SEC-TECH", obtained_on=date(2025, 1, 10),
                          expires_on=date(2026, 8, 31)),
            Certification(partner_id=p.id, contact_id=marie.id, code="SEC-SALES", obtained_on=date(2025, 5, 1)),
            Certification(partner_id=p.id, contact_id=gone.id, code="SEC-TECH", obtained_on=date(2025, 5, 1)),
            CustomerReference(partner_id=p.id, competency_id="security", customer="Ville de Lyon",
                              validated=True, ref_date=date(2026, 2, 1)),
            RevenueLine(partner_id=p.id, quarter="2026-Q2", period_start=date(2026, 4, 1),
                        motion="resell", product_family="security",
                        amount=120000.0),
            RevenueLine(partner_id=p.id, quarter="2025-Q3", period_start=date(2025, 7, 1),
                        motion="co-sell", product_family="cloud",
                        amount=200000.0),
            RevenueLine(partner_id=p.id, quarter="2026-Q1", period_start=date(2026, 1, 1),
                        motion="resell", product_family="cloud",
                        amount=-10000.0),
            RevenueLine(partner_id=p.id, quarter="2025-Q2", period_start=date(2025, 4, 1),
                        motion="resell", product_family="cloud",
                        amount=999999.0),  # outside the 4-quarter window ending 2026-Q2
        ])
        work.commit()
        return p.id


def test_partner_is_evaluated_from_database_facts(uow, oeuvre) -> None:
    result = evaluation.evaluate_partners(uow, [oeuvre], on=date(2026, 6, 15))
    ev = result.evaluations[0]
    assert ev.tier == "silver" and ev.assigned_tier == "gold" and ev.movement == "demotion"
    assert ev.revenue == pytest.approx(310000.0)
    assert ev.levels == {"security": "principal"}
    assert ev.counts["security"].accredited == 2  # the contact who left does not count
    assert ev.at_risk and ev.at_risk[0].date == date(2026, 9, 1)
    assert "Jean Dupont" in ev.at_risk[0].reason
    gold = [g for g in ev.gaps if g.kind == "tier"]
    assert gold and gold[0].target == "gold" and gold[0].amount == pytest.approx(190000.0)
    assert gold[0].text_fr == "190\u202f000\u00a0€ de CA de plus pour Gold"
    assert gold[0].text_en == "€190,000 more revenue for Gold"


def test_partner_found_by_name_without_accents_or_legal_form(uow, oeuvre) -> None:
    assert evaluation.resolve_partners(uow, ["oeuvre numerique"]) == [oeuvre]
    with pytest.raises(evaluation.PartnerNotFoundError):
        evaluation.resolve_partners(uow, ["Nobody Ltd"])


def test_evaluate_json_matches_the_documented_shape(data_dir, app_ctx, oeuvre, capsys) -> None:
    app_ctx.close()
    code = main(["--data-dir", str(data_dir), "evaluate", "--partner", "Œuvre Numérique", "--date",
                 "2026-06-15", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == "2026-06-15" and out["program_id"] == "vendor-2026-v2"
    partner = out["partners"][0]
    assert set(partner) == {"id", "name", "assigned_tier", "tier", "revenue", "levels", "counts", "gaps",
                            "at_risk"}
    assert partner["tier"] == "silver" and partner["levels"] == {"security": "principal"}
    assert partner["counts"]["security"] == {"accredited": 2, "references": 1, "revenue": 120000.0}
    assert partner["at_risk"][0]["date"] == "2026-09-01"
    assert partner["at_risk"][0]["lost"] in {"security:principal", "tier:silver"}
    assert {"kind", "target", "missing", "amount", "text_fr", "text_en"} <= set(partner["gaps"][0])


def test_evaluate_compare_and_table(data_dir, app_ctx, oeuvre, samples, capsys) -> None:
    app_ctx.close()
    assert main(["--data-dir", str(data_dir), "program", "import", str(samples / "program_example.toml"),
                 "--no-activate"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "evaluate", "--date", "2026-06-15", "--compare", "example-2026",
                 "--json"]) == 0
    partner = json.loads(capsys.readouterr().out)["partners"][0]
    assert set(partner["compare"]) == {"tier", "levels"}
    assert main(["--data-dir", str(data_dir), "evaluate", "--date", "2026-06-15"]) == 0
    table = capsys.readouterr().out
    assert "Œuvre Numérique SAS" in table and "Silver" in table and "Security: Principal" in table  # names, not ids
    assert main(["--data-dir", str(data_dir), "evaluate", "--partner", "nobody"]) == 1


def test_bad_date_is_a_usage_error(data_dir, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "evaluate", "--date", "31/06/2026"])
    assert done.value.code == 2
    assert "(expected dd/mm/yyyy or yyyy-mm-dd, day first)" in capsys.readouterr().err


def test_facts_read_for_one_date_give_the_same_evaluation(uow) -> None:
    """Reading only what a date can use (present contacts, valid certifications…) changes no result."""
    from prm_desktop.domain.evaluation import evaluate, evaluation_to_json
    from prm_desktop.services.demo import generate_demo
    from prm_desktop.services.evaluation import first_window_quarter, load_facts
    from prm_desktop.services.programs import get_program

    generate_demo(uow, partners=60, seed=5)
    program = get_program(uow)
    on = date.today()
    since = first_window_quarter([program], on)
    full = load_facts(uow, None, since)
    narrow = load_facts(uow, None, since, on)
    assert sum(len(f.certifications) for f in narrow) < sum(len(f.certifications) for f in full)
    for a, b in zip(full, narrow, strict=True):
        assert evaluation_to_json(evaluate(program, a, on)) == evaluation_to_json(evaluate(program, b, on))
