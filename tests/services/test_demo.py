"""Demo portfolio: realistic content from the active program, deterministic, one undoable batch."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from prm_desktop.bootstrap import open_app
from prm_desktop.domain.cell_values import PARTNER_TYPES, STATUSES
from prm_desktop.domain.validation import luhn_valid, validate_vat_fr
from prm_desktop.services.batches import undo_batch
from prm_desktop.services.demo import DemoCancelled, DemoResult, generate_demo
from prm_desktop.services.demo.generator import build_rows
from prm_desktop.services.programs import get_program
from prm_desktop.storage.models import SYNCED_MODELS, Partner

TODAY = date(2026, 5, 15)
SYNCED_TABLES = sorted(m.class_.__tablename__ for m in SYNCED_MODELS)
DEMO_TABLES = (
    "team_members",
    "stakeholders",
    "partners",
    "partner_distributors",
    "contacts",
    "certifications",
    "customer_references",
    "revenue_lines",
    "targets",
    "stakeholder_links",
    "visits",
    "visit_partners",
    "visit_attendees",
    "visit_report_sections",
    "notes",
    "action_items",
    "partner_metrics",  # rows only under a program with metrics (tests/services/test_standing_measures.py)
    "partner_yes_no_facts",
)


def _rows(uow, sql: str, **params) -> list:
    with uow.read() as session:
        return session.execute(text(sql), params).all()


def _one(uow, sql: str, **params):
    return _rows(uow, sql, **params)[0][0]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """One 60-partner demo shared by the read-only tests of this module."""
    ctx = open_app(tmp_path_factory.mktemp("demo60"))
    result = generate_demo(ctx.uow, partners=60, seed=7, today=TODAY)
    yield ctx.uow, result
    ctx.close()


def test_counts_match_the_tables_and_the_design_proportions(portfolio) -> None:
    uow, result = portfolio
    assert isinstance(result, DemoResult)
    assert set(result.counts) == set(DEMO_TABLES)
    for table, count in result.counts.items():
        assert _one(uow, f"SELECT count(*) FROM {table}") == count, table
    counts = result.counts
    assert counts["partners"] == 60
    assert 2.5 <= counts["contacts"] / 60 <= 3.5
    assert 3.0 <= counts["certifications"] / 60 <= 5.0
    assert 6.0 <= counts["revenue_lines"] / 60 <= 10.0
    assert 1.6 <= counts["visits"] / 60 <= 2.6
    assert 2.2 <= counts["notes"] / 60 <= 3.6
    assert counts["team_members"] == 3
    batch = _rows(uow, "SELECT kind, row_count FROM batches WHERE id = :id", id=result.batch_id)[0]
    assert batch == ("demo", result.total)


def test_every_partner_type_and_status_and_accented_names(portfolio) -> None:
    uow, _result = portfolio
    types = {r[0] for r in _rows(uow, "SELECT DISTINCT type FROM partners")}
    statuses = {r[0] for r in _rows(uow, "SELECT DISTINCT status FROM partners")}
    assert types == set(PARTNER_TYPES.values())
    assert statuses == set(STATUSES.values())
    names = [r[0] for r in _rows(uow, "SELECT name FROM partners")]
    assert "Œuvre Numérique" in names and "Intégra Conseil" in names
    assert sum(not n.isascii() for n in names) >= 10
    assert len(set(names)) == len(names)
    countries = {r[0] for r in _rows(uow, "SELECT DISTINCT country FROM partners")}
    assert "France" in countries


def test_identifiers_are_valid(portfolio) -> None:
    uow, _result = portfolio
    rows = _rows(uow, "SELECT siren, siret, vat FROM partners WHERE country = 'France'")
    assert rows
    for siren, siret, vat in rows:
        assert len(siren) == 9 and luhn_valid(siren)
        if siret:
            assert siret.startswith(siren) and luhn_valid(siret)
        if vat:
            assert validate_vat_fr(vat) == vat


def test_program_facts_come_from_the_active_program(portfolio) -> None:
    uow, _result = portfolio
    program = get_program(uow)
    codes = {c for comp in program.competencies for c in comp.certifications} | {c.code for c in program.certifications}
    families = {c.product_family for c in program.competencies}
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT code FROM certifications")} <= codes
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT assigned_tier FROM partners")} - {None} <= {
        t.id for t in program.tiers
    }
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT product_family FROM revenue_lines")} <= families
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT competency_id FROM customer_references")} <= {
        c.id for c in program.competencies
    }
    assert (
        _one(
            uow,
            "SELECT count(*) FROM certifications c JOIN contacts k ON k.id = c.contact_id "
            "WHERE k.partner_id <> c.partner_id",
        )
        == 0
    )


def test_people_certifications_and_revenue_are_varied(portfolio) -> None:
    uow, _result = portfolio
    today = TODAY.isoformat()
    assert _one(uow, "SELECT count(*) FROM contacts WHERE left_on IS NOT NULL") > 0
    assert _one(uow, "SELECT count(*) FROM contacts WHERE left_on IS NOT NULL AND is_primary") == 0
    assert _one(uow, "SELECT count(*) FROM certifications WHERE expires_on < :d", d=today) > 0
    assert _one(uow, "SELECT count(*) FROM certifications WHERE expires_on >= :d", d=today) > 0
    assert _one(uow, "SELECT count(*) FROM revenue_lines WHERE amount < 0") > 0
    assert _one(uow, "SELECT count(DISTINCT quarter) FROM revenue_lines") == 8
    assert _one(uow, "SELECT max(quarter) FROM revenue_lines") == "2026-Q2"
    assert _one(uow, "SELECT count(*) FROM revenue_lines WHERE distributor_id IS NOT NULL") > 0
    assert _one(uow, "SELECT count(*) FROM targets") > 0
    assert (
        _one(
            uow,
            "SELECT count(*) FROM partner_distributors d JOIN partners p ON p.id = d.distributor_id "
            "WHERE p.type <> 'distributor'",
        )
        == 0
    )
    soon = _one(uow, "SELECT count(*) FROM partners WHERE contract_end BETWEEN :a AND date(:a, '+90 days')", a=today)
    assert soon > 0
    units = {r[0] for r in _rows(uow, "SELECT DISTINCT business_unit FROM stakeholders")}
    assert {"Ventes", "Marketing partenaires", "Avant-vente", "Support", "Finance", "Juridique"} <= units
    links = _rows(uow, "SELECT DISTINCT relation, influence, stance FROM stakeholder_links")
    assert len({r[1] for r in links}) == 3 and len({r[2] for r in links}) == 3


def test_visits_and_notes(portfolio) -> None:
    uow, _result = portfolio
    statuses = {r[0] for r in _rows(uow, "SELECT DISTINCT status FROM visits")}
    assert {"planned", "done"} <= statuses
    assert len({r[0] for r in _rows(uow, "SELECT DISTINCT kind FROM visits")}) >= 3
    planned_past = _one(
        uow, "SELECT count(*) FROM visits WHERE status = 'planned' AND starts_at < :d", d=TODAY.isoformat()
    )
    assert planned_past == 0
    multi = _one(
        uow, "SELECT count(*) FROM (SELECT visit_id FROM visit_partners GROUP BY visit_id HAVING count(*) > 1)"
    )
    assert multi >= 2
    assert (
        _one(
            uow,
            "SELECT count(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM visit_partners p WHERE p.visit_id = v.id)",
        )
        == 0
    )
    assert _one(uow, "SELECT count(*) FROM visit_attendees") > 0
    assert _one(uow, "SELECT count(*) FROM visit_report_sections WHERE internal_only") > 0
    assert _one(uow, "SELECT count(*) FROM visit_report_sections WHERE NOT internal_only") > 0
    assert _one(uow, "SELECT count(*) FROM action_items") > 0
    assert _one(uow, "SELECT count(*) FROM notes WHERE internal_only") > 0
    assert _one(uow, "SELECT count(*) FROM notes WHERE NOT internal_only") > 0
    assert _one(uow, "SELECT count(*) FROM notes WHERE pinned") > 0


def test_me_is_a_team_member(portfolio) -> None:
    uow, _result = portfolio
    me = _one(uow, "SELECT me_member_id FROM user_profile WHERE id = 1")
    assert _one(uow, "SELECT count(*) FROM team_members WHERE id = :id", id=me) == 1


def test_every_row_is_in_the_change_log(portfolio) -> None:
    uow, result = portfolio
    for table in SYNCED_TABLES:
        missing = _one(
            uow,
            f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
            "(SELECT 1 FROM change_log c WHERE c.row_id = t.id AND c.hlc = t.hlc)",
        )
        assert missing == 0, table
    logged = _one(uow, "SELECT count(*) FROM change_log WHERE batch_id = :b AND op = 'insert'", b=result.batch_id)
    assert logged == result.total


def test_same_seed_gives_the_same_portfolio(portfolio, tmp_path) -> None:
    uow, result = portfolio
    ctx = open_app(tmp_path / "again")
    try:
        again = generate_demo(ctx.uow, partners=60, seed=7, today=TODAY)
        same = [r[0] for r in _rows(ctx.uow, "SELECT name FROM partners ORDER BY name")]
        contacts = _rows(ctx.uow, "SELECT name, email FROM contacts ORDER BY email, name")
    finally:
        ctx.close()
    assert again.counts == result.counts
    assert same == [r[0] for r in _rows(uow, "SELECT name FROM partners ORDER BY name")]
    assert contacts == _rows(uow, "SELECT name, email FROM contacts ORDER BY email, name")


def test_another_seed_gives_another_portfolio(portfolio) -> None:
    program = get_program(portfolio[0])

    def partner_names(seed: int) -> list[str]:
        tables = dict(build_rows(program, 60, seed, TODAY))
        return [row["name"] for row in tables[Partner]]

    assert partner_names(7) == partner_names(7)
    assert partner_names(7) != partner_names(8)


def test_cancel_writes_nothing(uow) -> None:
    calls = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append((done, total, message))

    with pytest.raises(DemoCancelled):
        generate_demo(uow, partners=100, seed=1, today=TODAY, progress=progress, cancelled=lambda: len(calls) >= 3)
    assert calls[0][1] == 0 and calls[-1][0] > 0
    for table in DEMO_TABLES:
        assert _one(uow, f"SELECT count(*) FROM {table}") == 0, table
    assert _one(uow, "SELECT count(*) FROM batches WHERE kind = 'demo'") == 0


def test_progress_then_undo_batch_removes_the_demo(uow) -> None:
    calls = []
    result = generate_demo(uow, partners=12, seed=4, today=TODAY, progress=lambda *a: calls.append(a))
    assert calls[0][:2] == (0, 0)
    done = [c[0] for c in calls[1:]]
    assert done == sorted(done) and calls[-1][:2] == (result.total, result.total)
    assert _one(uow, "SELECT count(*) FROM partners WHERE deleted_at IS NULL") == 12
    undo_batch(uow, result.batch_id)
    for table in DEMO_TABLES:
        assert _one(uow, f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL") == 0, table


def test_at_least_one_partner() -> None:
    with pytest.raises(ValueError):
        generate_demo(None, partners=0)  # type: ignore[arg-type]  # checked before any database use


OTHER_PROGRAM = """
[program]
id = "other-2026"
name = "Autre programme"
valid_from = 2026-01-01
revenue_window_quarters = 2

