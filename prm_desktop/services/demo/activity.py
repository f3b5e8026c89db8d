"""Demo rows for the activity: visits (partners, attendees, report sections, action items) and notes."""

from __future__ import annotations

from prm_desktop.domain.program import VISIT_KINDS
from prm_desktop.services.demo import names, texts
from prm_desktop.services.demo.generator import DemoBuilder, PartnerInfo, Row
from prm_desktop.storage.ids import new_id
from prm_desktop.storage.models import ActionItem, Note, Visit, VisitAttendee, VisitPartner, VisitReportSection

#: Kinds of one-partner visits, repeated by weight (events are generated apart).
_KINDS = tuple(k for k, w in (("on_site", 9), ("video", 6), ("phone", 5)) if k in VISIT_KINDS for _ in range(w))
_DURATIONS = {"on_site": (90, 120), "video": (45, 60), "phone": (30, 30), "event": (180, 240)}
_SECTIONS_BY_KIND = {"on_site": (2, 3), "video": (1, 2), "phone": (0, 1), "event": (1, 2)}
_START_MINUTES = (9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60, 14 * 60, 14 * 60 + 30, 15 * 60, 16 * 60)
_PUBLIC_SECTIONS = tuple(s for s in texts.REPORT_SECTIONS if not s[2])
_INTERNAL_SECTIONS = tuple(s for s in texts.REPORT_SECTIONS if s[2])


def build(b: DemoBuilder) -> None:
    """Visits of each partner, multi-partner events, then notes."""
    for info in b.partners:
        _partner_visits(b, info)
    _events(b)
    _notes(b)


def _visit_plan(b: DemoBuilder, info: PartnerInfo) -> tuple[int, bool]:
    """How many past visits a partner had and whether one is planned."""
    status = info.status
    if status in ("active", "at_risk"):
        return b.between(1, 3), b.random() < 0.5
    if status == "onboarding":
        return b.between(1, 2), b.random() < 0.6
    if status == "prospect":
        return b.between(0, 1), b.random() < 0.3
    return (1 if b.random() < 0.5 else 0), False


def _partner_visits(b: DemoBuilder, info: PartnerInfo) -> None:
    past, planned = _visit_plan(b, info)
    for n in range(past + planned):
        future = n >= past
        offset = b.between(1, 75) if future else -b.between(1, 365)
        status = "planned" if future else ("done" if b.random() < 0.9 else "cancelled")
        kind = b.pick(_KINDS) if _KINDS else VISIT_KINDS[0]
        if kind == "on_site":
            place = info.place
        elif kind == "video":
            place = b.pick(texts.VIDEO_PLACES)
        else:
            place = None
        objective = texts.ONBOARDING_OBJECTIVE if info.status == "onboarding" and n == 0 else None
        visit_id = _visit(b, info, [info], kind, status, offset, place, objective)
        if status != "cancelled":
            _attendees(b, visit_id, info, kind)
        if status == "done":
            _report(b, visit_id, info, kind, offset)


def _visit(
    b: DemoBuilder,
    lead: PartnerInfo,
    partners: list[PartnerInfo],
    kind: str,
    status: str,
    offset: int,
    place: str | None,
    objective: str | None,
) -> str:
    text = lead.text
    visit_id = new_id()
    low, high = _DURATIONS.get(kind, (60, 60))
    if objective is None:
        objective = b.pick(texts.VISIT_OBJECTIVES).format(**text)
    if status == "done":
        outcome = b.pick(texts.OUTCOMES_DONE)
    elif status == "cancelled":
        outcome = b.pick(texts.OUTCOMES_CANCELLED)
    else:
        outcome = None
    b.rows[Visit].append(
        {
            "id": visit_id,
            "kind": kind,
            "starts_at": b.local_time(b.today_ord + offset, b.pick(_START_MINUTES)),
            "timezone": lead.timezone,
            "duration_minutes": low if b.random() < 0.5 else high,
            "place": place,
            "objective": objective,
            "agenda": b.pick(texts.AGENDAS).format(**text) if b.random() < 0.5 else None,
            "status": status,
            "outcome": outcome,
            "owner_id": lead.owner_id,
            "deleted_at": None,
        }
    )
    links = b.rows[VisitPartner]
    for info in partners:
        links.append({"visit_id": visit_id, "partner_id": info.id, "deleted_at": None})
    return visit_id


def _attendee(
    visit_id: str, contact: str | None = None, stakeholder: str | None = None, member: str | None = None
) -> Row:
    return {
        "visit_id": visit_id,
        "contact_id": contact,
        "stakeholder_id": stakeholder,
        "team_member_id": member,
        "deleted_at": None,
    }


def _attendees(b: DemoBuilder, visit_id: str, info: PartnerInfo, kind: str) -> None:
    rows = b.rows[VisitAttendee]
    present = info.present_ids
    if present:
        rows.append(_attendee(visit_id, contact=info.primary_id or present[0]))
        if kind == "on_site" and len(present) > 1 and b.random() < 0.25:
            rows.append(_attendee(visit_id, contact=present[1 + int(b.random() * (len(present) - 1))]))
    if info.stakeholder_ids and b.random() < 0.2:
        rows.append(_attendee(visit_id, stakeholder=b.pick(info.stakeholder_ids)))


