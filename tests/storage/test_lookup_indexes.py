"""The reads that must stay lookups at 100,000 partners use an index (the query plan says so)."""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy import event

from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.note_history import note_history
from prm_desktop.services.people.notes import create_note
from prm_desktop.storage.standing.queries import expiring_certifications


def _plans(app_ctx, call, only: str = "") -> list[str]:
    """Run ``call`` and return the query plan of each SELECT it ran (those naming ``only``), on the same file."""
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT") and only in statement:
            statements.append((statement, parameters))

    engine = app_ctx.db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    with sqlite3.connect(app_ctx.db.path) as conn:
        return [" | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
                for sql, params in statements]  # fmt: skip


def test_expiring_certifications_read_by_expiry_date(app_ctx) -> None:
    def call() -> None:
        with app_ctx.uow.read() as session:
            expiring_certifications(session, date(2026, 1, 1), date(2026, 4, 1))

    plans = [p for p in _plans(app_ctx, call) if "certifications" in p or " c " in p or "AS c" in p]
    assert plans and all("ix_certifications_expires_on" in p for p in plans), plans


def test_a_note_history_reads_only_that_note_log_entries(app_ctx) -> None:
    acme = create_partner(app_ctx.uow, {"name": "Acme"}).id
    note = create_note(app_ctx.uow, NoteInput("Hello", partner_id=acme))
    plans = [p for p in _plans(app_ctx, lambda: note_history(app_ctx.uow, note.id)) if "change_log" in p]
    assert plans and all("ix_change_log_note_rows" in p for p in plans), plans


def test_a_page_of_partners_to_visit_walks_the_due_date_index_and_stops_at_the_page(app_ctx) -> None:
    """The to-plan page reads the summary in due order (no sort of every live partner): at 100,000
    partners the first 1,000 rows took 1.1 s when the plan started from all live partners."""
    from prm_desktop.services.visits.due import to_plan

    create_partner(app_ctx.uow, {"name": "Acme", "status": "active"})
    plans = [p for p in _plans(app_ctx, lambda: to_plan(app_ctx.uow, date(2026, 12, 6), limit=100))
             if "partner_summary" in p or "ix_partner_summary" in p]  # fmt: skip
    plan = next(p for p in plans if "visit_partners" in p)
    assert "ix_partner_summary_next_visit_due" in plan and "TEMP B-TREE" not in plan, plan


def test_the_visits_to_close_are_read_by_status_and_date(app_ctx) -> None:
    """"To close" (planned visits already past) reads the planned visits by date: at 100,000 partners it
    scanned every past visit (241 ms with none to close)."""
    from prm_desktop.storage.models.base import utcnow
    from prm_desktop.storage.visits.queries import visit_rows

    def call() -> None:
        with app_ctx.uow.read() as session:
            visit_rows(session, "to_close", utcnow(), limit=100)

    plan = next(p for p in _plans(app_ctx, call) if p.startswith(("SCAN v", "SEARCH v ")))
    assert "ix_visits_status_live_starts_at" in plan and "TEMP B-TREE" not in plan, plan


def test_search_everything_reads_the_rows_of_its_hits_by_id(app_ctx) -> None:
    """The partners behind the hits are looked up by id: the plan started from every live partner
    (the live-name index) and tested each against the few ids, a scan of the whole portfolio."""
    from prm_desktop.services.search_everything import search_everything

    acme = create_partner(app_ctx.uow, {"name": "Acme Intégration"}).id
    create_note(app_ctx.uow, NoteInput("Intégration chez Acme", partner_id=acme))
    plans = [p for p in _plans(app_ctx, lambda: search_everything(app_ctx.uow, "integration")) if "json_each" in p]
    assert len(plans) == 2 and all("(id=?)" in p and "ix_partners_live_name" not in p for p in plans), plans
def test_a_page_of_actions_walks_the_open_actions_index_and_stops_at_the_page(app_ctx) -> None:
    """The Actions view's pages (all, overdue, mine) and a stakeholder's actions read the actions in list
    order (open first, by due date): at 100,000 partners every live action was read, joined to its owner
    and partner, then sorted (all open actions 126–135 ms for a page of 1,000; a stakeholder's 112 ms)."""
    from prm_desktop.domain.stakeholders import StakeholderInput
    from prm_desktop.domain.visit_rules import ActionInput
    from prm_desktop.services.people.directory import create_stakeholder
    from prm_desktop.services.profile import Profile, save_profile
    from prm_desktop.services.visits.report import add_action, list_actions

    me = save_profile(app_ctx.uow, Profile(name="Claire Martin")).me_member_id
    sophie = create_stakeholder(app_ctx.uow, StakeholderInput(name="Sophie")).id
    add_action(app_ctx.uow, ActionInput(title="Send the deck", owner_member_id=me, due_on=date(2026, 5, 1)))
    add_action(app_ctx.uow, ActionInput(title="Call", owner_stakeholder_id=sophie, due_on=date(2026, 5, 2)))
    views = {"all": ({}, "SCAN a USING INDEX ix_action_items_live_order"),
             "overdue": ({"today": date(2026, 6, 1)}, "USING INDEX ix_action_items_live_order (status=?)"),
             "mine": ({"member_id": me}, "ix_action_items_owner_live_order (owner_member_id=? AND status=?)"),
             "stakeholder": ({"stakeholder_id": sophie},  # the Stakeholders tab's person
                             "ix_action_items_stakeholder_live_order (owner_stakeholder_id=? AND status=?)")}
    for view, (args, walk) in views.items():
        plans = [p for p in _plans(app_ctx, lambda: list_actions(app_ctx.uow, view, limit=100, **args))  # noqa: B023
                 if p.startswith(("SCAN a", "SEARCH a "))]  # fmt: skip
        assert plans, view
        for plan in plans:
            assert walk in plan and "TEMP B-TREE" not in plan, (view, plan)


