"""Who may see which synced row: every synced table states its scope here.

- ``partner``: rows of one partner, seen by users who own it or with whom it is shared;
- ``visit``: rows of one visit, seen by users who see one of the visit's partners (a visit with
  no partner is seen team-wide); links to partners a user cannot see are partner rows, withheld;
- ``team``: seen by everyone in the team (stakeholders, team members, programs, notes about a
  stakeholder only).

A synced table missing here is refused by the server (and fails a test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Scope = tuple[str, str | None]


def _partner(key: str) -> Callable[[dict[str, Any]], Scope]:
    return lambda row: ("partner", row.get(key))


def _visit(key: str) -> Callable[[dict[str, Any]], Scope]:
    return lambda row: ("visit", row.get(key))


def _team(_row: dict[str, Any]) -> Scope:
    return ("team", None)


def _partner_or_team(row: dict[str, Any]) -> Scope:
    return ("partner", row["partner_id"]) if row.get("partner_id") else ("team", None)


def _action(row: dict[str, Any]) -> Scope:
    if row.get("partner_id"):
        return ("partner", row["partner_id"])
    if row.get("visit_id"):
        return ("visit", row["visit_id"])
    return ("team", None)


def _conflict(row: dict[str, Any]) -> Scope:
    """Conflict records follow the partner of the row they are about."""
    return _partner_or_team(row)


TABLE_SCOPES: dict[str, Callable[[dict[str, Any]], Scope]] = {
    "partners": _partner("id"),
    "contacts": _partner("partner_id"),
    "partner_distributors": _partner("partner_id"),
    "certifications": _partner("partner_id"),
    "customer_references": _partner("partner_id"),
    "revenue_lines": _partner("partner_id"),
    "targets": _partner("partner_id"),
    "partner_metrics": _partner("partner_id"),
    "partner_yes_no_facts": _partner("partner_id"),
    "stakeholder_links": _partner("partner_id"),
    "visit_partners": _partner("partner_id"),
    "notes": _partner_or_team,
    "action_items": _action,
    "visits": _visit("id"),
    "visit_attendees": _visit("visit_id"),
    "visit_report_sections": _visit("visit_id"),
    "stakeholders": _team,
    "team_members": _team,
    "programs": _team,
    "sync_conflicts": _conflict,
}


def scope_of(table: str, row: dict[str, Any]) -> Scope:
    """``(scope, key)`` of a row of ``table``.

    Raises:
        KeyError: The table has no declared scope (it is not synced by this server).
    """
    return TABLE_SCOPES[table](row)
