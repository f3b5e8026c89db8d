"""Finding the partners, people and team members a file names, from indexes loaded in bulk.

Partner matching (formats.md §4): ``external_id``, else ``siren``, else the normalised name (the
``partners.name_key`` column). Each key the row gives is tried in that order and the first one that
finds a partner decides; a partner whose stored value of an earlier key is set (and so differs
from the row's) is not a candidate for a later key: a row with SIREN B never matches, by name, a
partner with SIREN A. When a key finds several partners, the later keys narrow them down; still
several is ambiguous.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_partner_name, normalize_text
from prm_desktop.storage.id_lists import ids_param_members
from prm_desktop.storage.models import Partner, TeamMember

__all__ = [
    "PartnerIndex",
    "PartnerMatch",
    "PartnerRef",
    "PersonIndex",
    "load_rows",
    "load_rows_of_partners",
]

_KEYS = ("external_id", "siren", "name_key")
_SIREN = re.compile(r"^\d{9}$")
_CHUNK = 20_000


def load_rows(session: Session, table: Table) -> list[dict[str, Any]]:
    """Every live row of a table, as plain dicts (one query)."""
    query = select(table).where(table.c.deleted_at.is_(None))
    return [dict(row) for row in session.connection().execute(query).mappings()]


def load_rows_of_partners(session: Session, table: Table, partner_ids: Iterable[str],
                          column: str = "partner_id", columns: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Live rows of a table whose ``column`` (``partner_id`` by default) is one of the given ids.

    Args:
        session: An open session.
        table: The table.
        partner_ids: The ids.
        column: The column holding them.
        columns: The columns to read (default: all).
    """
    ids = sorted(set(partner_ids))
    rows: list[dict[str, Any]] = []
    members = ids_param_members()
    selected = [table.c[c] for c in columns] if columns is not None else [table]
    for start in range(0, len(ids), _CHUNK):
        chunk = json.dumps(ids[start : start + _CHUNK])
        query = select(*selected).where(table.c.deleted_at.is_(None), table.c[column].in_(members))
        rows.extend(dict(row) for row in session.connection().execute(query, {"ids": chunk}).mappings())
    return rows


@dataclass(slots=True)
class PartnerRef:
    """A partner as matching sees it."""

    id: str
    name: str
    external_id: str | None = None
    siren: str | None = None
    name_key: str = ""

    def key(self, which: str) -> str | None:
        """The value of one matching key (``external_id``, ``siren`` or ``name_key``)."""
        return getattr(self, which) or None


