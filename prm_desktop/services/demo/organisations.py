"""Demo rows for the team, internal stakeholders, partners, their distributors and contacts."""

from __future__ import annotations

from datetime import date

from prm_desktop.domain.cell_values import PARTNER_TYPES, STATUSES
from prm_desktop.domain.program import MOTIONS
from prm_desktop.services.demo import names
from prm_desktop.services.demo.generator import DemoBuilder, PartnerInfo, luhn_key
from prm_desktop.storage.ids import new_id
from prm_desktop.storage.models import (
    Contact,
    Partner,
    PartnerDistributor,
    Stakeholder,
    StakeholderLink,
    TeamMember,
)

#: Canonical partner types and statuses (the ids imports map their aliases to).
PARTNER_TYPE_IDS: tuple[str, ...] = tuple(dict.fromkeys(PARTNER_TYPES.values()))
STATUS_IDS: tuple[str, ...] = tuple(dict.fromkeys(STATUSES.values()))
_TYPE_WEIGHTS = {
    "reseller": 30,
    "distributor": 2,
    "integrator": 20,
    "consultancy": 9,
    "isv": 10,
    "msp": 15,
    "alliance": 4,
    "referral": 10,
}
_STATUS_WEIGHTS = {"prospect": 15, "onboarding": 10, "active": 55, "at_risk": 10, "inactive": 10}
_MOTIONS_BY_TYPE = {
    "reseller": ("resell",),
    "distributor": ("resell",),
    "integrator": ("resell", "co-sell"),
    "consultancy": ("influence", "co-sell"),
    "isv": ("co-sell", "alliance"),
    "msp": ("resell", "co-sell"),
    "alliance": ("alliance", "co-sell"),
    "referral": ("influence",),
}
_BUYS_THROUGH_DISTRIBUTORS = frozenset({"reseller", "integrator", "msp"})
_GROUP_TYPES = frozenset({"reseller", "integrator", "msp", "consultancy"})
_CONTACTS_BY_LEVEL = ((2, 3), (3, 4), (3, 5), (4, 7))  # by tier level (0: no tier), highest last
_LEADER_ROLES = (0, 1, 11)  # indexes in names.CONTACT_ROLES of roles a primary contact holds


def _weighted(weights: dict[str, int], allowed: tuple[str, ...]) -> list[str]:
    """A list to pick from uniformly, each allowed id repeated by its weight (unknown ids once)."""
    return [key for key in allowed for _ in range(weights.get(key, 1))]


def build(b: DemoBuilder) -> None:
    """Team members, stakeholders, partners, distributor links, contacts and stakeholder links."""
    _team(b)
    _stakeholders(b)
    _partners(b)
    _distributor_links(b)
    _contacts(b)
    _stakeholder_links(b)


def _team(b: DemoBuilder) -> None:
    count = max(3, round(b.partner_count / 150))
    rows = b.rows[TeamMember]
    regions = sorted({city[2] for city in names.CITIES_FR})
    for i in range(count):
        name, email_local, _feminine = b.person()
        member_id = new_id()
        b.team_ids.append(member_id)
        rows.append(
            {
                "id": member_id,
                "name": name,
                "email": f"{email_local}@vendor.example",
                "phone": b.phone("33 1"),
                "region": regions[i % len(regions)],
                "deleted_at": None,
            }
        )


