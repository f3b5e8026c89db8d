"""Planning a partners import: match, create or update partners, owners, parents and distributors.

Two passes over the records. The first matches each row to a stored partner or to a partner an
earlier row of the file creates (formats.md §4 matching) and registers new partners and new keys in
the index. The second, with the stored rows loaded in one query, stages the values, resolving the
tier (active program), the owner (a team member, created when new, with a warning), the parent and
the distributors (stored partners or partners the same file creates).
"""

from __future__ import annotations

import re
from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_partner_name
from prm_desktop.domain.partner_rules import join_list
from prm_desktop.services.imports.builder import PlanBuilder, Staged
from prm_desktop.services.imports.matching import (
    PartnerMatch,
    PartnerRef,
    PersonIndex,
    load_rows_of_partners,
    load_team,
)
from prm_desktop.storage.models import Partner, PartnerDistributor

__all__ = ["plan_partners", "resolve_partner_text"]

#: Record field → partner column, for the fields copied as they are.
_DIRECT = {
    "name": "name", "legal_name": "legal_name", "type": "type", "siren": "siren", "siret": "siret",
    "vat": "vat", "address": "address", "postal_code": "postal_code", "city": "city",
    "country": "country", "region": "region", "website": "website", "phone": "phone",
    "email": "email", "status": "status", "since": "partner_since", "contract_end": "contract_end",
    "external_id": "external_id", "last_visit": "imported_last_visit_on",
}
#: Columns that cannot be emptied: an empty cell leaves them as they are (or at their default).
_NOT_NULL = frozenset({"name", "type", "status"})
#: Stored columns a partners import reads (and may change).
_STORED_COLUMNS = ("id", "name_key", *_DIRECT.values(), "assigned_tier", "owner_id", "tags", "parent_id")
_LIST_SEPARATORS = re.compile(r"[;|,]")


def resolve_partner_text(b: PlanBuilder, line: int, name: str, value: str) -> PartnerRef | None:
    """A partner named in one cell (parent, distributor): external id, SIREN or name; else a row error."""
    found = b.partners.match_text(value)
    if found.partner is None:
        b.error(line, name, b.no_match_message(found, f'"{value}"'))
    return found.partner


def _distributors(b: PlanBuilder, line: int, value: str) -> list[PartnerRef] | None:
    whole = b.partners.match_text(value)
    if whole.partner is not None:
        return [whole.partner]
    parts = [p.strip() for p in _LIST_SEPARATORS.split(value) if p.strip()]
    if len(parts) < 2:
        b.error(line, "distributor", b.no_match_message(whole, f'"{value}"'))
        return None
    refs = [resolve_partner_text(b, line, "distributor", part) for part in parts]
    if any(r is None for r in refs):
        return None
    return list({r.id: r for r in refs if r is not None}.values())


def _values(b: PlanBuilder, record: dict[str, Any], owners: _Owners) -> dict[str, Any] | None:
    """Column values of one record, with tier and owner resolved (None after a row error)."""
    line = record["_line"]
    values = {column: record[f] for f, column in _DIRECT.items() if f in record}
    for column in _NOT_NULL:
        if values.get(column, "") is None:
            del values[column]
    ok = True
    if "tags" in record:
        values["tags"] = join_list(record["tags"] or [])
    if "tier" in record:
        tier = record["tier"]
        if tier is None:
            values["assigned_tier"] = None
        else:
            values["assigned_tier"] = b.resolve(
                line, "tier", tier, lambda p, v: p.resolve_tier(v),
                lambda p: [t.name for t in p.tiers])
            ok = values["assigned_tier"] is not None
    if "owner" in record:
        values["owner_id"] = owners.resolve(b, line, record["owner"])
    return values if ok else None


class _Owners:
    """Owners by the text of their cell: a team member, created (with a warning) when new."""

    def __init__(self, team: PersonIndex) -> None:
        self.team = team
        self.seen: dict[str, str] = {}

    def resolve(self, b: PlanBuilder, line: int, owner: str | None) -> str | None:
        if not owner:
            return None
        if owner in self.seen:
            return self.seen[owner]
        email = owner.lower() if "@" in owner else None
        member = self.team.find(email, None if email else owner)
        if member is None:
            staged = b.stage_new("team_member", owner, line, {"name": owner, "email": email})
            member = {"id": staged.row_id, "name": owner, "email": email}
            self.team.add(member)
            b.warn(line, "owner", _('"{name}" is not a team member yet; added to the team', name=owner))
        self.seen[owner] = member["id"]
        return member["id"]


def _key_conflicts(b: PlanBuilder, record: dict[str, Any], target: str | None) -> bool:
    """Row errors when the row's SIREN or external id belongs to another partner."""
    bad = False
    for name, which in (("external_id", "external_id"), ("siren", "siren")):
        value = record.get(name)
        others = [r for r in b.partners.holders(which, value) if r.id != target]
        if value and others:
            b.error(record["_line"], name, _("{value} already belongs to partner {partner}",
                                              value=value, partner=others[0].name))
            bad = True
    return bad


