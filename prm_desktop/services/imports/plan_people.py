"""Planning contacts, certifications and stakeholders imports.

Natural keys (formats.md §4): contacts by (partner, e-mail) else (partner, name); certifications by
(contact, code, obtained); stakeholders by e-mail else name. A certification row whose contact does
not exist at that partner creates the contact (by e-mail, else name).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.domain.program import Program
from prm_desktop.services.imports.builder import PlanBuilder, Staged
from prm_desktop.services.imports.matching import PartnerRef, PersonIndex, load_rows, load_rows_of_partners
from prm_desktop.storage.models import Certification, Contact, Stakeholder

__all__ = ["plan_certifications", "plan_contacts", "plan_stakeholders"]

_CONTACT_FIELDS = {"name": "name", "role": "role", "email": "email", "phone": "phone",
                   "primary": "is_primary", "left_on": "left_on"}
_STAKEHOLDER_FIELDS = ("name", "business_unit", "role", "email", "phone", "manager")


class _People:
    """People already stored (one query) plus the ones the file creates, found by e-mail or name."""

    def __init__(self, b: PlanBuilder, entity: str, rows: list[dict[str, Any]], scoped: bool) -> None:
        self.b, self.entity, self.scoped = b, entity, scoped
        self.index = PersonIndex()
        self.rows = rows
        self._by_id = {row["id"]: row for row in rows}
        for row in rows:
            self.index.add(row, row["partner_id"] if scoped else "")
        self.new: dict[str, Staged] = {}
        self.first_line: dict[str, int] = {}

    def find(self, email: str | None, name: str | None, scope: str = "") -> dict[str, Any] | None:
        return self.index.find(email, name, scope)

    def by_id(self, row_id: str | None, partner_id: str) -> dict[str, Any] | None:
        """The stored person with this id (the app's own, as exports write it) at this partner."""
        if not row_id:
            return None
        row = self._by_id.get(row_id)
        return row if row is not None and row.get("partner_id") == partner_id else None

    def stage(self, person: dict[str, Any], label: str, line: int) -> Staged:
        """The staged row of a person found in the index (stored or created by the file)."""
        if person["id"] in self.new:
            return self.new[person["id"]]
        return self.b.stage_existing(self.entity, person, label, line)

    def create(self, label: str, line: int, values: dict[str, Any], scope: str = "") -> Staged:
        staged = self.b.stage_new(self.entity, label, line, values)
        self.new[staged.row_id] = staged
        self.index.add({"id": staged.row_id, "name": values.get("name"), "email": values.get("email")}, scope)
        return staged

    def touch(self, staged: Staged, scope: str = "") -> None:
        """Index a person again under the name and e-mail the file gives it."""
        self.index.add({"id": staged.row_id, "name": staged.get("name"), "email": staged.get("email")}, scope)

    def seen(self, staged: Staged, line: int, message: str) -> None:
        """Warn when a second row of the file names the same person."""
        first = self.first_line.setdefault(staged.row_id, line)
        if first != line:
            self.b.warn(line, "name", _("{what} as line {line}; the later values win", what=message, line=first))


def _partners(b: PlanBuilder) -> list[tuple[dict[str, Any], PartnerRef]]:
    resolved = []
    for record in b.records:
        partner = b.partner_of(record)
        if partner is not None:
            resolved.append((record, partner))
    return resolved


def plan_contacts(b: PlanBuilder) -> None:
    """Stage the contacts of a contacts file; one primary contact per partner."""
    resolved = _partners(b)
    rows = load_rows_of_partners(b.session, Contact.__table__, {p.id for _r, p in resolved})
    people = _People(b, "contact", rows, scoped=True)
    primary: dict[str, Staged] = {}
    today = date.today()
    for record, partner in resolved:
        line = record["_line"]
        values = {column: record[f] for f, column in _CONTACT_FIELDS.items() if f in record}
        if values.get("is_primary") and values.get("left_on") and values["left_on"] <= today:
            b.error(line, "primary", _("a contact who has left cannot be primary"))
            continue
        label = f"{record['name']} — {partner.name}"
        person = people.by_id(record.get("id"), partner.id) or people.find(record.get("email"), record.get("name"),
                                                                          partner.id)
        if person is None:
            staged = people.create(label, line, {"partner_id": partner.id, **values}, partner.id)
        else:
            staged = people.stage(person, label, line)
            staged.values.update(values)
            people.touch(staged, partner.id)
        people.seen(staged, line, _("same contact"))
        if values.get("is_primary"):
            earlier = primary.get(partner.id)
            if earlier is not None and earlier is not staged:
                b.warn(line, "primary", _("{name} was also marked primary on line {line}; only the later one is",
                                          name=earlier.get("name"), line=earlier.line))
                earlier.values["is_primary"] = False
            primary[partner.id] = staged
    for row in rows:
        chosen = primary.get(row["partner_id"])
        if chosen is not None and row["id"] != chosen.row_id and row["is_primary"]:
            staged = b.staged("contact", row["id"]) or b.stage_existing(
                "contact", row, f"{row['name']} — {b.partners.by_id[row['partner_id']].name}", chosen.line)
            staged.values["is_primary"] = False


def _accepted_certifications(program: Program) -> list[str]:
    codes = [code for comp in program.competencies for code in comp.certifications]
    codes += [cert.code for cert in program.certifications]
    return list(dict.fromkeys(codes))


def plan_certifications(b: PlanBuilder) -> None:
    """Stage the certifications of a file, creating the contacts that do not exist yet."""
    resolved = _partners(b)
    partner_ids = {p.id for _r, p in resolved}
    people = _People(b, "contact", load_rows_of_partners(b.session, Contact.__table__, partner_ids), scoped=True)
    stored = {(r["contact_id"], r["code"], r["obtained_on"]): r
              for r in load_rows_of_partners(b.session, Certification.__table__, partner_ids)}
    created: dict[tuple[str, str, date], Staged] = {}
    first_line: dict[tuple[str, str, date], int] = {}
    for record, partner in resolved:
        line = record["_line"]
        code = b.resolve(line, "certification", record["certification"],
                         lambda p, v: p.resolve_certification(v), _accepted_certifications)
        if code is None:
            continue
        name, email = record.get("contact"), record.get("email")
        person = people.find(email, name, partner.id)
        if person is None:
            contact = people.create(f"{name or email} — {partner.name}", line,
                                    {"partner_id": partner.id, "name": name or email, "email": email}, partner.id)
            contact_id, contact_name = contact.row_id, name or email
        else:
            contact_id, contact_name = person["id"], person["name"]
        key = (contact_id, code, record["obtained"])
        label = f"{code} — {contact_name} ({partner.name})"
        if key in stored:
            staged = b.stage_existing("certification", stored[key], label, line)
        elif key in created:
            staged = created[key]
        else:
            staged = created[key] = b.stage_new("certification", label, line, {
                "partner_id": partner.id, "contact_id": contact_id, "code": code, "obtained_on": record["obtained"]})
        if "expires" in record:
            staged.values["expires_on"] = record["expires"]
        first = first_line.setdefault(key, line)
        if first != line:
            b.warn(line, "certification", _("{what} as line {line}; the later values win",
                                            what=_("same certification"), line=first))


def plan_stakeholders(b: PlanBuilder) -> None:
    """Stage the stakeholders of a file; ``manager`` is matched to a stakeholder's name."""
    people = _People(b, "stakeholder", load_rows(b.session, Stakeholder.__table__), scoped=False)
    managers: list[tuple[Staged, int, str]] = []
    for record in b.records:
        line = record["_line"]
        values = {f: record[f] for f in _STAKEHOLDER_FIELDS if f in record}
        person = people.find(record.get("email"), record.get("name"))
        if person is None:
            staged = people.create(record["name"], line, values)
        else:
            staged = people.stage(person, record["name"], line)
            staged.values.update(values)
            people.touch(staged)
        people.seen(staged, line, _("same stakeholder"))
        if values.get("manager"):
            managers.append((staged, line, values["manager"]))
    for staged, line, manager in managers:
        email = manager if "@" in manager else None
        found = people.find(email, None if email else manager)
        if found is None:
            b.warn(line, "manager", _('"{name}" is not a known stakeholder; kept as written', name=manager))
            continue
        chosen = people.new.get(found["id"]) or b.staged("stakeholder", found["id"])
        staged.values["manager"] = chosen.get("name") if chosen is not None else found["name"]
