"""A first pull into a new laptop: big pages, and the search index and summaries filled once at the end.

A new portfolio (empty search index and summary) pulls its pages without the commit hooks and fills
both with its last page. Interrupted midway, what it saved is found again: the next start or the next
pull fills them; a local edit made during the pull makes the next page fill them at once.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from prm_desktop.services import partner_summary, search_index
from prm_desktop.storage.models import Contact, Partner, TeamMember
from prm_desktop.sync.engine import SyncReport, pull, push

PARTNERS = 30


def _portfolio(laptop) -> None:
    with laptop.uow(kind="import") as work:
        alice = TeamMember(name="Alice")
        work.session.add(alice)
        work.session.flush()
        ids = work.bulk_insert(Partner, [{"name": f"Partner {i:02}", "owner_id": alice.id, "city": "Lyon"}
                                         for i in range(PARTNERS)])
        work.bulk_insert(Contact, [{"partner_id": pid, "name": f"Zephyrin{i:02}"} for i, pid in enumerate(ids)])
        work.commit()
    push(laptop.api, laptop.uow, SyncReport())


def _found(laptop, query: str) -> set[str]:
    """Contacts found by "Zephyrin", partners by "Partner" or "Quokka" (a partner entry holds its contacts' names)."""
    kind = "contact" if query == "Zephyrin" else "partner"
    return {hit.entity_id for hit in search_index.search(laptop.uow, query, kinds=(kind,), limit=500)}


def _count(laptop, model) -> int:
    with laptop.uow.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


class _DropsAfter:
    """The server API, with the connection lost after ``pages`` pages (``between``: run before page 2 comes)."""

    def __init__(self, api, pages: int, between=None) -> None:
        self.api, self.left, self.between, self.calls = api, pages, between, 0

    def pull(self, cursor: int, limit: int):
        self.calls += 1
        if self.calls == 2 and self.between is not None:
            self.between()
        if self.left == 0:
            raise httpx.ConnectError("connection lost")
        self.left -= 1
        return self.api.pull(cursor, limit)


def test_a_first_pull_in_many_pages_finds_every_partner_and_contact(laptops) -> None:
    _portfolio(laptops("alice", "Alice"))
    laptop = laptops("alice", "Alice")
    report = SyncReport()
    pull(laptop.api, laptop.uow, report, page_size=7)
    assert report.pages > 5
    assert _count(laptop, Partner) == PARTNERS
    assert len(_found(laptop, "Zephyrin")) == PARTNERS  # every contact
    assert len(_found(laptop, "Partner")) == PARTNERS
    assert not partner_summary.is_stale(laptop.uow)  # one summary row per partner: the list shows them all


def test_a_first_pull_cut_off_midway_is_searchable_after_a_restart_and_complete_after_the_next_sync(
        laptops) -> None:
    _portfolio(laptops("alice", "Alice"))
    laptop = laptops("alice", "Alice")
    with pytest.raises(httpx.ConnectError):
        pull(_DropsAfter(laptop.api, pages=4), laptop.uow, SyncReport(), page_size=10)
    saved = _count(laptop, Partner) + _count(laptop, Contact)
    assert _count(laptop, Contact) > 0 and saved < 2 * PARTNERS
    partner_summary.ensure_derived(laptop.uow)  # what the app does at start
    assert len(_found(laptop, "Zephyrin")) + len(_found(laptop, "Partner")) == saved
    pull(laptop.api, laptop.uow, SyncReport(), page_size=10)
    assert len(_found(laptop, "Zephyrin")) == len(_found(laptop, "Partner")) == PARTNERS
    assert not partner_summary.is_stale(laptop.uow)


def test_a_first_pull_cut_off_midway_goes_on_in_bulk_at_the_next_sync(laptops) -> None:
    _portfolio(laptops("alice", "Alice"))
    laptop = laptops("alice", "Alice")
    with pytest.raises(httpx.ConnectError):
        pull(_DropsAfter(laptop.api, pages=2), laptop.uow, SyncReport(), page_size=10)
    pull(laptop.api, laptop.uow, SyncReport(), page_size=10)  # no restart in between
    assert len(_found(laptop, "Zephyrin")) == len(_found(laptop, "Partner")) == PARTNERS
    assert not partner_summary.is_stale(laptop.uow)


def test_an_edit_made_during_a_first_pull_leaves_nothing_unsearchable_when_the_pull_is_cut_off(laptops) -> None:
    _portfolio(laptops("alice", "Alice"))
    laptop = laptops("alice", "Alice")

    def add_partner() -> None:  # the user adds a partner while the first page is written
        with laptop.uow(kind="edit") as work:
            work.session.add(Partner(name="Local Quokka"))
            work.commit()

    with pytest.raises(httpx.ConnectError):
        pull(_DropsAfter(laptop.api, pages=2, between=add_partner), laptop.uow, SyncReport(), page_size=10)
    partners = _count(laptop, Partner)
    assert partners > 1
    # No restart: the index must already hold every partner saved (the second page filled it whole).
    assert len(_found(laptop, "Partner")) + len(_found(laptop, "Quokka")) == partners
    assert not partner_summary.is_stale(laptop.uow)


def test_the_server_gives_pages_of_ten_thousand_rows(server, laptops) -> None:
    laptop = laptops("alice", "Alice")
    page = laptop.api.pull(0, 10_000)
    assert page["has_more"] is False and page["cursor"] >= 0


def test_a_fill_of_the_derived_tables_that_fails_keeps_the_last_page_and_the_next_pull_fills_them(laptops) -> None:
    _portfolio(laptops("alice", "Alice"))
    laptop = laptops("alice", "Alice")

    def fails(session, touched) -> None:  # the fill stops (a crash, a full disk...) after the rows came
        raise RuntimeError("the fill stopped")

    laptop.uow.hooks.insert(0, fails)
    with pytest.raises(RuntimeError, match="the fill stopped"):
        pull(laptop.api, laptop.uow, SyncReport(), page_size=7)
    laptop.uow.hooks.remove(fails)
    assert _count(laptop, Partner) == PARTNERS and _count(laptop, Contact) == PARTNERS  # every page kept
    assert not _found(laptop, "Zephyrin")
    again = SyncReport()
    pull(laptop.api, laptop.uow, again, page_size=7)
    assert again.pulled == 0  # nothing fetched twice
    assert len(_found(laptop, "Zephyrin")) == PARTNERS and len(_found(laptop, "Partner")) == PARTNERS
    assert not partner_summary.is_stale(laptop.uow)
