"""Demo rows for the facts the program engine reads: certifications, references, revenue, targets.

Everything program-specific (tiers and their thresholds, competencies, product families,
certification codes, revenue window) comes from the active program held by the builder.
"""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.program_plan import plan_tier
from prm_desktop.services.demo import names
from prm_desktop.services.demo.generator import DemoBuilder, PartnerInfo
from prm_desktop.storage.models import Certification, CustomerReference, RevenueLine, Target

#: Validity of a generated certification, in days.
CERTIFICATION_VALIDITY_DAYS = 730
#: Quarterly revenue of a partner without tier, as a share of the lowest tier's quarterly threshold.
NO_TIER_SHARE = (0.05, 0.8)
#: Revenue used when the program has no tier at all (euros per quarter).
FALLBACK_QUARTERLY_REVENUE = 25_000.0
# (low, high) counts by tier level (0: no tier, 1: lowest tier, 3: third tier and above).
_CERTIFICATIONS_BY_LEVEL = ((1, 4), (3, 6), (6, 9), (10, 14))
_REFERENCES_BY_LEVEL = ((0, 1), (0, 2), (1, 3), (2, 5))


#: Share of active partners with an assigned tier whose facts really meet it (the others are
#: demotion candidates), and share of active partners without a tier that meet the lowest one.
MEETS_ASSIGNED_TIER = 0.8
MEETS_LOWEST_TIER_WITHOUT_ONE = 0.08


def build(b: DemoBuilder) -> None:
    """Focus competencies and texts of each partner, then its certifications, references and revenue."""
    for info in b.partners:
        _focus(b, info)
    _certifications(b)
    _references(b)
    _revenue(b)
    _qualifying_facts(b)
    _targets(b)


def _qualifying_competencies(b: DemoBuilder, info: PartnerInfo) -> tuple[Any, list]:
    """The tier a partner really meets, and the (competency, level position) pairs it holds for it."""
    if info.status not in ("active", "at_risk") or not b.tiers or not info.focus:
        return None, []
    if info.tier is not None:
        if b.random() >= MEETS_ASSIGNED_TIER:
            return None, []
        tier = info.tier
    elif b.random() < MEETS_LOWEST_TIER_WITHOUT_ONE:
        tier = b.tiers[0]
    else:
        return None, []
    # Focus competencies first, but only those the partner has enough people for at the top level.
    people = len(info.present_ids)
    focus = {c.id for c in info.focus}
    preferred = sorted(
        b.competencies, key=lambda c: (max((lv.min_accredited for lv in c.levels), default=0) > people,
                                       c.id not in focus))
    plan = plan_tier(b.program, tier, [c.id for c in preferred])
    if not plan:
        return tier, [(info.focus[0], 0)]
    return tier, [(b.program.competency(comp_id), pos) for comp_id, pos in plan.items()]


