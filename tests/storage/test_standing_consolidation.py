"""The Competencies tab's consolidation (partners, revenue and target per tier, qualified tier, type,
region and owner) is kept in step with ``partner_summary`` by the database itself: whatever writes the
summary (imports, edits, deletes, restores, undo, a program change, a re-evaluation, a rebuild), the
consolidated figures equal a straight ``GROUP BY`` over the summary, so the precomputed rows never drift.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import date

import pytest
from alembic import command

from prm_desktop.domain.partner_facts import RevenueInput
from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services import partner_summary
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partners import create_partner, delete_partner, restore_partner, update_partner
from prm_desktop.services.portfolio import refresh_evaluations
from prm_desktop.services.programs import activate_program, import_program, list_programs
from prm_desktop.services.standing_facts import add_revenue, delete_revenue
from prm_desktop.services.standing_portfolio import portfolio_view
from prm_desktop.storage import migrate
from prm_desktop.storage.models import Partner, TeamMember
from prm_desktop.storage.standing.consolidation import DIMENSIONS, consolidated

TODAY = date.today()


def _straight(path, column: str) -> dict[str | None, tuple[int, float, float]]:
    """``GROUP BY column`` over the summary, sums taken exactly (``math.fsum``) on the stored values."""
    groups: dict[str | None, tuple[int, list[float], list[float]]] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for key, revenue, target in conn.execute(
                f"SELECT {column}, revenue_window, target_window FROM partner_summary"):  # fmt: skip
            n, revenues, targets = groups.setdefault(key, (0, [], []))
            revenues.append(revenue or 0.0)
            targets.append(target or 0.0)
            groups[key] = (n + 1, revenues, targets)
    return {key: (n, math.fsum(r), math.fsum(t)) for key, (n, r, t) in groups.items()}


def assert_in_step(ctx) -> None:
    """Every dimension's consolidated rows equal the straight GROUP BY (same groups, counts and sums)."""
    for dimension, column in DIMENSIONS.items():
        expected = _straight(ctx.db.path, column)
        with ctx.uow.read() as session:
            found = consolidated(session, dimension)
        assert [key for key, *_ in found] == sorted(expected, key=lambda k: (k is not None, k or "")), dimension
        for key, partners, revenue, target in found:
            n, total, goal = expected[key]
            assert partners == n, (dimension, key)
            assert revenue == pytest.approx(total, rel=1e-12, abs=1e-6), (dimension, key)
            assert target == pytest.approx(goal, rel=1e-12, abs=1e-6), (dimension, key)


@pytest.fixture
def demo(app_ctx):
    generate_demo(app_ctx.uow, partners=60, seed=11)
    return app_ctx


def _live_ids(ctx) -> list[str]:
    with ctx.uow.read() as session:
        return sorted(session.scalars(Partner.__table__.select().with_only_columns(Partner.id)
                                      .where(Partner.deleted_at.is_(None))))  # fmt: skip


def test_a_demo_portfolio_is_consolidated(demo) -> None:
    assert_in_step(demo)
    with demo.uow.read() as session:
        assert sum(n for _key, n, *_ in consolidated(session, "tier")) == 60


def test_imports_edits_deletes_restores_and_undo_keep_it_in_step(demo, samples) -> None:
    uow = demo.uow
    import_program(uow, (samples / "program_example.toml").read_text(encoding="utf-8"))  # a program change
    assert_in_step(demo)
    import_file(uow, "partners", samples / "partners.xlsx")
    import_file(uow, "revenue", samples / "revenue.csv")
    import_file(uow, "targets", samples / "targets.csv")
    assert_in_step(demo)

    ids = _live_ids(demo)
    with uow(label="owners and regions") as work:  # a rename moves every partner of that owner
        member = work.session.scalars(TeamMember.__table__.select().with_only_columns(TeamMember.id)).first()
        work.session.get(TeamMember, member).name = "Zoé Renommée"
        for pid in ids[:5]:
            partner = work.session.get(Partner, pid)
            partner.region, partner.type, partner.owner_id = None, "distributor", None
        work.commit()
    assert_in_step(demo)

    new = create_partner(uow, PartnerInput(name="Nouveau partenaire", region="Bretagne", type="integrator"),
                         allow_duplicates=True).id  # fmt: skip
    line = add_revenue(uow, new, RevenueInput(str(_current_quarter()), "resell", "1234.56"))
    add_revenue(uow, ids[6], RevenueInput(str(_current_quarter()), "resell", "0.1"))
    update_partner(uow, new, PartnerInput(name="Nouveau partenaire", region="Normandie", type="integrator"),
                   allow_duplicates=True)  # fmt: skip
    assert_in_step(demo)

    delete_revenue(uow, line)
    delete_partner(uow, ids[7])
    delete_partner(uow, new)
    assert_in_step(demo)
    restore_partner(uow, new)
    undo_batch(uow, last_undoable(uow).id)  # undo the restore
    assert_in_step(demo)
    undo_batch(uow, last_undoable(uow).id)  # undo the deletion of `new`
    assert_in_step(demo)


