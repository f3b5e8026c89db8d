from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from prm_desktop.domain.notes_markdown import mention
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.stakeholders import LinkInput, StakeholderInput
from prm_desktop.services import search_index
from prm_desktop.services.contacts import ContactInput, add_contact, update_contact
from prm_desktop.services.drafts import open_drafts
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.directory import create_stakeholder, list_directory, update_stakeholder
from prm_desktop.services.people.links import link_stakeholder, partner_map
from prm_desktop.services.people.notes import create_note, partner_timeline
from prm_desktop.services.people.purge import purge_contact, purge_stakeholder

EMAIL = "karim.haddad@vendor.example"
CONTACT_EMAIL = "paul.martin@acme.example"


def _tables_holding(db: Path, needle: str) -> list[str]:
    """Every (table, column) of the SQLite file whose text holds ``needle`` (case-insensitive)."""
    found = []
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                hit = conn.execute(
                    f'SELECT 1 FROM "{table}" WHERE instr(lower(CAST("{column}" AS TEXT)), ?) > 0 LIMIT 1',
                    (needle.lower(),),
                ).fetchone()
                if hit:
                    found.append(f"{table}.{column}")
    return found


@pytest.fixture
def portfolio(app_ctx):
    uow = app_ctx.uow
    acme = create_partner(uow, {"name": "Acme Intégration"})
    karim = create_stakeholder(uow, StakeholderInput("Karim Haddad", "Avant-vente", email="karim@old.example"))
    update_stakeholder(
        uow, karim.id, StakeholderInput("Karim Haddad", "Avant-vente", email=EMAIL, phone="01 70 00 00 02")
    )
    link_stakeholder(uow, karim.id, acme.id, LinkInput("presales", "high", "champion"))
    create_note(uow, NoteInput(f"Démo avec {mention('Karim Haddad', karim.id)} ({EMAIL})", partner_id=acme.id))
    paul = add_contact(uow, acme.id, ContactInput(name="Paul Martin", email=CONTACT_EMAIL))
    update_contact(uow, paul.id, ContactInput(name="Paul Martin", email=CONTACT_EMAIL, role="DG"))
    drafts = open_drafts(app_ctx.paths.drafts)
    drafts.save(f"note:new:{acme.id}:", f"Rappeler Karim Haddad, {EMAIL}, et {CONTACT_EMAIL}", "Note about Acme")
    yield acme, karim, paul, drafts
    drafts.close()


def test_purging_a_stakeholder_leaves_their_email_nowhere(app_ctx, portfolio) -> None:
    acme, karim, _paul, drafts = portfolio
    db = app_ctx.paths.database
    assert "change_log.data" in _tables_holding(db, EMAIL)  # the history held it
    result = purge_stakeholder(app_ctx.uow, karim.id, drafts)
    assert result.notes == 1 and result.drafts == 1
    assert _tables_holding(db, EMAIL) == []
    assert _tables_holding(db, "Karim Haddad") == []
    assert EMAIL not in drafts.pending()[0].text and "Karim Haddad" not in drafts.pending()[0].text
    assert list_directory(app_ctx.uow) == [] and partner_map(app_ctx.uow, acme.id).links == []
    (note,) = partner_timeline(app_ctx.uow, acme.id)
    assert note.plain_text == "Démo avec @(redacted) ((redacted))"
    assert search_index.search(app_ctx.uow, "haddad") == []
    with sqlite3.connect(db) as conn:  # the tombstone is kept
        assert conn.execute("SELECT name, email, deleted_at IS NOT NULL FROM stakeholders").fetchall() == [
            ("(redacted)", None, 1)
        ]


def test_purging_a_contact_leaves_their_email_nowhere(app_ctx, portfolio) -> None:
    _acme, _karim, paul, drafts = portfolio
    assert search_index.search(app_ctx.uow, "paul martin")
    purge_contact(app_ctx.uow, paul.id, drafts)
    assert _tables_holding(app_ctx.paths.database, CONTACT_EMAIL) == []
    assert _tables_holding(app_ctx.paths.database, "Paul Martin") == []
    assert CONTACT_EMAIL not in drafts.pending()[0].text
    assert search_index.search(app_ctx.uow, "paul martin") == []


def test_cli_purge(app_ctx, portfolio, data_dir) -> None:
    _acme, karim, _paul, drafts = portfolio
    drafts.close()
    app_ctx.close()
    run = [sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "--lang", "en", "purge"]
    done = subprocess.run([*run, "stakeholder", karim.id], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Personal data purged" in done.stdout
    assert _tables_holding(app_ctx.paths.database, EMAIL) == []
    missing = subprocess.run([*run, "contact", "nobody"], capture_output=True, text=True, check=False)
    assert missing.returncode == 1 and "No contact with id nobody." in missing.stderr
