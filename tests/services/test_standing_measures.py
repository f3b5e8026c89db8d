"""The standing page spells out scores, metric values and yes/no facts of programs that declare them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.programs import import_program
from prm_desktop.services.standing import partner_standing

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"


def test_standing_lists_metrics_facts_and_the_gap(app_ctx, tmp_path) -> None:
    import_program(app_ctx.uow, (EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8"))
    partner = create_partner(app_ctx.uow, PartnerInput(name="Nuage Conseil")).id
    metrics = tmp_path / "metrics.csv"
    metrics.write_text("partner,metric,period,value\nNuage Conseil,launched_opportunities,2026-05,4\n"
                       "Nuage Conseil,csat,2026-05,4.2\n", encoding="utf-8")
    plan, _result = import_file(app_ctx.uow, "metrics", metrics)
    assert plan.ok
    set_language("fr")
    standing = partner_standing(app_ctx.uow, partner, on=date(2026, 6, 30))
    assert "Opportunités lancées\u00a0: 4 sur 12\u00a0mois" in standing.current.measures
    assert "Satisfaction client\u00a0: 4,2\u00a0/5 sur 12\u00a0mois" in standing.current.measures
    assert "Plan d’affaires conjoint signé\u00a0: non" in standing.current.measures
    set_language("en")
    standing = partner_standing(app_ctx.uow, partner, on=date(2026, 6, 30))
    assert "Joint business plan signed: no" in standing.current.measures


def test_demo_under_a_scored_program_generates_metrics_and_facts_that_reach_tiers(app_ctx) -> None:
    from prm_desktop.services.demo import generate_demo
    from prm_desktop.services.evaluation import evaluate_partners, evaluation_counts

    import_program(app_ctx.uow, (EXAMPLES / "sophos.toml").read_text(encoding="utf-8"))
    generate_demo(app_ctx.uow, partners=60, seed=3)
    result = evaluate_partners(app_ctx.uow)
    assert any(ev.extras["metrics"]["new_customers"] > 0 for ev in result.evaluations)
    assert any(ev.extras["facts"]["business_plan"] for ev in result.evaluations)
    counts = evaluation_counts(result.evaluations)
    assert counts.get("authorized", 0) + counts.get("silver", 0) > 0
    assert counts.get("gold", 0) + counts.get("platinum", 0) > 0


def test_standing_says_when_a_yes_no_fact_ending_loses_the_tier(app_ctx, tmp_path) -> None:
    import_program(app_ctx.uow, (EXAMPLES / "sophos.toml").read_text(encoding="utf-8"))
    partner = create_partner(app_ctx.uow, PartnerInput(name="Armor Sécurité")).id
    facts = tmp_path / "faits.csv"
    facts.write_text("partenaire;fait;valable du;valable jusqu’au\n"
                     "Armor Sécurité;Contrat partenaire signé;01/01/2026;30/09/2026\n", encoding="utf-8")
    assert import_file(app_ctx.uow, "facts", facts)[0].ok
    set_language("fr")
    standing = partner_standing(app_ctx.uow, partner, on=date(2026, 6, 30))
    assert standing.current.qualified == "Authorized"
    risk = standing.current.risks[0]
    assert risk.date == date(2026, 10, 1)
    assert risk.reason == "«\u00a0Contrat partenaire signé\u00a0» prend fin le 30 sept. 2026"


def test_amounts_typed_in_the_forms_are_in_the_programs_currency(app_ctx) -> None:
    from prm_desktop.domain.partner_facts import RevenueInput
    from prm_desktop.services.evaluation import evaluate_partners
    from prm_desktop.services.standing_facts import add_revenue

    usd = (EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8").replace("EUR = 1.08", "")
    import_program(app_ctx.uow, usd)
    partner = create_partner(app_ctx.uow, PartnerInput(name="Nuage Conseil")).id
    add_revenue(app_ctx.uow, partner, RevenueInput("2026-Q1", "resell", "1000"))
    ev = evaluate_partners(app_ctx.uow, [partner], on=date(2026, 3, 31)).evaluations[0]
    assert ev.revenue == 1000.0  # counted as USD, no rate needed, nothing refused
