"""The Actions views: each filter and the order (open first, by due date, undated last, then by id).

These rows are what the Actions tab, the partner editor's Actions page, the stakeholders view, the
review pack and the sent report show; the query behind them is built from the filters given.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from prm_desktop.domain.partner_rules import TeamMemberInput
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import ActionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits import editing, report
from prm_desktop.storage.models import ActionItem

TODAY = date(2026, 5, 13)


def _portfolio(uow) -> dict[str, str]:
    """Two partners, two members, a stakeholder, a contact, a visit; actions of every kind (title: id)."""
    ids: dict[str, str] = {}
    acme = ids["acme"] = create_partner(uow, PartnerInput(name="Acme")).id
    globex = ids["globex"] = create_partner(uow, PartnerInput(name="Globex")).id
    claire = ids["claire"] = create_team_member(uow, TeamMemberInput(name="Claire")).id
    marc = ids["marc"] = create_team_member(uow, TeamMemberInput(name="Marc")).id
    sophie = ids["sophie"] = create_stakeholder(uow, StakeholderInput(name="Sophie")).id
    alice = ids["alice"] = add_contact(uow, acme, ContactInput(name="Alice")).id
    visit = ids["visit"] = editing.create_visit(
        uow, VisitInput(partner_ids=[acme], kind="on_site", starts_at=datetime(2026, 5, 4, 8, tzinfo=UTC)))
    specs = [  # title, owner field, owner, due, partner, from the visit, done
        ("late Claire", "owner_member_id", claire, date(2026, 5, 1), acme, True, False),
        ("later Claire", "owner_member_id", claire, date(2026, 6, 1), globex, False, False),
        ("undated Claire", "owner_member_id", claire, None, globex, False, False),
        ("late Marc", "owner_member_id", marc, date(2026, 4, 1), globex, False, False),
        ("same day Marc", "owner_member_id", marc, date(2026, 5, 1), globex, False, False),
        ("today Sophie", "owner_stakeholder_id", sophie, TODAY, acme, True, False),
        ("late Sophie done", "owner_stakeholder_id", sophie, date(2026, 3, 1), acme, False, True),
        ("Alice undated done", "owner_contact_id", alice, None, acme, True, True),
        ("Claire done", "owner_member_id", claire, date(2026, 1, 1), globex, False, True),
        ("removed Claire", "owner_member_id", claire, date(2026, 2, 1), acme, True, False),
    ]
    for title, field, owner, due_on, partner, from_visit, done in specs:
        data = ActionInput(title=title, due_on=due_on, partner_id=partner, **{field: owner})
        ids[title] = report.add_action(uow, data, visit if from_visit else None)
        if done:
            report.set_action_done(uow, ids[title])
    with uow(kind="edit", label="remove") as work:  # as a sync from another computer removes one
        work.session.get(ActionItem, ids["removed Claire"]).deleted_at = datetime(2026, 5, 5, tzinfo=UTC)
        work.commit()
    return ids


def _ordered(titles: list[str], ids: dict[str, str]) -> list[str]:
    """The titles in the views' order: open first, then by due date (undated last), then by id."""
    def key(title: str) -> tuple:
        done = "done" in title
        due = {"late Claire": "2026-05-01", "later Claire": "2026-06-01", "late Marc": "2026-04-01",
               "same day Marc": "2026-05-01", "today Sophie": "2026-05-13", "late Sophie done": "2026-03-01",
               "Claire done": "2026-01-01"}.get(title)  # fmt: skip
        return (done, due is None, due or "", ids[title])

    return sorted(titles, key=key)


def _titles(rows) -> list[str]:  # noqa: ANN001
    return [r.title for r in rows]


def test_every_action_view_filters_and_orders_its_rows(uow) -> None:
    ids = _portfolio(uow)
    live = ["late Claire", "later Claire", "undated Claire", "late Marc", "same day Marc", "today Sophie",
            "late Sophie done", "Alice undated done", "Claire done"]
    assert _titles(report.list_actions(uow, "all")) == _ordered(live, ids)
    assert _titles(report.list_actions(uow, "mine", member_id=ids["claire"])) == _ordered(
        ["late Claire", "later Claire", "undated Claire"], ids)
    assert _titles(report.list_actions(uow, "mine", member_id=ids["marc"])) == _ordered(
        ["late Marc", "same day Marc"], ids)
    assert _titles(report.list_actions(uow, "overdue", today=TODAY)) == _ordered(
        ["late Claire", "late Marc", "same day Marc"], ids)
    assert _titles(report.list_actions(uow, "partner", partner_id=ids["acme"])) == _ordered(
        ["late Claire", "today Sophie", "late Sophie done", "Alice undated done"], ids)
    assert _titles(report.list_actions(uow, "visit", visit_id=ids["visit"])) == _ordered(
        ["late Claire", "today Sophie", "Alice undated done"], ids)
    assert _titles(report.list_actions(uow, "stakeholder", stakeholder_id=ids["sophie"])) == ["today Sophie"]
    # Owners' names, whichever kind of owner.
    owners = {r.title: r.owner for r in report.list_actions(uow, "all")}
    assert owners["today Sophie"] == "Sophie" and owners["Alice undated done"] == "Alice"
    assert owners["late Marc"] == "Marc"
    # Nothing matches: no rows (an unknown member, partner or visit is not "no filter").
    assert report.list_actions(uow, "mine", member_id=None) == []
    assert report.list_actions(uow, "partner", partner_id="nobody") == []


def test_pages_of_an_action_view_follow_one_another(uow) -> None:
    ids = _portfolio(uow)
    whole = _titles(report.list_actions(uow, "all"))
    pages = [_titles(report.list_actions(uow, "all", limit=3, offset=start)) for start in range(0, 9, 3)]
    assert [t for page in pages for t in page] == whole and len(whole) == 9
    assert _titles(report.list_actions(uow, "overdue", today=TODAY, limit=2, offset=1)) == _ordered(
        ["late Claire", "late Marc", "same day Marc"], ids)[1:]