def test_program_changes_and_re_evaluation_keep_it_in_step(demo, samples) -> None:
    uow = demo.uow
    before = next(p for p in list_programs(uow) if p.active)
    refresh_evaluations(uow)  # qualified tiers and movements change
    assert_in_step(demo)
    import_program(uow, (samples / "program_example.toml").read_text(encoding="utf-8"))
    refresh_evaluations(uow)
    assert_in_step(demo)
    activate_program(uow, before.id)
    refresh_evaluations(uow)
    assert_in_step(demo)
    partner_summary.refresh_all(uow, date(TODAY.year + 1, 1, 15))  # a new quarter: every window moves
    assert_in_step(demo)


def test_a_rebuild_repairs_a_damaged_consolidation(demo) -> None:
    with sqlite3.connect(demo.db.path) as conn:
        conn.execute("UPDATE standing_consolidation SET partners = partners + 3, revenue = revenue * 2")
    partner_summary.rebuild_derived(demo.uow)
    assert_in_step(demo)


def test_the_revenue_and_tier_views_show_the_consolidated_figures(demo) -> None:
    refresh_evaluations(demo.uow)
    for by, column in (("tier", "assigned_tier"), ("type", "type"), ("region", "region"), ("owner", "owner_name")):
        expected = _straight(demo.db.path, column)
        rows = portfolio_view(demo.uow, f"revenue_{by}").rows
        assert sorted((r.count, round(r.revenue, 2), round(r.target, 2)) for r in rows) == sorted(
            (n, round(revenue, 2), round(target, 2)) for n, revenue, target in expected.values())
    tiers = portfolio_view(demo.uow, "tiers").rows
    assigned, qualified = _straight(demo.db.path, "assigned_tier"), _straight(demo.db.path, "qualified_tier")
    assert sum(r.assigned_count for r in tiers) == sum(n for n, *_ in assigned.values()) == 60
    assert sum(r.count for r in tiers) == sum(n for n, *_ in qualified.values()) == 60


def test_a_portfolio_upgraded_from_the_previous_schema_is_consolidated(demo) -> None:
    demo.close()
    config = migrate.alembic_config(demo.db.path)
    command.downgrade(config, "0012_visit_status_index")  # the revision before 0013
    with sqlite3.connect(demo.db.path) as conn:
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'standing_consolidation'").fetchall()
        conn.execute("UPDATE partner_summary SET revenue_window = revenue_window + 1.25")
    command.upgrade(config, "head")
    from prm_desktop.bootstrap import open_app

    ctx = open_app(demo.paths.data_dir)
    try:
        assert_in_step(ctx)
    finally:
        ctx.close()


def _current_quarter():
    from prm_desktop.domain.quarters import quarter_of

    return quarter_of(TODAY)


@pytest.mark.parametrize("kind", ["tiers", "revenue_tier", "revenue_type", "revenue_region", "revenue_owner"])
def test_the_tier_and_revenue_views_read_only_their_groups(demo, kind) -> None:
    """No GROUP BY over every partner when a view opens (103 to 131 ms at 100,000 partners before)."""
    from tests.storage.test_lookup_indexes import _plans

    plans = _plans(demo, lambda: portfolio_view(demo.uow, kind))
    reads = [p for p in plans if "partner_summary" in p or "standing_consolidation" in p]
    assert reads and all("partner_summary" not in p for p in reads), reads
    assert all("(dimension=?)" in p and "TEMP B-TREE" not in p for p in reads), reads


def test_the_expiring_view_reads_certifications_and_contacts_from_covering_indexes(demo) -> None:
    """5,000 certifications of 100,000 partners: each row read from the indexes, not from the wide tables
    (at 100,000 partners the storage read took 82 ms of CPU, 50 ms with them)."""
    from tests.storage.test_lookup_indexes import _plans

    plan = next(p for p in _plans(demo, lambda: portfolio_view(demo.uow, "expiring")) if "certifications" in p
                or " c " in p or "SEARCH c " in p)  # fmt: skip
    assert "SEARCH c USING COVERING INDEX ix_certifications_expires_on" in plan, plan
    assert "SEARCH k USING COVERING INDEX ix_contacts_live_name" in plan, plan
