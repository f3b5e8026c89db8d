"""The partner summary: revenue window, attainment, visits and cadence, kept in step by commits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from prm_desktop.domain.quarters import parse_quarter
from prm_desktop.services import partner_summary, search_index
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner, update_partner
from prm_desktop.services.programs import default_program_text, import_program
from prm_desktop.services.team import TeamMemberInput, create_team_member
from prm_desktop.storage.models import PartnerSummary, RevenueLine, Target, TeamMember, Visit, VisitPartner

TODAY = date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(partner_summary, "today", lambda: TODAY)


ADDED = datetime(2026, 1, 2, 8, tzinfo=UTC)  # partners are "added to the portfolio" on 2 January


@pytest.fixture(autouse=True)
def _fixed_creation_time(monkeypatch):
    from prm_desktop.storage import change_log

    monkeypatch.setattr(change_log, "utcnow", lambda: ADDED)


@pytest.fixture(autouse=True)
def _only_derived_table_hooks(uow):
    """Evaluation columns are set by hand here: leave out the program engine's own hook."""
    mine = {partner_summary.__name__, search_index.__name__}
    uow.hooks[:] = [hook for hook in uow.hooks if hook.__module__ in mine]


def _summary(uow, partner_id) -> PartnerSummary | None:
    with uow.read() as session:
        return session.get(PartnerSummary, partner_id)


def _partner(uow, name="Acme", **fields):
    return create_partner(uow, PartnerInput(name=name, **fields), allow_duplicates=True)


def _money(uow, partner_id, revenue=(), targets=()):
    with uow(label="facts") as work:
        for quarter, amount in revenue:
            work.session.add(RevenueLine(partner_id=partner_id, quarter=quarter, motion="resell", amount=amount,
                                         period_start=parse_quarter(quarter).start_date()))
        for quarter, amount in targets:
            work.session.add(Target(partner_id=partner_id, quarter=quarter, amount=amount,
                                    period_start=parse_quarter(quarter).start_date()))
        work.commit()


def _visit(uow, partner_ids, day, kind="on_site", status="done"):
    with uow(label="visit") as work:
        visit = Visit(kind=kind, starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC), status=status)
        work.session.add(visit)
        work.session.flush()
        for pid in partner_ids:
            work.session.add(VisitPartner(visit_id=visit.id, partner_id=pid))
        work.commit()
        return visit.id


def test_revenue_window_of_the_seed_program_and_attainment(uow):
    acme = _partner(uow)
    # Seed program: 4 calendar quarters ending with 2026-Q2 (the quarter of TODAY).
    _money(uow, acme.id, revenue=[("2025-Q2", 999), ("2025-Q3", 100), ("2026-Q1", 50.5), ("2026-Q2", -10),
                                  ("2026-Q3", 1000)],
           targets=[("2025-Q3", 200), ("2026-Q2", 80), ("2026-Q4", 5000)])  # fmt: skip
    row = _summary(uow, acme.id)
    assert row.revenue_window == pytest.approx(140.5)
    assert row.target_window == pytest.approx(280)
    assert row.attainment == pytest.approx(140.5 / 280)
    assert row.computed_on == TODAY


def test_no_target_gives_no_attainment(uow):
    acme = _partner(uow)
    _money(uow, acme.id, revenue=[("2026-Q2", 10)])
    row = _summary(uow, acme.id)
    assert (row.revenue_window, row.target_window, row.attainment) == (10, 0, None)


def test_revenue_window_respects_the_fiscal_start_month(uow):
    text = default_program_text().replace("fiscal_year_start_month = 1", "fiscal_year_start_month = 4")
    text = text.replace("revenue_window_quarters = 4", "revenue_window_quarters = 2")
    acme = _partner(uow)
    # Fiscal years start in April: 2026-05-15 is in fiscal 2026-Q1; the window is 2025-Q4 and 2026-Q1,
    # January to June 2026. Amounts are dated by the calendar quarter they were written in.
    _money(uow, acme.id, revenue=[("2025-Q3", 1000), ("2025-Q4", 100), ("2026-Q1", 50), ("2026-Q2", 7)],
           targets=[("2025-Q4", 100), ("2026-Q1", 200)])  # fmt: skip
    assert _summary(uow, acme.id).revenue_window == 1157  # calendar window 2025-Q3..2026-Q2 before the change
    import_program(uow, text)  # a program change refreshes every summary in the same commit
    row = _summary(uow, acme.id)
    assert row.revenue_window == 57  # January–March (50) and April–June 2026 (7): no euro changes months
    assert row.target_window == 200
    assert row.attainment == pytest.approx(57 / 200)


