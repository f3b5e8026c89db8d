"""A partner's certifications that count on a day, listed once, and who counts on that day or a later one.

The lean people summary (`evaluation_summary_people`) asks for the people of several days after the
day evaluated (its at-risk days): the certifications are filtered once (contact present, obtained,
known to the program) and each later day only drops those expired by then.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from prm_desktop.domain.evaluation_model import PartnerFacts

if TYPE_CHECKING:
    from prm_desktop.domain.evaluation_people import PeopleEngine

__all__ = ["ValidCert", "gather_valid", "valid_certs"]

#: ``(expires, contact id, competency positions, roles)``; ``expires`` is ``date.max`` for one that never expires.
ValidCert = tuple[date, str, tuple[int, ...], frozenset[str]]


def valid_certs(engine: PeopleEngine, facts: PartnerFacts, on: date, since: date | None = None) -> list[ValidCert]:
    """The certifications `gather` counts on ``on``, in their order: ``(expires, contact, competencies, roles)``.

    ``expires`` is ``date.max`` for one that never expires. `gather_valid` of them on ``on`` or a later
    day is `gather`'s on ``on`` with ``still_valid_on`` that day (contacts and obtained dates as on ``on``).
    With ``since`` (an earlier day): those counting on some day from ``since`` to ``on`` (obtained by
    ``on``, not expired before ``since``, of a contact still there after ``since``).
    """
    since = since or on
    present = {c.id for c in facts.contacts if c.left_on is None or c.left_on > since}
    code_info = engine._code_info  # noqa: SLF001 - its memo, read inline
    out: list[ValidCert] = []
    for cert in facts.certifications:
        if cert.contact_id not in present or cert.obtained > on:
            continue
        expires = cert.expires or date.max
        if expires < since:
            continue
        known, comps, roles = code_info.get(cert.code) or engine.code_info(cert.code)
        if known:
            out.append((expires, cert.contact_id, comps, roles))
    return out


def gather_valid(engine: PeopleEngine, valid: list[ValidCert],
                 day: date) -> tuple[list[dict[str, frozenset[str]]], dict[str, frozenset[str]]]:
    """`gather` of the `valid_certs` still valid on ``day``."""
    acc: list[dict[str, frozenset[str]]] = [{} for _ in engine.index.program.competencies]
    certified: dict[str, frozenset[str]] = {}
    for expires, contact, comps, roles in valid:
        if expires < day:
            continue
        had = certified.get(contact)
        certified[contact] = roles if had is None else had | roles
        for pos in comps:
            had = acc[pos].get(contact)
            acc[pos][contact] = roles if had is None else had | roles
    return acc, certified
