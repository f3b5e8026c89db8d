"""Search everything: partners, contacts, notes, internal stakeholders, visit reports and actions.

One full-text statement for every kind (the index of :mod:`prm_desktop.services.search_index`; long
prefixes searched as the words they stand for), at most ``limit_per_kind`` hits each, then the rows
behind the hits are read to title them and to quote the matched words in the text as written
(:mod:`prm_desktop.domain.search_snippet`). Each hit says what to open (``opens`` and ``open_id``: the
partner of a contact, the visit of a report section…) and whether it is internal-only (never in
partner-facing documents).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.notes_markdown import to_plain_text
from prm_desktop.domain.search_snippet import Snippet, make_snippet
from prm_desktop.domain.visit_rules import SECTION_LABELS
from prm_desktop.services.search_index import KINDS, fts_query, search_tokens
from prm_desktop.storage.search.hits import hit_rows
from prm_desktop.storage.search.queries import match_query, search_entries_by_kind
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["KIND_LABELS", "EverythingHit", "HitGroup", "search_everything"]

#: Heading of each kind's group, in display order.
KIND_LABELS: dict[str, str] = {
    "partner": N_("Partners"),
    "contact": N_("Contacts"),
    "note": N_("Notes"),
    "stakeholder": N_("Internal stakeholders"),
    "visit": N_("Visit reports"),
    "action": N_("Actions"),
}


@dataclass(frozen=True)
class EverythingHit:
    """One hit.

    Attributes:
        kind: ``partner``, ``contact``, ``note``, ``stakeholder``, ``visit`` (a report section) or ``action``.
        entity_id: The row that matched (for ``visit``, the report section).
        opens: What to open to see it: ``partner``, ``stakeholder``, ``visit`` or ``action``.
        open_id: The id of what to open.
        partner_id: Its partner, when it has one (for a visit, its first partner).
        title: A one-line title in the user's language.
        snippet: The matched text, with the spans of the matched words.
        internal_only: Never shown in partner-facing documents (notes, report sections, actions so marked).
    """

    kind: str
    entity_id: str
    opens: str
    open_id: str
    partner_id: str | None
    title: str
    snippet: Snippet
    internal_only: bool


@dataclass(frozen=True)
class HitGroup:
    """The hits of one kind, with its translated heading."""

    kind: str
    label: str
    hits: tuple[EverythingHit, ...]


def _fields(*values: Any) -> str:
    return " · ".join(str(v) for v in values if v not in (None, ""))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _hit(kind: str, row: dict[str, Any], tokens: Sequence[str]) -> EverythingHit:
    """Title, quoted text and target of one row."""
    pid = row.get("partner_id")
    internal = bool(row.get("internal_only"))
    if kind == "partner":
        opens, open_id, pid = "partner", row["id"], row["id"]
        title = row["name"]
        body = _fields(row["name"], row["legal_name"], row["siren"], row["postal_code"], row["city"])
    elif kind == "contact":
        opens, open_id = "partner", pid
        title = _("{name} ({partner})", name=row["name"], partner=row["partner_name"])
        body = _fields(row["name"], row["email"], row["role"], row["phone"])
    elif kind == "note":
        about = row["partner_name"] or row["stakeholder_name"] or ""
        opens, open_id = ("partner", pid) if pid else ("stakeholder", row["stakeholder_id"])
        title = _("Note about {name}, {date}", name=about, date=format_date(_day(row["created_at"])))
        body = _fields(to_plain_text(row["body"]), row["tags"])
    elif kind == "stakeholder":
        opens, open_id = "stakeholder", row["id"]
        title = _fields(row["name"], row["business_unit"])
        body = _fields(row["name"], row["business_unit"], row["role"], row["email"], row["phone"], row["manager"])
    elif kind == "visit":
        opens, open_id = "visit", row["visit_id"]
        section = _(SECTION_LABELS[row["title"]]) if row["title"] in SECTION_LABELS else row["title"]
        title = _("{section} — visit of {date}, {partners}", section=section,
                  date=format_date(_day(row["starts_at"])), partners=row["partner_names"] or "")  # fmt: skip
        body = to_plain_text(row["body"])
    else:
        opens, open_id = (("visit", row["visit_id"]) if row["visit_id"] else ("partner", pid) if pid
                          else ("action", row["id"]))
        due = format_date(_day(row["due_on"])) if row["due_on"] else ""
        title = _fields(row["title"], row["partner_name"], due)
        body = row["title"]
    return EverythingHit(kind, row["id"], opens, open_id or "", pid, title, make_snippet(body, tokens), internal)


def search_everything(uow: UnitOfWorkFactory, query: str, limit_per_kind: int = 5) -> list[HitGroup]:
    """Search every kind of the full-text index at once, grouped by kind.

    Accents, case and ligatures do not matter (``oeuvre`` finds ``Œuvre``, ``integ`` finds
    ``Intégra``); every word typed must match (as a word prefix).

    Args:
        uow: Unit-of-work factory.
        query: What the user typed.
        limit_per_kind: Maximum hits per kind.

    Returns:
        One group per kind that has hits, in :data:`KIND_LABELS` order; empty when nothing matches or
        nothing searchable was typed.
    """
    if fts_query(query) is None or limit_per_kind <= 0:
        return []
    tokens = search_tokens(query)
    groups: list[HitGroup] = []
    with uow.read() as session:
        match = match_query(session, query) or ""  # long prefixes expanded once for every kind
        found = search_entries_by_kind(session, match, KINDS, limit_per_kind)
        for kind in KINDS:
            ids = [entity for entity, _p in found.get(kind, ())]
            rows = hit_rows(session, kind, ids)
            hits = tuple(_hit(kind, rows[i], tokens) for i in ids if i in rows)
            if hits:
                groups.append(HitGroup(kind, _(KIND_LABELS[kind]), hits))
    return groups