def _warn_namesakes(b: PlanBuilder, line: int, name_key: str) -> None:
    """Warn that a row creates a partner whose normalised name another partner already has.

    Such a row did not match that partner because their SIREN or external id differ: it may be
    another company of the same name, or the same one with a wrong identifier (a second partner
    would then make later imports by name ambiguous).
    """
    namesakes = b.partners.holders("name_key", name_key)
    if namesakes:
        existing = ", ".join(
            _("{name}, SIREN {siren}", name=r.name, siren=r.siren) if r.siren else r.name for r in namesakes[:3]
        )
        b.warn(line, "name", _("a partner with the same name already exists ({existing}); this row creates "
                               "another one", existing=existing))


def plan_partners(b: PlanBuilder) -> None:
    """Stage the partners (and new team members, distributor links) a partners file names."""
    owners = _Owners(load_team(b.session))
    new_partners: dict[str, Staged] = {}
    first_line: dict[str, int] = {}
    targets: list[tuple[dict[str, Any], str, dict[str, Any]]] = []
    for record in b.records:
        line = record["_line"]
        by_id = b.partners.by_id.get(record.get("id") or "")  # the app's own id comes first (formats.md §4)
        # The name's key, once per row (matching, then the namesake check of a new partner).
        name_key = normalize_partner_name(record.get("name")) if by_id is None else None
        found = (PartnerMatch(by_id, (by_id,)) if by_id is not None else
                 b.partners.match(record.get("external_id"), record.get("siren"), name_key=name_key))
        if found.ambiguous:
            column = next(f for f in ("external_id", "siren", "name") if record.get(f))
            value = f'"{record.get(column)}"'
            b.error(line, column, b.no_match_message(found, value))
            continue
        target = found.partner.id if found.partner else None
        values = _values(b, record, owners)
        if _key_conflicts(b, record, target) or values is None:
            continue
        if target is None:
            if name_key is None or values["name"] != record.get("name"):
                name_key = normalize_partner_name(values["name"])
            _warn_namesakes(b, line, name_key)
            staged = b.stage_new("partner", values["name"], line, values)
            new_partners[staged.row_id] = staged
            target = staged.row_id
            b.partners.add(PartnerRef(target, values["name"], values.get("external_id"), values.get("siren"),
                                      name_key))
        else:
            ref = b.partners.by_id[target]
            keys = {k: values[k] for k in ("external_id", "siren") if values.get(k)}
            if values.get("name") and values["name"] != ref.name:
                keys["name_key"] = normalize_partner_name(values["name"])
                ref.name = values["name"]
            b.partners.update(ref, **keys)
        if target in first_line:
            b.warn(line, "name", _("same partner as line {line}; the later values win", line=first_line[target]))
        else:
            first_line[target] = line
        targets.append((record, target, values))

    existing_ids = {t for _r, t, _v in targets if t not in new_partners}
    current = {row["id"]: row for row in load_rows_of_partners(b.session, Partner.__table__, existing_ids, "id",
                                                               _STORED_COLUMNS)}
    distributors: dict[str, tuple[int, list[PartnerRef]]] = {}
    for record, target, values in targets:
        line = record["_line"]
        if target in new_partners:
            staged = new_partners[target]
            staged.values.update(values)
        else:
            row = current[target]
            staged = b.stage_existing("partner", row, values.get("name") or row["name"], line)
            staged.values.update(values)
        if "parent" in record:
            _parent(b, record, staged)
        if "distributor" in record:
            refs = _distributors(b, line, record["distributor"]) if record["distributor"] else []
            if refs is not None:
                if any(r.id == target for r in refs):
                    b.error(line, "distributor", _("a partner cannot be its own distributor"))
                else:
                    distributors[target] = (line, refs)
    _links(b, distributors, new_partners)


def _parent(b: PlanBuilder, record: dict[str, Any], staged: Staged) -> None:
    line, value = record["_line"], record["parent"]
    if not value:
        staged.values["parent_id"] = None
        return
    parent = resolve_partner_text(b, line, "parent", value)
    if parent is None:
        return
    if parent.id == staged.row_id:
        b.error(line, "parent", _("a partner cannot be its own parent"))
        return
    staged.values["parent_id"] = parent.id


def _links(b: PlanBuilder, wanted: dict[str, tuple[int, list[PartnerRef]]], new_partners: dict[str, Staged]) -> None:
    """Create the distributor links a file lists and remove the ones it no longer lists."""
    if not wanted:
        return
    stored: dict[str, list[dict[str, Any]]] = {}
    for row in load_rows_of_partners(b.session, PartnerDistributor.__table__,
                                     [p for p in wanted if p not in new_partners]):
        stored.setdefault(row["partner_id"], []).append(row)
    for partner_id, (line, refs) in wanted.items():
        name = b.partners.by_id[partner_id].name
        have = {row["distributor_id"]: row for row in stored.get(partner_id, [])}
        for ref in refs:
            label = f"{name} → {ref.name}"
            if ref.id in have:
                b.stage_existing("partner_distributor", have.pop(ref.id), label, line)
            else:
                b.stage_new("partner_distributor", label, line,
                            {"partner_id": partner_id, "distributor_id": ref.id})
        for row in have.values():
            other = b.partners.by_id.get(row["distributor_id"])
            b.delete("partner_distributor", row, f"{name} → {other.name if other else row['distributor_id']}", line)