def test_the_expression_indexes_of_the_models_are_those_the_migrations_create(app_ctx) -> None:
    """Alembic cannot compare expression indexes (test_models_and_migrations_agree skips them): the SQL
    the models would create is the SQL the migrations created."""
    from sqlalchemy.schema import CreateIndex

    from prm_desktop.storage.models import ActionItem

    with sqlite3.connect(app_ctx.db.path) as conn:
        created = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    ordered = [index for index in ActionItem.__table__.indexes if index.name.endswith("_order")]
    assert len(ordered) == 3
    for index in ordered:
        model = str(CreateIndex(index).compile(dialect=app_ctx.db.engine.dialect))
        assert " ".join(created[index.name].split()) == " ".join(model.split()), index.name


def test_a_partner_visits_are_read_from_its_own_visit_links(app_ctx) -> None:
    """The partner editor's Visits page reads the partner's visits from its visit_partners rows: at
    100,000 partners each list walked every visit of its status (1.6–4.2 s for the page's three lists)."""
    from prm_desktop.storage.models.base import utcnow
    from prm_desktop.storage.visits.queries import visit_rows

    acme = create_partner(app_ctx.uow, {"name": "Acme"}).id

    def call() -> None:
        with app_ctx.uow.read() as session:
            for which in ("upcoming", "to_close", "history"):
                visit_rows(session, which, utcnow(), partner_id=acme, limit=100)

    plans = _plans(app_ctx, call)
    assert len(plans) == 3
    for plan in plans:
        steps = plan.split(" | ")
        links = next(i for i, step in enumerate(steps) if "ix_visit_partners_partner_id" in step)
        visits = next(i for i, step in enumerate(steps) if step.startswith(("SEARCH v ", "SCAN v")))
        assert links < visits and "(id=?)" in steps[visits], plan  # each of its visits by id


def test_my_page_of_partners_to_visit_walks_my_partners_by_due_date(app_ctx) -> None:
    """The to-plan list is mine by default: it reads my partners by due date, not every due partner
    of the team to keep mine (at 100,000 partners: 24,285 due partners walked for a page of 40)."""
    from prm_desktop.services.profile import Profile, save_profile
    from prm_desktop.services.visits.due import to_plan

    me = save_profile(app_ctx.uow, Profile(name="Claire Martin")).me_member_id
    create_partner(app_ctx.uow, {"name": "Acme", "status": "active", "owner_id": me})
    plans = [p for p in _plans(app_ctx, lambda: to_plan(app_ctx.uow, date(2026, 12, 6), owner_id=me, limit=100))
             if "visit_partners" in p]  # fmt: skip
    assert plans, plans
    for plan in plans:
        assert "ix_partner_summary_owner_next_visit_due" in plan and "TEMP B-TREE" not in plan, plan


def test_one_partners_facts_start_from_that_partner_not_from_every_live_partner(app_ctx) -> None:
    """Opening a partner's standing read its head row through the live-partners index (every live partner
    scanned: 77 ms at 100,000 partners, twice per opening) until the id lookup was made the only choice."""
    from prm_desktop.storage.partners.facts import live_partner_heads

    acme = create_partner(app_ctx.uow, {"name": "Acme"}).id
    seen: list[str] = []
    with app_ctx.uow.read() as session:
        driver = session.connection().connection.driver_connection
        driver.set_trace_callback(seen.append)
        try:
            assert [row[0] for row in live_partner_heads(session, [acme])] == [acme]
        finally:
            driver.set_trace_callback(None)
    statements = [s for s in seen if "FROM partners" in s]
    with sqlite3.connect(app_ctx.db.path) as conn:
        plans = [" | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + s)) for s in statements]
    assert plans and all("SEARCH partners USING INDEX sqlite_autoindex_partners_1 (id=?)" in p for p in plans), plans


def test_an_edit_reindexes_its_contact_or_note_by_its_id_not_by_walking_every_partner(app_ctx) -> None:
    """The search index reads the edited contacts and notes back by id. At 100,000 partners, starting from
    every live partner (the live-partners index) made each contact edit and each new note take 0.75-0.85 s."""
    from prm_desktop.domain.partner_rules import ContactInput
    from prm_desktop.services.contacts import add_contact, update_contact

    acme = create_partner(app_ctx.uow, {"name": "Acme"}).id
    contact = add_contact(app_ctx.uow, acme, ContactInput(name="Zoé Martin"))
    edits = (lambda: update_contact(app_ctx.uow, contact.id, ContactInput(name="Zoé Martin-Roux")),
             lambda: add_contact(app_ctx.uow, acme, ContactInput(name="Paul Roux")),
             lambda: create_note(app_ctx.uow, NoteInput("Rendez-vous à Lyon", partner_id=acme)))
    for edit in edits:
        plans = _plans(app_ctx, edit)
        assert plans and not any("ix_partners_live_name" in p for p in plans), plans


def test_planning_a_visit_reads_only_my_and_the_unowned_planned_visits(app_ctx) -> None:
    """The free-slot search reads the busy times of one team member (and of unowned visits) through the owner's
    index: through the status index it walked every owner's planned visits (44,000 at 100,000 partners)."""
    from datetime import UTC, datetime, timedelta

    from prm_desktop.storage.visits.queries import busy_intervals

    def call() -> None:
        with app_ctx.uow.read() as session:
            start = datetime(2026, 12, 7, tzinfo=UTC)
            busy_intervals(session, start, start + timedelta(days=91), "member-1")

    plans = [p for p in _plans(app_ctx, call, "visits") if "visits" in p]
    assert plans and all(p.count("ix_visits_owner_live_starts_at") == 2 for p in plans), plans