[[tiers]]
id = "bronze"
name = "Bronze"
rank = 10
min_revenue = 20000
min_competencies = 0

[[tiers]]
id = "argent"
name = "Argent"
rank = 20
min_revenue = 90000
min_competencies = 1

[[competencies]]
id = "erp"
name = "ERP"
dimension = "market"
product_family = "erp-suite"
certifications = ["ERP-CONSULTANT"]

[[competencies.levels]]
id = "certified"
name = "Certifié"
rank = 1
min_accredited = 1
min_revenue = 1000
min_references = 0
"""


def test_another_active_program_shapes_the_demo(uow) -> None:
    from prm_desktop.services.programs import import_program

    import_program(uow, OTHER_PROGRAM, activate=True)
    generate_demo(uow, partners=15, seed=5, today=TODAY)
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT code FROM certifications")} == {"ERP-CONSULTANT"}
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT assigned_tier FROM partners")} - {None} <= {
        "bronze",
        "argent",
    }
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT product_family FROM revenue_lines")} == {"erp-suite"}
    assert {r[0] for r in _rows(uow, "SELECT DISTINCT competency_id FROM customer_references")} <= {"erp"}
    assert _one(uow, "SELECT count(DISTINCT quarter) FROM targets") == 2


def _tier_met_by_assigned_tier(uow) -> dict[str, list[bool]]:
    """Per assigned tier, whether each active partner meets it (or better) under the active program."""
    from prm_desktop.services.evaluation import evaluate_partners

    rank = {t.id: t.rank for t in get_program(uow).tiers}
    status = dict(_rows(uow, "SELECT id, status FROM partners"))
    meets: dict[str, list[bool]] = {}
    for ev in evaluate_partners(uow, on=TODAY).evaluations:
        if ev.assigned_tier and status[ev.partner_id] in ("active", "at_risk"):
            met = ev.tier is not None and rank[ev.tier] >= rank[ev.assigned_tier]
            meets.setdefault(ev.assigned_tier, []).append(met)
    return meets


def test_partners_really_meet_their_assigned_tier(portfolio) -> None:
    """Most active partners of every tier meet it under the program's rules (Gold: 1 Expert...)."""
    uow, _result = portfolio
    meets = _tier_met_by_assigned_tier(uow)
    assert set(meets) == {"silver", "gold", "platinum"}
    for tier, flags in meets.items():
        assert sum(flags) >= len(flags) / 2, (tier, flags)


def test_partners_meet_their_tier_under_a_program_with_people_by_role_and_a_cap(uow) -> None:
    """Under the Cisco example (1 sales + 2 technical per specialization, 2 per person), the demo is believable.

    A channel manager at such a vendor imports the program, then loads the demo: most active partners of
    each tier must meet it, as under the default program (role-tagged certifications, people spread over
    the specializations so that the cap leaves each one its people).
    """
    from pathlib import Path

    from prm_desktop.services.programs import import_program

    cisco = Path(__file__).parents[2] / "resources" / "programs" / "examples" / "cisco-2026.toml"
    import_program(uow, cisco.read_text(encoding="utf-8"), activate=True)
    generate_demo(uow, partners=120, seed=11, today=TODAY)
    meets = _tier_met_by_assigned_tier(uow)
    assert {"select", "premier"} <= set(meets)
    for tier, flags in meets.items():
        assert sum(flags) >= len(flags) / 2, (tier, flags)