def _qualifying_facts(b: DemoBuilder) -> None:
    """For most partners, facts that meet the levels their tier needs (its rules, planned).

    Distinct present contacts with valid certifications (a few expiring within two months, which
    the program view shows as at-risk dates), recent validated references, and revenue of the
    competency's product family over the program's revenue window. Under people by role, each level's
    roles are filled with certifications of those roles, by people not yet counted in another planned
    competency where the partner has enough (a per-person cap then leaves each its people), and the
    tier's certified people and roles are added.
    """
    certs, refs, revenue = b.rows[Certification], b.rows[CustomerReference], b.rows[RevenueLine]
    window = b.quarters[-b.window_quarters:]
    roles = _Roles(b)
    in_window = set(window)
    earned: dict[str, float] = {}  # each partner's revenue over the window so far (`_revenue`)
    for row in revenue:
        if row["quarter"] in in_window:
            earned[row["partner_id"]] = earned.get(row["partner_id"], 0.0) + row["amount"]
    for info in b.partners:
        tier, comps = _qualifying_competencies(b, info)
        # Under people by role, in random order, spread (`_people`); else drawn per competency as always.
        present = b.rng.sample(info.present_ids, len(info.present_ids)) if roles.by_role else list(info.present_ids)
        load: dict[str, int] = {}  # contact → planned competencies it is certified for
        certified: dict[str, set[str]] = {}  # contact → roles of the certifications given here

        def certify(contact_id: str, code: str, info: PartnerInfo = info,
                    certified: dict[str, set[str]] = certified) -> None:
            age = b.between(20, 500)
            expires = age + (b.between(5, 60) if b.random() < 0.08 else b.between(200, 700))
            certs.append({"partner_id": info.id, "contact_id": contact_id, "code": code,
                          "obtained_on": b.day(-age), "expires_on": b.day(expires), "deleted_at": None})
            certified.setdefault(contact_id, set()).add(roles.role_of.get(code, ""))

        for comp, pos in comps:
            levels = comp.levels[: pos + 1]
            slots = roles.level_slots(comp, levels)
            if not comp.certifications or len(present) < len(slots):
                continue
            people = _people(present, load, len(slots)) if roles.by_role else b.rng.sample(present, len(slots))
            for contact_id, code in zip(people, slots, strict=True):
                certify(contact_id, code)
            for _n in range(max(lvl.min_references for lvl in levels)):
                customer = b.pick(names.CUSTOMER_PATTERNS).format(
                    city=b.pick(names.CITIES_FR)[0], name=b.pick(names.LAST_NAMES))
                refs.append({"partner_id": info.id, "competency_id": comp.id, "validated": True,
                             "customer": customer, "ref_date": b.day(-b.between(30, 600)), "deleted_at": None})
            quarterly = max(lvl.min_revenue for lvl in levels) / max(1, len(window)) * (1.05 + 0.4 * b.random())
            for quarter in window:
                revenue.append({"partner_id": info.id, "quarter": quarter, "motion": info.motions[0],
                                "product_family": comp.product_family, "amount": round(quarterly, 2),
                                "distributor_id": None, "deleted_at": None})
            earned[info.id] = earned.get(info.id, 0.0) + round(quarterly, 2) * len(window)
        if tier is not None and comps and roles.by_role:
            # The tier's own revenue, when its levels ask for less (people-by-role levels ask for none).
            short = tier.min_revenue * (1.03 + 0.4 * b.random()) - earned.get(info.id, 0.0)
            if short > 0:
                for quarter in window:
                    revenue.append({"partner_id": info.id, "quarter": quarter, "motion": info.motions[0],
                                    "product_family": comps[0][0].product_family,
                                    "amount": round(short / len(window), 2), "distributor_id": None,
                                    "deleted_at": None})
            uncertified = [p for p in present if p not in certified]
            for code, contact_id in zip(roles.tier_slots(tier, certified, [comp for comp, _pos in comps]),
                                        uncertified, strict=False):
                certify(contact_id, code)


def _people(present: list[str], load: dict[str, int], count: int) -> list[str]:
    """``count`` distinct present contacts, those certified for the fewest planned competencies first.

    People spread over the competencies a tier needs: under a per-person cap, each keeps its people.
    """
    chosen = sorted(present, key=lambda p: load.get(p, 0))[:count]  # (stable: random order among equals)
    for person in chosen:
        load[person] = load.get(person, 0) + 1
    return chosen


