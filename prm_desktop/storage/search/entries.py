"""The text of index entries, built from the rows read (no database: another process can build them).

Each builder takes the rows one chunk's queries read (plain tuples, in the order they came) and
returns that chunk's entries ``(kind, entity_id, partner_id, body)`` in the order they get their
row ids. `prm_desktop.storage.search.index` and `.more_docs` read the rows and call these; a large
rebuild sends the rows to a process of its own that calls the same builders
(`prm_desktop.storage.search.fill_process`), so both give the same entries, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.notes_markdown import to_plain_text

__all__ = ["BUILDERS", "Doc", "action_entries", "loose_note_entries", "partner_entries", "section_entries",
           "stakeholder_entries"]

Doc = tuple[str, str, str | None, str]
Rows = Sequence[Sequence[Any]]

#: Joins the parts of an entry before it is normalised once: a control character is punctuation to
#: `normalize_text` (a word break, never part of a digit group), so the parts come out normalised and
#: joined by one space, as if each had been normalised alone (2.6 M calls for 100,000 partners: 1 M).
_PART_BREAK = "\x1f"


def join_once(*parts: str | None) -> str:
    """The parts normalised as one text (see :data:`_PART_BREAK`)."""
    return normalize_text(_PART_BREAK.join(filter(None, parts)))


def join_each(*parts: str | None) -> str:
    """Each part normalised, the non-empty results joined by a space."""
    return " ".join(filter(None, (normalize_text(p) for p in parts if p)))


def action_entries(rows: Rows) -> list[Doc]:
    """Entries of action items from ``(id, partner_id, title)`` rows."""
    return [("action", aid, pid, join_each(title)) for aid, pid, title in rows]


def partner_entries(rows: tuple[Rows, Rows, Rows | None, Rows | None]) -> list[Doc]:
    """Entries of some partners from ``(partners, contacts, notes, actions)`` rows.

    ``partners``: ``(id, name, legal_name, siren, siret, city, postal_code)``; ``contacts``:
    ``(id, partner_id, name, email, role, phone)``; ``notes``: ``(id, partner_id, body, tags)``;
    ``actions``: see :func:`action_entries`. Notes and actions None: the partner entries only (their
    contacts' names still in them). Order: contacts, notes, actions, partners.
    """
    partners, contacts, notes, actions = rows
    people: dict[str, list[str]] = defaultdict(list)
    children = notes is not None
    docs: list[Doc] = []
    for cid, pid, name, email, role, phone in contacts:
        who = join_once(name, email)
        people[pid].append(who)
        if children:
            docs.append(("contact", cid, pid, " ".join(filter(None, (who, join_once(role, phone))))))
    if notes is not None:
        docs.extend(("note", nid, pid, join_once(to_plain_text(body), tags)) for nid, pid, body, tags in notes)
    if actions is not None:
        docs.extend(action_entries(actions))
    for pid, name, legal, siren, siret, city, postcode in partners:
        body = " ".join(filter(None, [join_once(name, legal, siren, siret, city, postcode), *people[pid]]))
        docs.append(("partner", pid, pid, body))
    return docs


def loose_note_entries(rows: Rows) -> list[Doc]:
    """Entries of notes about no partner from ``(id, body, tags)`` rows."""
    return [("note", nid, None, join_once(to_plain_text(body), tags)) for nid, body, tags in rows]


def stakeholder_entries(rows: Rows) -> list[Doc]:
    """Entries of stakeholders from ``(id, name, business_unit, role, email, phone, manager)`` rows."""
    return [("stakeholder", sid, None, join_each(*fields)) for sid, *fields in rows]


def section_entries(rows: Rows) -> list[Doc]:
    """Entries of report sections from ``(id, body)`` rows (a section with no words has none)."""
    docs = [("visit", sid, None, join_each(to_plain_text(body))) for sid, body in rows]
    return [doc for doc in docs if doc[3]]


#: The builders by name (what a chunk sent to another process says to build).
BUILDERS: dict[str, Callable[[Any], list[Doc]]] = {
    "partner": partner_entries,
    "note": loose_note_entries,
    "stakeholder": stakeholder_entries,
    "visit": section_entries,
    "action": action_entries,
}