def _report(b: DemoBuilder, visit_id: str, info: PartnerInfo, kind: str, offset: int) -> None:
    low, high = _SECTIONS_BY_KIND.get(kind, (1, 1))
    count = b.between(low, high)
    if count == 0:
        return
    internal = count >= 2 and bool(_INTERNAL_SECTIONS) and b.random() < 0.35
    public_count = count - 1 if internal else count
    chosen = list(_PUBLIC_SECTIONS[:public_count] if public_count > 2 else _PUBLIC_SECTIONS[1 : 1 + public_count])
    if internal:
        chosen.append(b.pick(_INTERNAL_SECTIONS))
    rows = b.rows[VisitReportSection]
    for position, (title, bodies, internal_only) in enumerate(chosen):
        rows.append(
            {
                "visit_id": visit_id,
                "position": position,
                "title": title,
                "body": b.pick(bodies).format(**info.text),
                "internal_only": internal_only,
                "deleted_at": None,
            }
        )
    if b.random() < 0.4:
        for _ in range(b.between(1, 2)):
            _action(b, info, offset + b.between(7, 30), visit_id=visit_id)


def _action(
    b: DemoBuilder, info: PartnerInfo, due_offset: int, visit_id: str | None = None, note_id: str | None = None
) -> None:
    roll = b.random()
    owner_contact = owner_stakeholder = owner_member = None
    if roll < 0.3 and info.primary_id is not None:
        owner_contact = info.primary_id
    elif roll < 0.5 and info.stakeholder_ids:
        owner_stakeholder = b.pick(info.stakeholder_ids)
    else:
        owner_member = info.owner_id
    status = "open"
    if due_offset < 0 and b.random() < 0.8:
        status = "done"
    b.rows[ActionItem].append(
        {
            "visit_id": visit_id,
            "note_id": note_id,
            "partner_id": info.id,
            "title": b.pick(texts.ACTION_TITLES).format(**info.text),
            "owner_contact_id": owner_contact,
            "owner_stakeholder_id": owner_stakeholder,
            "owner_member_id": owner_member,
            "due_on": b.day(due_offset),
            "status": status,
            "internal_only": b.random() < 0.2,
            "deleted_at": None,
        }
    )


def _events(b: DemoBuilder) -> None:
    """Events (club days, technical days) gathering several partners, past and planned."""
    candidates = [p for p in b.partners if p.status != "prospect"] or b.partners
    if len(candidates) < 2 or "event" not in VISIT_KINDS:
        return
    for n in range(max(2, b.partner_count // 50)):
        guests = list({id(p): p for p in (b.pick(candidates) for _ in range(b.between(3, 8)))}.values())
        lead = guests[0]
        planned = n == 1 or (n != 0 and b.random() < 0.3)
        offset = b.between(5, 90) if planned else -b.between(5, 365)
        status = "planned" if planned else "done"
        place = b.pick(texts.EVENT_PLACES).format(**lead.text)
        objective = b.pick(texts.EVENT_TITLES).format(**lead.text)
        visit_id = _visit(b, lead, guests, "event", status, offset, place, objective)
        rows = b.rows[VisitAttendee]
        for guest in guests:
            if guest.primary_id is not None:
                rows.append(_attendee(visit_id, contact=guest.primary_id))
        if status == "done":
            _report(b, visit_id, lead, "event", offset)


def _note_count(b: DemoBuilder, info: PartnerInfo) -> int:
    if info.status == "prospect":
        return b.between(1, 2)
    return b.between(3, 5) if info.tier_rank >= 3 else b.between(2, 4)


def _notes(b: DemoBuilder) -> None:
    rows = b.rows[Note]
    random, pick, team = b.random, b.pick, b.team_ids
    tags = texts.NOTE_TAGS
    for info in b.partners:
        text = info.text
        for _ in range(_note_count(b, info)):
            internal = random() < 0.25
            body = pick(texts.NOTES_INTERNAL if internal else texts.NOTES_SHARED).format(**text)
            stakeholder = pick(info.stakeholder_ids) if info.stakeholder_ids and random() < 0.1 else None
            note_id = new_id() if random() < 0.03 else None
            rows.append(
                {
                    "id": note_id,
                    "partner_id": info.id,
                    "stakeholder_id": stakeholder,
                    "body": body,
                    "tags": ",".join(dict.fromkeys(pick(tags) for _ in range(int(random() * 3)))),
                    "pinned": random() < 0.06,
                    "internal_only": internal,
                    "author_id": info.owner_id if random() < 0.8 else pick(team),
                    "deleted_at": None,
                }
            )
            if note_id is not None:
                _action(b, info, b.between(-20, 40), note_id=note_id)
    for stakeholder_id, _relation in b.stakeholders:
        for _ in range(b.between(0, 2)):
            body = pick(texts.NOTES_STAKEHOLDER).format(region=pick(names.CITIES_FR)[2])
            rows.append(
                {
                    "id": None,
                    "partner_id": None,
                    "stakeholder_id": stakeholder_id,
                    "body": body,
                    "tags": "",
                    "pinned": False,
                    "internal_only": True,
                    "author_id": pick(team),
                    "deleted_at": None,
                }
            )