def _stakeholders(b: DemoBuilder) -> None:
    units = names.BUSINESS_UNITS
    count = max(2 * len(units), b.partner_count // 80)
    rows = b.rows[Stakeholder]
    heads: dict[str, str] = {}
    for i in range(count):
        unit, relation, roles = units[i % len(units)]
        name, email_local, feminine = b.person()
        role = b.pick(roles)[1 if feminine else 0]
        stakeholder_id = new_id()
        b.stakeholders.append((stakeholder_id, relation))
        rows.append(
            {
                "id": stakeholder_id,
                "name": name,
                "business_unit": unit,
                "role": role,
                "email": f"{email_local}{i // len(units) or ''}@vendor.example",
                "phone": b.phone("33 1"),
                "manager": heads.get(unit),
                "deleted_at": None,
            }
        )
        heads.setdefault(unit, name)


def _company_name(b: DemoBuilder, ptype: str, city: str, seen: set[str]) -> tuple[str, str]:
    """A new company name (accents welcome) and its web slug, unique in this portfolio."""
    index = len(b.partners)
    if index < len(names.SHOWCASE_NAMES):
        parts: tuple[str, ...] = (names.SHOWCASE_NAMES[index],)
    else:
        pick = b.pick
        roll = b.random()
        core = pick(names.TYPE_CORES.get(ptype) or names.NAME_CORES)
        if roll < 0.35:
            parts = (pick(names.NAME_HEADS), core)
        elif roll < 0.62:
            parts = (pick(names.NAME_HEADS), core, pick(names.NAME_QUALIFIERS))
        elif roll < 0.82:
            parts = (pick(names.LAST_NAMES), core)
        elif roll < 0.92:
            parts = (pick(names.NAME_HOUSES), pick(names.LAST_NAMES))
        else:
            parts = (pick(names.LAST_NAMES), "&", pick(names.LAST_NAMES))
    return _unique(b, parts, city, seen)


def _unique(b: DemoBuilder, parts: tuple[str, ...], city: str, seen: set[str]) -> tuple[str, str]:
    """Join name parts; a name already used gets the city, then a number, appended."""
    name = " ".join(parts)
    slug = "-".join(s for s in map(b.slug, parts) if s)
    if name in seen:
        base, base_slug = f"{name} {city}", f"{slug}-{b.slug(city)}"
        name, slug = base, base_slug
        while name in seen:
            suffix = b.name_suffixes.get(base, 1) + 1
            b.name_suffixes[base] = suffix
            name, slug = f"{base} {suffix}", f"{base_slug}-{suffix}"
    seen.add(name)
    return name, slug


def _identifiers(b: DemoBuilder, country: str, used: set[str]) -> tuple[str | None, str | None, str | None]:
    """SIREN, SIRET and VAT number (valid check digits) for a partner in ``country``."""
    if country == "France":
        siren = ""
        while not siren or siren in used:
            body = f"{b.between(10_000_000, 99_999_999)}"
            siren = body + luhn_key(body)
        used.add(siren)
        nic = f"{b.between(1, 99):04d}"
        siret = siren + nic + luhn_key(siren + nic)
        return siren, siret, f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    if country == "Belgique":
        body = f"0{b.between(2_000_000, 9_999_999)}"
        return None, None, f"BE{body}{97 - int(body) % 97:02d}"
    if country == "Luxembourg":
        body = b.between(100_000, 999_999)
        return None, None, f"LU{body}{body % 89:02d}"
    return None, None, None


def _partners(b: DemoBuilder) -> None:
    types = _weighted(_TYPE_WEIGHTS, PARTNER_TYPE_IDS)
    statuses = _weighted(_STATUS_WEIGHTS, STATUS_IDS)
    motions_ok = set(MOTIONS)
    tier_count = len(b.tiers)
    tier_weights = [i for i in range(tier_count) for _ in range(max(1, 2 ** (tier_count - 1 - i)))]
    group_heads: list[tuple[str, str]] = []
    head_limit = max(10, b.partner_count // 25)
    seen: set[str] = set()
    sirens: set[str] = set()
    rows = b.rows[Partner]
    all_tags = names.PARTNER_TAGS
    tag_sets = ["", "", *all_tags, *(f"{a},{c}" for a in all_tags for c in all_tags if a < c)]
    random, pick, today_ord = b.random, b.pick, b.today_ord
    for i in range(b.partner_count):
        info = PartnerInfo(i)
        ptype = PARTNER_TYPE_IDS[i] if i < len(PARTNER_TYPE_IDS) else pick(types)
        n_types = len(PARTNER_TYPE_IDS)
        if n_types <= i < n_types + len(STATUS_IDS):
            status = STATUS_IDS[i - n_types]
        elif ptype == "distributor":
            status = "active"
        else:
            status = pick(statuses)
        roll = random()
        city_row = pick(names.CITIES_FR) if roll < 0.9 or i < 12 else pick(names.CITIES_ABROAD)
        city, postcode, region, country, phone_prefix, zone = city_row
        parent_id = None
        if i >= head_limit and ptype in _GROUP_TYPES and random() < 0.05 and group_heads:
            parent_id, parent_name = pick(group_heads)
            if random() < 0.5:
                name, slug = _unique(b, (parent_name, city), city, seen)
            else:
                name, slug = _company_name(b, ptype, city, seen)
        else:
            name, slug = _company_name(b, ptype, city, seen)
        tier = None
        if tier_count and (
            status in ("active", "at_risk") and random() < 0.8 or status == "inactive" and random() < 0.3
        ):
            tier = b.tiers[pick(tier_weights) if status != "inactive" else 0]
        motions = [m for m in _MOTIONS_BY_TYPE.get(ptype, ("resell",)) if m in motions_ok]
        if ptype == "reseller" and random() < 0.3:
            motions.append("co-sell")
        since = contract_end = None
        if status == "onboarding":
            since = today_ord - b.between(10, 180)
        elif status != "prospect":
            since = today_ord - b.between(200, 5400)
        if since is not None:
            roll = random()
            offset = b.between(0, 90) if roll < 0.12 else b.between(-120, -1) if roll < 0.16 else b.between(91, 900)
            contract_end = b.day(offset)
        siren, siret, vat = _identifiers(b, country, sirens)
        if status == "prospect" and random() < 0.3:
            siret = vat = None
        street = f"{b.between(1, 180)} {pick(names.STREETS)}"
        info.id = new_id()
        info.type, info.status, info.tier = ptype, status, tier
        info.tier_rank = b.tiers.index(tier) + 1 if tier is not None else 0
        info.owner_id = pick(b.team_ids)
        info.motions = motions or list(MOTIONS[:1])
        info.city, info.region, info.country, info.timezone = city, region, country, zone
        info.place, info.slug = f"{street}, {postcode} {city}", slug
        tags = pick(tag_sets)
        rows.append(
            {
                "id": info.id,
                "name": name,
                "legal_name": f"{name} {pick(names.LEGAL_FORMS_BY_COUNTRY[country])}",
                "siren": siren,
                "siret": siret,
                "vat": vat,
                "type": ptype,
                "motions": ",".join(info.motions),
                "status": status,
                "assigned_tier": tier.id if tier is not None else None,
                "partner_since": _date_or_none(since),
                "contract_end": contract_end,
                "parent_id": parent_id,
                "region": region,
                "address": street,
                "postal_code": postcode,
                "city": city,
                "country": country,
                "website": f"https://www.{slug}.example",
                "phone": b.phone(phone_prefix if country != "France" else f"33 {phone_prefix}"),
                "email": f"contact@{slug}.example",
                "owner_id": info.owner_id,
                "tags": tags,
                "external_id": f"CRM-{100000 + i}",
                "deleted_at": None,
            }
        )
        b.partners.append(info)
        if i < head_limit and ptype in _GROUP_TYPES and status != "prospect":
            group_heads.append((info.id, name))


def _date_or_none(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


def _distributor_links(b: DemoBuilder) -> None:
    distributors = [p.id for p in b.partners if p.type == "distributor"]
    if not distributors:
        return
    rows = b.rows[PartnerDistributor]
    for info in b.partners:
        if info.type not in _BUYS_THROUGH_DISTRIBUTORS or info.status == "prospect" or b.random() < 0.3:
            continue
        chosen = list(dict.fromkeys(b.pick(distributors) for _ in range(b.between(1, 2))))
        info.distributor_ids = chosen
        for distributor_id in chosen:
            rows.append({"partner_id": info.id, "distributor_id": distributor_id, "deleted_at": None})


def _contact_count(b: DemoBuilder, info: PartnerInfo) -> int:
    if info.status == "prospect":
        return b.between(1, 2)
    if info.status in ("onboarding", "inactive"):
        return b.between(2, 3)
    count = b.between(*_CONTACTS_BY_LEVEL[min(info.tier_rank, 3)])
    floor = _people_floor(b, info)
    return max(count, floor + 1) if floor else count


def _people_floor(b: DemoBuilder, info: PartnerInfo) -> int:
    """People the assigned tier asks for under people by role (0 without such rules).

    Its certified people and those of the tiers below it, and the most people one competency level asks
    for. Without such rules nothing is drawn: a default demo is the same as before.
    """
    rules = b.program.people
    if rules is None or info.tier is None:
        return 0
    below = {t.id for t in b.program.tiers if t.rank <= info.tier.rank}
    tier_people = [max(n, sum(k for _r, k in needs)) for tier_id, n, needs in rules.tiers if tier_id in below]
    level_people = [sum(k for _r, k in needs) for _c, _lv, needs in rules.levels]
    return max([0, *tier_people, *level_people])


def _contacts(b: DemoBuilder) -> None:
    rows = b.rows[Contact]
    roles = names.CONTACT_ROLES
    random, people, mobile, day = b.random, b.people, b.mobile, b.day
    for info in b.partners:
        partner_id, domain, country = info.id, f"@{info.slug}.example", info.country
        contact_ids, present_ids = info.contact_ids, info.present_ids
        for k in range(_contact_count(b, info)):
            name, email_local, feminine = people[int(random() * len(people))]
            primary = k == 0
            role = roles[_LEADER_ROLES[int(random() * 3)] if primary else int(random() * len(roles))]
            left_on = day(-b.between(1, 700)) if not primary and random() < 0.09 else None
            contact_id = new_id()
            contact_ids.append(contact_id)
            if left_on is None:
                present_ids.append(contact_id)
            if primary:
                info.primary_id = contact_id
                info.text["contact"] = name
            rows.append(
                {
                    "id": contact_id,
                    "partner_id": partner_id,
                    "name": name,
                    "role": role[1 if feminine else 0],
                    "email": email_local + domain,
                    "phone": mobile(country),
                    "is_primary": primary,
                    "left_on": left_on,
                    "deleted_at": None,
                }
            )


def _stakeholder_links(b: DemoBuilder) -> None:
    if not b.stakeholders:
        return
    rows = b.rows[StakeholderLink]
    for info in b.partners:
        if info.status == "prospect" and b.random() < 0.7:
            continue
        count = 1 + (1 if info.tier_rank and b.random() < 0.3 else 0)
        for _ in range(count):
            stakeholder_id, relation = b.pick(b.stakeholders)
            if stakeholder_id in info.stakeholder_ids:
                continue
            info.stakeholder_ids.append(stakeholder_id)
            rows.append(
                {
                    "stakeholder_id": stakeholder_id,
                    "partner_id": info.id,
                    "relation": relation,
                    "influence": b.pick(names.INFLUENCES),
                    "stance": b.pick(names.STANCES),
                    "deleted_at": None,
                }
            )
