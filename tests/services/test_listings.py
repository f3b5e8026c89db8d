from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from prm_desktop.services.listings import count_partners, list_competencies, list_stakeholders, list_visits
from prm_desktop.storage.models import (
    Certification,
    Contact,
    CustomerReference,
    Partner,
    Stakeholder,
    StakeholderLink,
    TeamMember,
    Visit,
    VisitPartner,
)


def _fill(uow) -> None:
    with uow(kind="edit", label="test data") as work:
        s = work.session
        me = TeamMember(name="Claire Martin")
        atlas = Partner(name="Atlas Informatique", name_key="atlas informatique")
        cobalt = Partner(name="Cobalt Réseaux", name_key="cobalt reseaux")
        gone = Partner(name="Disparu", name_key="disparu", deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
        s.add_all([me, atlas, cobalt, gone])
        s.flush()
        start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        for n in range(5):
            visit = Visit(
                kind="on_site",
                starts_at=start + timedelta(days=n),
                status="done",
                objective=f"Revue {n}\nsecond line",
                owner_id=me.id,
                place="Lyon",
            )
            s.add(visit)
            s.flush()
            s.add(VisitPartner(visit_id=visit.id, partner_id=atlas.id))
            if n == 4:
                s.add(VisitPartner(visit_id=visit.id, partner_id=cobalt.id))
        anne = Contact(partner_id=atlas.id, name="Anne")
        bob = Contact(partner_id=atlas.id, name="Bob", left_on=date(2025, 1, 1))
        s.add_all([anne, bob])
        s.flush()
        s.add_all(
            [
                Certification(
                    partner_id=atlas.id,
                    contact_id=anne.id,
                    code="SEC-TECH",
                    obtained_on=date(2025, 1, 1),
                    expires_on=date(2027, 1, 1),
                ),
                Certification(
                    partner_id=atlas.id,
                    contact_id=anne.id,
                    code="SEC-TECH",
                    obtained_on=date(2024, 1, 1),
                    expires_on=date(2027, 1, 1),
                ),
                Certification(partner_id=atlas.id, contact_id=bob.id, code="SEC-TECH", obtained_on=date(2024, 1, 1)),
                Certification(
                    partner_id=atlas.id,
                    contact_id=anne.id,
                    code="CLOUD-ARCH",
                    obtained_on=date(2020, 1, 1),
                    expires_on=date(2021, 1, 1),
                ),
                CustomerReference(partner_id=atlas.id, competency_id="security", customer="CHU", validated=True),
                CustomerReference(partner_id=atlas.id, competency_id="security", customer="Mairie", validated=False),
            ]
        )
        paul = Stakeholder(name="Paul Presales", business_unit="Avant-vente")
        eve = Stakeholder(name="Ève Ventes")
        s.add_all([paul, eve])
        s.flush()
        s.add_all(
            [
                StakeholderLink(stakeholder_id=paul.id, partner_id=atlas.id, relation="presales", stance="champion"),
                StakeholderLink(stakeholder_id=paul.id, partner_id=cobalt.id, relation="presales"),
            ]
        )
        work.commit()


def test_lists(uow) -> None:
    _fill(uow)
    assert count_partners(uow) == 2

    visits = list_visits(uow, limit=3)
    assert visits.total == 5 and len(visits.rows) == 3
    assert [v.objective for v in visits.rows] == ["Revue 4", "Revue 3", "Revue 2"]
    assert visits.rows[0].partners == "Atlas Informatique, Cobalt Réseaux"
    assert visits.rows[0].owner == "Claire Martin" and visits.rows[0].place == "Lyon"

    people = list_stakeholders(uow)
    assert people.total == 2
    assert {(p.name, p.partner_count, p.champion_count) for p in people.rows} == {
        ("Ève Ventes", 0, 0),
        ("Paul Presales", 2, 1),
    }
    paul = next(p for p in people.rows if p.name == "Paul Presales")
    assert (paul.partner_count, paul.champion_count, paul.business_unit) == (2, 1, "Avant-vente")

    competencies = list_competencies(uow, today=date(2026, 6, 1))
    security = next(c for c in competencies.rows if c.id == "security")
    assert security.accredited_people == 1  # Anne once (Bob left; expired ones do not count)
    assert security.validated_references == 1
    assert [lvl.name for lvl in security.levels] == ["Principal", "Expert"]
    cloud = next(c for c in competencies.rows if c.id == "cloud")
    assert cloud.accredited_people == 0
    assert competencies.total == len(competencies.rows) >= 2


def test_empty_portfolio(uow) -> None:
    assert list_visits(uow).rows == [] and list_visits(uow).total == 0
    assert list_stakeholders(uow).total == 0
    assert count_partners(uow) == 0