@dataclass(frozen=True, slots=True)
class PartnerMatch:
    """Outcome of matching: ``partner`` when exactly one matched, else the candidates (0 or ≥ 2)."""

    partner: PartnerRef | None
    candidates: tuple[PartnerRef, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """Whether several partners matched."""
        return len(self.candidates) > 1


@dataclass
class PartnerIndex:
    """Live partners by id and by each matching key (loaded with one query)."""

    by_id: dict[str, PartnerRef] = field(default_factory=dict)
    by_key: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {k: {} for k in _KEYS})

    @classmethod
    def load(cls, session: Session) -> PartnerIndex:
        """Read every live partner's id, name and keys."""
        index = cls()
        query = select(Partner.id, Partner.name, Partner.external_id, Partner.siren, Partner.name_key).where(
            Partner.deleted_at.is_(None)
        )
        for pid, name, ext, siren, name_key in session.connection().execute(query):
            index.add(PartnerRef(pid, name, ext or None, siren or None, name_key or ""))
        return index

    def add(self, ref: PartnerRef) -> None:
        """Add a partner (or keys it gained) to the index."""
        self.by_id[ref.id] = ref
        for which in _KEYS:
            value = ref.key(which)
            if value:
                ids = self.by_key[which].setdefault(value, [])
                if ref.id not in ids:
                    ids.append(ref.id)

    def update(self, ref: PartnerRef, **values: str | None) -> None:
        """Change a partner's keys (a file that gives an existing partner its SIREN)."""
        values = {k: v for k, v in values.items() if ref.key(k) != (v or None)}
        if not values:
            return
        for which, value in values.items():
            old = ref.key(which)
            if old and old != value:
                ids = self.by_key[which].get(old, [])
                if ref.id in ids:
                    ids.remove(ref.id)
            setattr(ref, which, value or ("" if which == "name_key" else None))
        self.add(ref)

    def holders(self, which: str, value: str | None) -> list[PartnerRef]:
        """Partners whose key ``which`` is ``value``."""
        if not value:
            return []
        return [self.by_id[i] for i in self.by_key[which].get(value, [])]

    def match(self, external_id: str | None = None, siren: str | None = None,
              name: str | None = None, name_key: str | None = None) -> PartnerMatch:
        """Find the one partner named by an external id, a SIREN and/or a name.

        Args:
            external_id: The partner's external id as written.
            siren: Its SIREN (9 digits).
            name: Its name (normalised here like ``name_key``).
            name_key: The name already normalised (instead of ``name``).

        Returns:
            The match; ``partner`` is None when no partner or several partners match.
        """
        keys = {"external_id": external_id, "siren": siren, "name_key": name_key}

        def key(which: str) -> str | None:
            if which == "name_key" and keys["name_key"] is None:
                keys["name_key"] = normalize_partner_name(name)  # only when the name is needed
            return keys[which]

        given = [k for k in _KEYS if keys[k] or (k == "name_key" and name_key is None and name)]
        for position, which in enumerate(given):
            value = key(which)
            ids = self.by_key[which].get(value) if value else None
            if not ids:
                continue
            earlier = given[:position]
            candidates = [r for r in map(self.by_id.__getitem__, ids) if not any(r.key(k) for k in earlier)]
            if not candidates:
                continue
            if len(candidates) > 1:
                for later in given[position + 1 :]:
                    narrowed = [r for r in candidates if r.key(later) == key(later)]
                    if narrowed:
                        candidates = narrowed
            if len(candidates) == 1:
                return PartnerMatch(candidates[0], tuple(candidates))
            return PartnerMatch(None, tuple(candidates))
        return PartnerMatch(None, ())

    def match_text(self, value: str) -> PartnerMatch:
        """Find a partner named in one cell (a parent, a distributor): external id, SIREN or name."""
        value = value.strip()
        by_ext = self.holders("external_id", value)
        if len(by_ext) == 1:
            return PartnerMatch(by_ext[0], (by_ext[0],))
        compact = value.replace(" ", "")
        if _SIREN.match(compact):
            found = self.match(siren=compact)
            if found.candidates:
                return found
        return self.match(name=value)


def person_key(name: str | None) -> str:
    """Matching key of a person's name (case, accents and punctuation ignored)."""
    return normalize_text(name)


@dataclass
class PersonIndex:
    """People (contacts of a partner, stakeholders, team members) by e-mail and by name.

    A row with an e-mail matches the person with that e-mail; else (or when no one has it) the person
    with that name who has no e-mail, or the same one.
    """

    by_email: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, row: dict[str, Any], scope: str = "") -> None:
        """Index a person (a stored row, or the values of one the file creates)."""
        email = (row.get("email") or "").lower()
        if email:
            self.by_email.setdefault((scope, email), []).append(row)
        key = person_key(row.get("name"))
        if key:
            self.by_name.setdefault((scope, key), []).append(row)

    def find(self, email: str | None, name: str | None, scope: str = "") -> dict[str, Any] | None:
        """The person with this e-mail, else with this name and no (or the same) e-mail."""
        email = (email or "").lower()
        if email:
            found = self.by_email.get((scope, email))
            if found:
                return found[0]
        key = person_key(name)
        if key:
            for row in self.by_name.get((scope, key), []):
                stored = (row.get("email") or "").lower()
                if not stored or not email or stored == email:
                    return row
        return None


def load_team(session: Session) -> PersonIndex:
    """Live team members, by e-mail and name."""
    index = PersonIndex()
    query = select(TeamMember.id, TeamMember.name, TeamMember.email).where(TeamMember.deleted_at.is_(None))
    for mid, name, email in session.execute(query):
        index.add({"id": mid, "name": name, "email": email})
    return index