class _Roles:
    """The active program's people by role, as the demo fills them (empty without such rules)."""

    def __init__(self, b: DemoBuilder) -> None:
        program = b.program
        rules = program.people
        self.role_of: dict[str, str] = dict(rules.roles) if rules is not None else {}
        #: The program has people by role (levels or tiers asking for roles or certified people).
        self.by_role = rules is not None and bool(rules.levels or rules.tiers)
        self._level_needs = {(c, lv): dict(needs) for c, lv, needs in rules.levels} if rules is not None else {}
        self._tier_needs = {t: (n, dict(needs)) for t, n, needs in rules.tiers} if rules is not None else {}
        self._tiers = program.tiers
        self._catalogue = b.cert_codes

    def _code(self, codes: list[str], role: str | None) -> str | None:
        """A code of ``codes`` with ``role`` (None: one without a role, else the first)."""
        for code in codes:
            if self.role_of.get(code) == role:
                return code
        return None if role is not None else (codes[0] if codes else None)

    def level_slots(self, comp: Any, levels: list) -> list[str]:
        """One certification code per person a competency's levels (up to the planned one) need."""
        needs: dict[str, int] = {}
        for lvl in levels:
            for role, n in self._level_needs.get((comp.id, lvl.id), {}).items():
                needs[role] = max(needs.get(role, 0), n)
        slots = [self._code(comp.certifications, role) or comp.certifications[0]
                 for role, n in sorted(needs.items()) for _n in range(n)]
        accredited = max(lvl.min_accredited for lvl in levels)
        plain = self._code(comp.certifications, None) or comp.certifications[0]
        return slots + [plain] * max(0, accredited - len(slots))

    def tier_slots(self, tier: Any, certified: dict[str, set[str]], comps: list) -> list[str]:
        """Codes for more people to certify so that ``tier`` (and those below it) finds its people and roles."""
        count, needs = 0, {}
        for t in self._tiers:
            if t.rank <= tier.rank and t.id in self._tier_needs:
                n, by_role = self._tier_needs[t.id]
                count = max(count, n)
                for role, k in by_role.items():
                    needs[role] = max(needs.get(role, 0), k)
        slots: list[str] = []
        codes = [code for comp in comps for code in comp.certifications] + self._catalogue
        for role, k in sorted(needs.items()):
            have = sum(1 for held in certified.values() if role in held)
            code = self._code(codes, role)
            if code is not None:
                slots += [code] * max(0, k - have)
        return slots + [codes[0]] * max(0, count - len(certified) - len(slots)) if codes else slots


def _focus(b: DemoBuilder, info: PartnerInfo) -> None:
    """Choose the competencies a partner works on and the words its texts use."""
    if b.competencies:
        count = min(len(b.competencies), 1 + min(info.tier_rank, 3) + (1 if b.random() < 0.3 else 0))
        info.focus = b.rng.sample(b.competencies, count)
        info.families = list(dict.fromkeys(c.product_family for c in info.focus))
    comp = info.focus[0] if info.focus else None
    next_tier = b.tiers[min(info.tier_rank, len(b.tiers) - 1)] if b.tiers else None
    codes = comp.certifications if comp is not None and comp.certifications else b.cert_codes
    info.text.update(
        {
            "competency": comp.name if comp is not None else "cloud",
            "family": info.focus[-1].name if info.focus else "cloud",
            "tier": next_tier.name if next_tier is not None else "Gold",
            "code": codes[0] if codes else "CERT",
            "city": info.city,
            "region": info.region,
        }
    )
    info.text.setdefault("contact", "le partenaire")


def _cert_count(b: DemoBuilder, info: PartnerInfo) -> int:
    status = info.status
    if status == "prospect":
        return 0
    if status == "onboarding":
        return b.between(1, 2)
    if status == "inactive":
        return b.between(1, 3)
    return b.between(*_CERTIFICATIONS_BY_LEVEL[min(info.tier_rank, 3)])


def _certifications(b: DemoBuilder) -> None:
    if not b.cert_codes:
        return
    rows = b.rows[Certification]
    random, day = b.random, b.day
    catalogue = b.cert_codes
    for info in b.partners:
        if not info.contact_ids:
            continue
        contacts = info.contact_ids
        codes = [code for c in info.focus for code in c.certifications] or catalogue
        recent = info.status == "onboarding"
        for _ in range(_cert_count(b, info)):
            code = codes[int(random() * len(codes))] if random() < 0.92 else catalogue[int(random() * len(catalogue))]
            age = int(random() * (150 if recent else 1100))
            obtained = day(-age)
            expires = None if random() < 0.04 else day(CERTIFICATION_VALIDITY_DAYS - age)
            rows.append(
                {
                    "partner_id": info.id,
                    "contact_id": contacts[int(random() * len(contacts))],
                    "code": code,
                    "obtained_on": obtained,
                    "expires_on": expires,
                    "deleted_at": None,
                }
            )