def test_last_visit_and_next_due_with_the_tier_cadence(uow):
    gold = _partner(uow, "Gold Partner", assigned_tier="gold")
    plain = _partner(uow, "No Tier")
    never = _partner(uow, "Never Visited", assigned_tier="platinum")
    assert _summary(uow, never.id).next_visit_due == date(2026, 2, 1)  # never visited: added + 30 days
    _visit(uow, [gold.id, plain.id], date(2026, 3, 1))
    _visit(uow, [gold.id], date(2026, 4, 1), kind="phone")  # phone calls do not count
    _visit(uow, [gold.id], date(2026, 4, 20), status="cancelled")
    row = _summary(uow, gold.id)
    assert row.last_visit_on == date(2026, 3, 1)
    assert row.next_visit_due == date(2026, 4, 30)  # + 60 days (Gold)
    assert _summary(uow, plain.id).next_visit_due == date(2026, 8, 28)  # + 180 days (no tier)
    update_partner(uow, gold.id, PartnerInput(name="Gold Partner", assigned_tier="platinum"))
    assert _summary(uow, gold.id).next_visit_due == date(2026, 3, 31)  # + 30 days (Platinum)


def test_a_planned_visit_sets_the_next_due_date(uow):
    acme = _partner(uow, assigned_tier="gold")
    _visit(uow, [acme.id], date(2026, 1, 10))
    assert _summary(uow, acme.id).next_visit_due == date(2026, 3, 11)
    visit_id = _visit(uow, [acme.id], date(2026, 6, 2), kind="video", status="planned")
    assert _summary(uow, acme.id).next_visit_due == date(2026, 6, 2)
    # The visit takes place: marking it done (a change to the visit row only) updates the summary.
    with uow(label="done") as work:
        work.session.get(Visit, visit_id).status = "done"
        work.commit()
    row = _summary(uow, acme.id)
    assert row.last_visit_on == date(2026, 6, 2)
    assert row.next_visit_due == date(2026, 8, 1)


def test_contract_end_owner_and_lists(uow):
    owner = create_team_member(uow, TeamMemberInput(name="Claire Martin"))
    acme = _partner(uow, contract_end="2026-09-30", owner_id=owner.id, tags=["cloud", "ia"], motions=["resell"])
    row = _summary(uow, acme.id)
    assert row.contract_end == date(2026, 9, 30)
    assert (row.owner_id, row.owner_name) == (owner.id, "Claire Martin")
    assert (row.tags, row.motions) == ("cloud,ia", "resell")
    with uow(label="rename") as work:
        work.session.get(TeamMember, owner.id).name = "Claire Durand"
        work.commit()
    assert _summary(uow, acme.id).owner_name == "Claire Durand"


def test_summary_is_written_by_the_same_commit_as_the_facts(uow, monkeypatch):
    acme = _partner(uow)
    seen = []
    real_commit = uow.session_factory.class_.commit

    def spy_commit(session):
        seen.append(session.scalar(select(PartnerSummary.revenue_window).where(PartnerSummary.partner_id == acme.id)))
        return real_commit(session)

    monkeypatch.setattr(uow.session_factory.class_, "commit", spy_commit)
    _money(uow, acme.id, revenue=[("2026-Q2", 42)])
    assert seen == [42]


def test_failed_unit_of_work_leaves_the_summary_untouched(uow):
    acme = _partner(uow)
    with uow(label="abandoned") as work:
        work.session.add(RevenueLine(partner_id=acme.id, quarter="2026-Q2", period_start=date(2026, 4, 1),
                                     motion="resell", amount=5))
        work.session.flush()
        partner_summary.recompute_partners(work.session, [acme.id])
    assert _summary(uow, acme.id).revenue_window == 0


def test_deleted_partner_has_no_row(uow):
    acme = _partner(uow)
    delete_partner(uow, acme.id)
    assert _summary(uow, acme.id) is None


def test_refresh_all_after_a_date_change(uow, monkeypatch):
    acme = _partner(uow)
    _money(uow, acme.id, revenue=[("2025-Q2", 100), ("2026-Q2", 10)])
    assert _summary(uow, acme.id).revenue_window == 10
    assert not partner_summary.is_stale(uow)
    later = date(2026, 7, 2)  # 2026-Q3: the window is now 2025-Q4..2026-Q3
    assert partner_summary.is_stale(uow, later)
    assert partner_summary.ensure_fresh(uow, later)
    row = _summary(uow, acme.id)
    assert (row.computed_on, row.revenue_window, row.next_visit_due) == (later, 10, date(2026, 7, 1))
    assert not partner_summary.ensure_fresh(uow, later)
    partner_summary.refresh_all(uow, date(2026, 1, 5))  # window 2025-Q2..2026-Q1
    assert _summary(uow, acme.id).revenue_window == 100


