"""Portfolio evaluation kept in the partner summary: inline for small commits, refreshed for big ones."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from prm_desktop.domain.quarters import parse_quarter
from prm_desktop.services import portfolio, programs
from prm_desktop.storage.models import Certification, Contact, Partner, PartnerSummary, RevenueLine

TODAY = date.today()


def _summary(uow, pid):
    with uow.read() as s:
        return s.scalar(select(PartnerSummary).where(PartnerSummary.partner_id == pid))


def _make_silver(uow, assigned="gold", expires=None, name="Alpha Réseaux") -> str:
    """A partner meeting Silver on the seed program today: Security Expert + enough revenue."""
    from prm_desktop.domain.quarters import quarter_of

    q = str(quarter_of(TODAY))
    with uow(label="setup") as work:
        p = Partner(name=name, assigned_tier=assigned)
        work.session.add(p)
        work.session.flush()
        a, b = Contact(partner_id=p.id, name="Ann"), Contact(partner_id=p.id, name="Bob")
        work.session.add_all([a, b])
        work.session.flush()
        from prm_desktop.storage.models import CustomerReference

        work.session.add_all([
            Certification(partner_id=p.id, contact_id=a.id, code="SEC-TECH", obtained_on=TODAY - timedelta(days=30),
                          expires_on=expires),
            Certification(partner_id=p.id, contact_id=b.id, code="SEC-SALES", obtained_on=TODAY - timedelta(days=30)),
            CustomerReference(partner_id=p.id, competency_id="security", customer="Client", validated=True,
                              ref_date=TODAY - timedelta(days=10)),
            RevenueLine(partner_id=p.id, quarter=q, period_start=parse_quarter(q).start_date(), motion="resell",
                        product_family="security", amount=150000.0),
        ])
        work.commit()
        return p.id


def test_small_commit_evaluates_inline(uow) -> None:
    pid = _make_silver(uow, expires=TODAY + timedelta(days=20))
    row = _summary(uow, pid)
    assert row.qualified_tier == "silver" and row.movement == "demotion"
    assert row.at_risk_on == TODAY + timedelta(days=21)


def test_editing_a_fact_re_evaluates_in_the_same_commit(uow) -> None:
    pid = _make_silver(uow, assigned="silver")
    assert _summary(uow, pid).movement is None
    with uow(label="credit note") as work:
        from prm_desktop.domain.quarters import quarter_of

        work.session.add(RevenueLine(partner_id=pid, quarter=str(quarter_of(TODAY)),
                                     period_start=quarter_of(TODAY).start_date(), motion="resell",
                                     product_family="security", amount=-100000.0))
        work.commit()
    row = _summary(uow, pid)
    assert row.qualified_tier is None and row.movement == "demotion"


def test_program_change_marks_stale_and_refresh_recomputes(uow, samples) -> None:
    # The day given throughout: a run crossing midnight must not see another day halfway.
    pid = _make_silver(uow, assigned="silver")
    portfolio.refresh_evaluations(uow, TODAY)
    assert not portfolio.evaluations_stale(uow, TODAY)
    programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))
    assert portfolio.evaluations_stale(uow, TODAY)
    seen = []
    result = portfolio.refresh_evaluations(uow, TODAY, progress=lambda d, t, m: seen.append((d, t)))
    assert result.completed and result.evaluated == 1 and seen[-1] == (1, 1)
    assert not portfolio.evaluations_stale(uow, TODAY)
    assert portfolio.evaluations_stale(uow, TODAY + timedelta(days=1))
    assert _summary(uow, pid).qualified_tier in {None, "silver", "gold", "platinum"}


def test_large_commit_evaluates_its_partners_and_keeps_the_evaluations_current(uow, monkeypatch) -> None:
    """A large import re-evaluates only the partners it touched, in its commit: no whole-portfolio refresh."""
    portfolio.refresh_evaluations(uow)
    monkeypatch.setattr(portfolio, "INLINE_LIMIT", 3)
    monkeypatch.setattr(portfolio, "CHUNK", 2)
    with uow(kind="import") as work:
        work.bulk_insert(Partner, [{"name": f"P{i}", "assigned_tier": "gold"} for i in range(5)])
        work.commit()
    assert not portfolio.evaluations_stale(uow)
    with uow.read() as s:
        rows = s.scalars(select(PartnerSummary).where(PartnerSummary.name.like("P%"))).all()
    assert len(rows) == 5 and {r.movement for r in rows} == {"demotion"}  # gold assigned, nothing earned


def test_large_commit_on_stale_evaluations_leaves_them_to_the_refresh(uow, monkeypatch) -> None:
    assert portfolio.evaluations_stale(uow)  # never evaluated yet: the whole portfolio will be
    monkeypatch.setattr(portfolio, "INLINE_LIMIT", 3)
    with uow(kind="import") as work:
        work.bulk_insert(Partner, [{"name": f"P{i}", "assigned_tier": "gold"} for i in range(5)])
        work.commit()
    with uow.read() as s:
        rows = s.scalars(select(PartnerSummary).where(PartnerSummary.name.like("P%"))).all()
    assert {r.movement for r in rows} == {None}  # not evaluated twice: the refresh does it
    portfolio.refresh_evaluations(uow)
    with uow.read() as s:
        rows = s.scalars(select(PartnerSummary).where(PartnerSummary.name.like("P%"))).all()
    assert {r.movement for r in rows} == {"demotion"}


def test_cancelled_refresh_keeps_stale_mark(uow, monkeypatch) -> None:
    _make_silver(uow)
    monkeypatch.setattr(portfolio, "INLINE_LIMIT", 1)
    with uow(kind="import") as work:
        work.bulk_insert(Partner, [{"name": f"P{i}"} for i in range(3)])
        work.commit()
    result = portfolio.refresh_evaluations(uow, cancelled=lambda: True)
    assert not result.completed and portfolio.evaluations_stale(uow)


def test_evaluations_stored_by_an_older_engine_are_made_again_in_full(uow) -> None:
    # An engine change can move a tier or a movement with the same facts (ENGINE_VERSION): the stored
    # results of the previous version are not kept for a day, even by the daily refresh.
    _make_silver(uow, assigned="silver")
    _make_silver(uow, assigned="gold")
    portfolio.refresh_evaluations(uow, TODAY)
    assert not portfolio.evaluations_stale(uow, TODAY)
    with uow(label="stored by the previous version") as work:
        portfolio._save_state(work.session, evaluated_by=None)
        work.commit()
    assert portfolio.evaluations_stale(uow, TODAY)
    result = portfolio.refresh_evaluations(uow, TODAY, full=False)
    assert result.completed and result.evaluated == 2
    assert not portfolio.evaluations_stale(uow, TODAY)
    assert portfolio.refresh_evaluations(uow, TODAY, full=False).evaluated == 0  # same day, same engine