def _references(b: DemoBuilder) -> None:
    if not b.competencies:
        return
    rows = b.rows[CustomerReference]
    patterns, cities, surnames = names.CUSTOMER_PATTERNS, names.CITIES_FR, names.LAST_NAMES
    pick = b.pick
    for info in b.partners:
        if info.status in ("prospect", "inactive"):
            continue
        count = b.between(*_REFERENCES_BY_LEVEL[min(info.tier_rank, 3)])
        if info.status == "onboarding":
            count = b.between(0, 1)
        for _ in range(count):
            comp = pick(info.focus) if info.focus else pick(b.competencies)
            customer = pick(patterns).format(city=pick(cities)[0], name=pick(surnames))
            rows.append(
                {
                    "partner_id": info.id,
                    "competency_id": comp.id,
                    "customer": customer,
                    "validated": b.random() < 0.75,
                    "ref_date": b.day(-b.between(10, 1400)),
                    "deleted_at": None,
                }
            )


def _quarterly_base(b: DemoBuilder, info: PartnerInfo) -> float:
    """Typical revenue per quarter for a partner, consistent with its assigned tier."""
    window = b.window_quarters
    if info.tier is not None:
        return info.tier.min_revenue / window * (0.8 + 0.7 * b.random())
    if b.tiers:
        low, high = NO_TIER_SHARE
        return b.tiers[0].min_revenue / window * (low + (high - low) * b.random())
    return FALLBACK_QUARTERLY_REVENUE * (0.2 + b.random())


def _revenue(b: DemoBuilder) -> None:
    rows = b.rows[RevenueLine]
    random = b.random
    quarters = b.quarters
    last = len(quarters) - 1
    all_families: list[str | None] = list(b.families) or [None]
    for info in b.partners:
        status = info.status
        if status == "prospect":
            continue
        if status == "onboarding":
            indexes = range(last - b.between(0, 1), last + 1)
        elif status == "inactive":
            indexes = range(0, len(quarters) // 2)
        else:
            indexes = range(len(quarters))
        base = _quarterly_base(b, info)
        families: list[str | None] = list(info.families) or all_families
        motions = info.motions
        distributors = info.distributor_ids
        for qi in indexes:
            trend = 0.85 + 0.04 * qi
            if status == "at_risk" and qi >= last - 2:
                trend *= 0.45
            lines = 1 if status != "active" or random() < 0.55 else 2
            amount_q = base * trend
            for _ in range(lines):
                motion = motions[int(random() * len(motions))]
                if random() < 0.025:
                    amount = -round(amount_q * (0.02 + 0.13 * random()), 2)
                else:
                    amount = round(amount_q / lines * (0.7 + 0.6 * random()), 2)
                distributor = None
                if distributors and motion == "resell" and random() < 0.8:
                    distributor = distributors[int(random() * len(distributors))]
                rows.append(
                    {
                        "partner_id": info.id,
                        "quarter": quarters[qi],
                        "motion": motion,
                        "product_family": families[int(random() * len(families))],
                        "amount": amount,
                        "distributor_id": distributor,
                        "deleted_at": None,
                    }
                )


def _targets(b: DemoBuilder) -> None:
    rows = b.rows[Target]
    recent = b.quarters[-b.window_quarters :]
    for info in b.partners:
        if info.tier is None or info.status not in ("active", "at_risk"):
            continue
        quarterly = info.tier.min_revenue / b.window_quarters
        for quarter in recent:
            amount = round(quarterly * (1.0 + 0.3 * b.random()), -3)
            rows.append({"partner_id": info.id, "quarter": quarter, "amount": amount, "deleted_at": None})
