"""Search everything: every kind in the full-text index, kept in step, grouped hits with marked words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import ActionInput, ReportSectionInput, VisitInput
from prm_desktop.services import search_index
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner
from prm_desktop.services.people.directory import create_stakeholder, delete_stakeholder, update_stakeholder
from prm_desktop.services.people.notes import create_note
from prm_desktop.services.search_everything import search_everything
from prm_desktop.services.visits import editing, report

WHEN = datetime(2026, 3, 4, 9, tzinfo=UTC)


def _found(uow, query: str) -> dict[str, list[str]]:
    return {g.kind: [h.entity_id for h in g.hits] for g in search_everything(uow, query, limit_per_kind=10)}


def _hits(uow, query: str, kind: str):
    return next((g.hits for g in search_everything(uow, query, limit_per_kind=10) if g.kind == kind), ())


@pytest.fixture
def world(uow):
    """One row of every kind, each holding « Œuvre » and « Intégra » in its text."""
    partner = create_partner(uow, PartnerInput(name="Œuvre Intégra SAS", city="Lyon"), allow_duplicates=True).id
    contact = add_contact(uow, partner, ContactInput(name="Zoé Œuvre-Intégra", email="zoe@example.fr")).id
    note = create_note(uow, NoteInput("Point sur l’**Œuvre** commune avec Intégra", partner_id=partner)).id
    person = create_stakeholder(uow, StakeholderInput("Léa Œuvre-Martin", "Intégration cloud", email="lea@corp.fr")).id
    visit = editing.create_visit(uow, VisitInput(partner_ids=[partner], starts_at=WHEN))
    report.save_report(uow, visit, [ReportSectionInput("discussed", "L’Œuvre d’Intégra avance bien"),
                                    ReportSectionInput("competition", "Œuvre concurrente chez Intégra", True)])
    action = report.add_action(uow, ActionInput(title="Relancer Œuvre Intégra sur le devis"), visit_id=visit)
    return {"partner": partner, "contact": contact, "note": note, "stakeholder": person, "visit": visit,
            "action": action}


def test_accents_and_ligatures_find_every_kind(uow, world) -> None:
    for query in ("oeuvre", "OEUVRE", "Œuvre", "integ", "intégra"):
        found = _found(uow, query)
        assert set(found) == {"partner", "contact", "note", "stakeholder", "visit", "action"}, query
    assert len(_found(uow, "oeuvre integ")["visit"]) == 2


def test_hits_say_what_to_open_and_mark_the_matched_words(uow, world) -> None:
    groups = search_everything(uow, "oeuvre integ", limit_per_kind=5)
    assert [g.kind for g in groups] == ["partner", "contact", "note", "stakeholder", "visit", "action"]
    assert [g.label for g in groups][3:] == ["Internal stakeholders", "Visit reports", "Actions"]
    by_kind = {g.kind: g.hits[0] for g in groups}
    assert (by_kind["contact"].opens, by_kind["contact"].open_id) == ("partner", world["partner"])
    assert (by_kind["stakeholder"].opens, by_kind["stakeholder"].open_id) == ("stakeholder", world["stakeholder"])
    assert (by_kind["visit"].opens, by_kind["visit"].open_id) == ("visit", world["visit"])
    assert (by_kind["action"].opens, by_kind["action"].open_id) == ("visit", world["visit"])
    assert by_kind["note"].snippet.marked() == "Point sur l’[Œuvre] commune avec [Intégra]"
    assert by_kind["stakeholder"].snippet.marked().startswith("Léa [Œuvre]-Martin · [Intégration] cloud")
    assert by_kind["stakeholder"].title == "Léa Œuvre-Martin · Intégration cloud"


def test_internal_only_report_sections_are_flagged(uow, world) -> None:
    flags = {h.snippet.text: h.internal_only for h in _hits(uow, "oeuvre", "visit")}
    assert flags == {"L’Œuvre d’Intégra avance bien": False, "Œuvre concurrente chez Intégra": True}
    titles = sorted(h.title for h in _hits(uow, "oeuvre", "visit"))
    assert titles[0].startswith("Competition — visit of 4 Mar 2026, Œuvre Intégra SAS")


def test_stakeholders_follow_add_edit_delete_and_undo(uow) -> None:
    person = create_stakeholder(uow, StakeholderInput("Émilie Cœur", "Ventes")).id
    assert _found(uow, "coeur") == {"stakeholder": [person]}
    update_stakeholder(uow, person, StakeholderInput("Émilie Durand", "Ventes"))
    assert _found(uow, "coeur") == {}
    assert _found(uow, "durand") == {"stakeholder": [person]}
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "coeur") == {"stakeholder": [person]}
    delete_stakeholder(uow, person)
    assert _found(uow, "emilie") == {}
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "emilie") == {"stakeholder": [person]}


def test_report_sections_follow_edits_and_undo(uow) -> None:
    partner = create_partner(uow, PartnerInput(name="Acme"), allow_duplicates=True).id
    visit = editing.create_visit(uow, VisitInput(partner_ids=[partner], starts_at=WHEN))
    report.save_report(uow, visit, [ReportSectionInput("context", "Déménagement à Nœux")])
    (section,) = _found(uow, "noeux")["visit"]
    report.save_report(uow, visit, [ReportSectionInput("context", "Rien de neuf", True)])
    assert "visit" not in _found(uow, "noeux")
    assert [h.internal_only for h in _hits(uow, "neuf", "visit")] == [True]
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "noeux") == {"visit": [section]}
    assert "visit" not in _found(uow, "neuf")
    report.save_report(uow, visit, [ReportSectionInput("context", "")])
    assert _found(uow, "noeux") == {}


def test_actions_follow_add_edit_undo_and_their_partner(uow) -> None:
    partner = create_partner(uow, PartnerInput(name="Acme"), allow_duplicates=True).id
    action = report.add_action(uow, ActionInput(title="Envoyer l’offre Bœuf", partner_id=partner))
    assert _found(uow, "boeuf") == {"action": [action]}
    report.update_action(uow, action, ActionInput(title="Envoyer le devis", partner_id=partner))
    assert _found(uow, "boeuf") == {}
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "boeuf") == {"action": [action]}
    delete_partner(uow, partner)
    assert _found(uow, "boeuf") == {}
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "boeuf") == {"action": [action]}
    loose = report.add_action(uow, ActionInput(title="Former l’équipe Bœuf"))
    assert _found(uow, "boeuf former") == {"action": [loose]}
    undo_batch(uow, last_undoable(uow).id)
    assert _found(uow, "boeuf former") == {}


def test_rebuild_gives_the_same_entries(uow, world) -> None:
    before = {k: sorted(v) for k, v in _found(uow, "oeuvre").items()}
    search_index.rebuild_all(uow)
    assert {k: sorted(v) for k, v in _found(uow, "oeuvre").items()} == before


def test_nothing_searchable_gives_nothing(uow, world) -> None:
    assert search_everything(uow, "  ,; ") == []
    assert search_everything(uow, "oeuvre", limit_per_kind=0) == []


def _reopen_as_if_from_0004(data_dir, drop_kinds: tuple[str, ...]):
    """Set the schema back to 0004, drop the entries an older app never wrote, and open the portfolio."""
    import sqlite3

    from alembic import command

    from prm_desktop.bootstrap import open_app
    from prm_desktop.config import DB_FILENAME
    from prm_desktop.storage.migrate import alembic_config

    # Later migrations are undone for real (their columns would be added twice), 0005 by hand.
    command.downgrade(alembic_config(data_dir / DB_FILENAME), "0005_search_everything")
    with sqlite3.connect(data_dir / DB_FILENAME) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0004_visits'")
        for kind in drop_kinds:
            conn.execute("DELETE FROM search_index WHERE kind = ?", (kind,))
            conn.execute("DELETE FROM search_rows WHERE kind = ?", (kind,))
    conn.close()
    return open_app(data_dir)


@pytest.mark.parametrize("with_partner", [True, False])
def test_upgrading_refills_the_index_with_the_new_kinds(data_dir, with_partner) -> None:
    from prm_desktop.bootstrap import open_app

    ctx = open_app(data_dir)
    person = create_stakeholder(ctx.uow, StakeholderInput("Noé Bœuf")).id
    if with_partner:
        create_partner(ctx.uow, PartnerInput(name="Bœuf Conseil"), allow_duplicates=True)
    ctx.close()
    ctx = _reopen_as_if_from_0004(data_dir, ("stakeholder",))
    try:
        assert _found(ctx.uow, "boeuf")["stakeholder"] == [person]
        assert ("partner" in _found(ctx.uow, "boeuf")) is with_partner
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "query",
    ["oeuvre", "Œuvre", "intégra", "INTEGRATI", "integr", "intégrat lyon", "oeuvre integ", '"œuvre commune"',
     "l’oeuvre d’integra", "integrazione", "zzzzzz introuvable", "numeri", "nu"],
)  # fmt: skip
def test_every_kind_finds_what_the_prefix_query_finds(uow, world, query) -> None:
    """Long prefixes are searched as the words they stand for: the hits are those of the prefix itself."""
    from prm_desktop.services.partner_queries import PartnerFilter, count_partners, search_partner_ids
    from prm_desktop.storage.search.queries import fts_query, search_entries

    partner = create_partner(uow, PartnerInput(name="Intégrateur Numérique", city="Lyon"), allow_duplicates=True).id
    create_note(uow, NoteInput("Intégrité des données, intégrations, numérisation", partner_id=partner))
    create_stakeholder(uow, StakeholderInput("Noémie Intègre", "Numérique"))
    report.add_action(uow, ActionInput(title="Intégrer Lyon au contrat", partner_id=partner))
    match = fts_query(query)
    with uow.read() as session:
        plain = {kind: [e for _k, e, _p in search_entries(session, match, [kind], 10)] for kind in search_index.KINDS}
        partners = {p for _k, _e, p in search_entries(session, match, ["partner"], 1000)}
    assert _found(uow, query) == {kind: ids for kind, ids in plain.items() if ids}
    assert set(search_partner_ids(uow, query)) == partners
    assert count_partners(uow, PartnerFilter(text=query)) == len(partners)
