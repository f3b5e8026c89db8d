"""Every synced table has a scope; a user without access to a partner receives nothing of it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from prm_desktop.storage.models import (
    SYNCED_MODELS,
    ActionItem,
    Certification,
    Contact,
    CustomerReference,
    Note,
    Partner,
    PartnerDistributor,
    PartnerMetricValue,
    PartnerYesNoFact,
    ProgramRecord,
    RevenueLine,
    Stakeholder,
    StakeholderLink,
    Target,
    TeamMember,
    Visit,
    VisitAttendee,
    VisitPartner,
    VisitReportSection,
    utcnow,
)
from prm_server import admin
from prm_server.scopes import TABLE_SCOPES

TEAM_WIDE = {"team_members", "stakeholders", "programs"}


def test_every_synced_model_has_a_declared_scope() -> None:
    missing = sorted(m.class_.__tablename__ for m in SYNCED_MODELS if m.class_.__tablename__ not in TABLE_SCOPES)
    assert missing == [], f"synced tables without a scope in prm_server/scopes.py: {missing}"


def _portfolio(laptop) -> dict[str, str]:
    """One row in every synced table, around the partner Acme owned by Alice."""
    with laptop.uow(kind="edit") as work:
        s = work.session
        alice, bob = TeamMember(name="Alice"), TeamMember(name="Bob")
        s.add_all([alice, bob])
        s.flush()
        acme = Partner(name="Acme", owner_id=alice.id)
        dist = Partner(name="Distrib", owner_id=alice.id, type="distributor")
        s.add_all([acme, dist])
        s.flush()
        contact = Contact(partner_id=acme.id, name="Jeanne")
        stake = Stakeholder(name="Paul Internal")
        s.add_all([contact, stake])
        s.flush()
        visit = Visit(kind="onsite", starts_at=utcnow(), owner_id=alice.id)
        s.add(visit)
        s.flush()
        partner_note = Note(partner_id=acme.id, body="secret plan")
        s.add_all([
            PartnerDistributor(partner_id=acme.id, distributor_id=dist.id),
            Certification(partner_id=acme.id, contact_id=contact.id, code="AZ-900", obtained_on=date(2026, 1, 5)),
            CustomerReference(partner_id=acme.id, competency_id="cloud", customer="Client"),
            RevenueLine(partner_id=acme.id, quarter="2026-Q1", period_start=date(2026, 1, 1), motion="resell",
                        amount=10.0),
            Target(partner_id=acme.id, quarter="2026-Q1", period_start=date(2026, 1, 1), amount=20.0),
            PartnerMetricValue(partner_id=acme.id, metric="net_adds", period="2026-03",
                               period_start=date(2026, 3, 1), period_end=date(2026, 3, 31), value=4.0),
            PartnerYesNoFact(partner_id=acme.id, fact="business_plan", valid_from=date(2026, 1, 1)),
            StakeholderLink(stakeholder_id=stake.id, partner_id=acme.id, relation="sponsor"),
            partner_note,
            Note(stakeholder_id=stake.id, body="about Paul only"),
            ProgramRecord(program_key="p", name="Program", source="", content_hash="x"),
            VisitPartner(visit_id=visit.id, partner_id=acme.id),
            VisitAttendee(visit_id=visit.id, contact_id=contact.id),
            VisitReportSection(visit_id=visit.id, title="Summary", body="went well"),
            ActionItem(visit_id=visit.id, title="Send the offer"),
            ActionItem(partner_id=acme.id, title="Call back"),
        ])
        work.commit()
        return {"acme": acme.id, "dist": dist.id}


def _counts(laptop) -> dict[str, int]:
    with laptop.uow.read() as session:
        return {m.class_.__tablename__: session.scalar(select(func.count()).select_from(m.class_))
                for m in SYNCED_MODELS}


def test_a_user_without_access_receives_nothing_of_a_partner_then_all_of_it_once_shared(laptops) -> None:
    alice = laptops("alice", "Alice")
    bob = laptops("bob", "Bob")
    ids = _portfolio(alice)
    alice.sync()
    bob.sync()
    mine, theirs = _counts(alice), _counts(bob)
    assert all(mine[t] > 0 for t in mine), mine  # the portfolio covers every synced table
    for table, count in theirs.items():
        if table in TEAM_WIDE:
            assert count == mine[table], table
        elif table == "notes":
            assert count == 1  # the note about a stakeholder only
        else:
            assert count == 0, f"{table}: {count} rows of a partner Bob cannot see"
    with bob.uow.read() as session:
        assert session.get(Partner, ids["acme"]) is None
    with alice.api.http.app.state.engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")
        admin.share(conn, "Distrib", with_user="bob")
    bob.sync()
    assert _counts(bob) == mine  # the newly shared partners arrive whole, visit included


def test_links_to_a_partner_the_user_cannot_see_are_withheld_and_the_rest_arrives(laptops) -> None:
    alice = laptops("alice", "Alice")
    bob = laptops("bob", "Bob")
    ids = _portfolio(alice)
    with alice.uow(kind="edit") as work:
        work.session.get(Partner, ids["acme"]).parent_id = ids["dist"]  # a group Bob will not see
        work.commit()
    alice.sync()
    with alice.api.http.app.state.engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")  # Acme only, not its distributor and parent
    report = bob.sync()
    with bob.uow.read() as session:
        acme = session.get(Partner, ids["acme"])
        assert acme is not None and acme.parent_id is None  # the link to the unseen group is withheld
        assert session.get(Partner, ids["dist"]) is None
        assert session.scalar(select(func.count()).select_from(PartnerDistributor)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 1
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
    assert report.withheld >= 1
    with bob.uow(kind="edit") as work:  # Bob edits Acme: the withheld link is not pushed as cleared
        work.session.get(Partner, ids["acme"]).city = "Lyon"
        work.commit()
    bob.sync()
    alice.sync()
    with alice.uow.read() as session:
        acme = session.get(Partner, ids["acme"])
        assert (acme.city, acme.parent_id) == ("Lyon", ids["dist"])