def test_bulk_paths_use_one_statement_for_large_sets(uow, monkeypatch):
    monkeypatch.setattr(partner_summary, "FULL_REFRESH_THRESHOLD", 3)
    ids = [_partner(uow, f"P{i}").id for i in range(4)]
    with uow(label="bulk") as work:
        work.bulk_insert(RevenueLine, [{"partner_id": p, "quarter": "2026-Q2", "period_start": date(2026, 4, 1),
                                        "motion": "resell", "amount": 1.0}
                                       for p in ids])  # fmt: skip
        work.commit()
    assert [_summary(uow, p).revenue_window for p in ids] == [1.0] * 4


def test_evaluation_columns_are_kept_by_recomputation(uow):
    acme = _partner(uow)
    with uow(label="evaluation") as work:
        n = partner_summary.update_evaluation_columns(
            work.session, [(acme.id, "gold", "promotion", date(2026, 9, 1)), ("missing", None, None, None)]
        )
        work.commit()
    assert n == 1
    _money(uow, acme.id, revenue=[("2026-Q2", 3)])
    row = _summary(uow, acme.id)
    assert (row.qualified_tier, row.movement, row.at_risk_on, row.revenue_window) == (
        "gold", "promotion", date(2026, 9, 1), 3)  # fmt: skip


def test_ensure_fresh_within_the_same_quarter_recomputes_only_what_the_date_changes(uow):
    never = _partner(uow, "Never")
    planned = _partner(uow, "Planned", assigned_tier="gold")
    visited = _partner(uow, "Visited", assigned_tier="gold")
    _visit(uow, [planned.id], date(2026, 5, 20), status="planned")
    _visit(uow, [visited.id], date(2026, 5, 1))
    later = date(2026, 5, 25)  # same quarter: the revenue window does not move
    assert partner_summary.ensure_fresh(uow, later)
    rows = {pid: _summary(uow, pid) for pid in (never.id, planned.id, visited.id)}
    assert rows[never.id].next_visit_due == date(2026, 7, 1)  # never visited: added + 180 days
    assert rows[planned.id].next_visit_due == date(2026, 3, 3)  # the planned day passed: added + 60 days
    assert rows[visited.id].next_visit_due == date(2026, 6, 30)
    assert {row.computed_on for row in rows.values()} == {later}
    assert not partner_summary.is_stale(uow, later)


def test_ensure_derived_fills_empty_tables_after_a_migration(uow):
    from sqlalchemy import text

    from prm_desktop.services import search_index

    acme = _partner(uow)
    with uow(label="as after migration 0002") as work:
        work.session.execute(text("DELETE FROM partner_summary"))
        work.session.execute(text("DELETE FROM search_index"))
        work.session.execute(text("DELETE FROM search_rows"))
        work.commit()
    assert partner_summary.ensure_derived(uow)
    assert _summary(uow, acme.id) is not None
    assert [h.entity_id for h in search_index.search(uow, "acme")] == [acme.id]
    assert not partner_summary.ensure_derived(uow)


def test_statuses_that_expect_no_visit_have_no_due_date(uow):
    """Right after an import, prospects and inactive partners showed a red overdue visit."""
    prospect = _partner(uow, "Prospect", status="prospect")
    inactive = _partner(uow, "Inactive", status="inactive")
    onboarding = _partner(uow, "Onboarding", status="onboarding", assigned_tier="silver")
    assert _summary(uow, prospect.id).next_visit_due is None
    assert _summary(uow, inactive.id).next_visit_due is None
    assert _summary(uow, onboarding.id).next_visit_due == date(2026, 4, 2)  # added + 90 days
    update_partner(uow, prospect.id, PartnerInput(name="Prospect", status="active"))
    assert _summary(uow, prospect.id).next_visit_due == date(2026, 7, 1)


def test_a_last_visit_given_at_import_counts(uow):
    acme = _partner(uow, assigned_tier="gold")
    with uow(label="import") as work:
        from prm_desktop.storage.models import Partner

        work.session.get(Partner, acme.id).imported_last_visit_on = date(2026, 4, 1)
        work.commit()
    assert _summary(uow, acme.id).next_visit_due == date(2026, 5, 31)
    _visit(uow, [acme.id], date(2026, 3, 1))  # an older visit does not move it back
    assert _summary(uow, acme.id).next_visit_due == date(2026, 5, 31)


def test_the_summary_follows_the_domain_rule(uow):
    from prm_desktop.domain.visit_cadence import CadencePolicy, next_due

    policy = CadencePolicy()
    cases = [("active", "gold", None), ("at_risk", "platinum", date(2026, 4, 2)), ("prospect", None, None),
             ("onboarding", None, date(2026, 2, 1)), ("inactive", "silver", date(2026, 3, 3))]
    for i, (status, tier, visited) in enumerate(cases):
        partner = _partner(uow, f"P{i}", status=status, assigned_tier=tier)
        if visited:
            _visit(uow, [partner.id], visited)
        expected = next_due(policy, status=status, tier_id=tier, last_visit=visited, added_on=ADDED.date())
        assert _summary(uow, partner.id).next_visit_due == expected, (status, tier, visited)
