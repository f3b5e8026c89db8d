"""Translated labels of partner types, statuses and motions (the domain's tables), and percentages.

Ids are the canonical values stored in the database (design §2); labels are translated when shown,
so a language change takes effect on the next repaint.
"""

from __future__ import annotations

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import MOTION_LABELS, STATUS_LABELS, TYPE_LABELS

__all__ = [
    "MOTION_LABELS",
    "STATUS_LABELS",
    "TYPE_LABELS",
    "label_of",
    "motion_label",
    "percent",
    "status_label",
    "type_label",
]

def label_of(table: dict[str, str], value: str | None) -> str:
    """Return the translated label of ``value`` in ``table`` (the value itself when unknown)."""
    if not value:
        return ""
    source = table.get(value)
    return _(source) if source else value


def type_label(value: str | None) -> str:
    """Translated label of a partner type id."""
    return label_of(TYPE_LABELS, value)


def status_label(value: str | None) -> str:
    """Translated label of a status id."""
    return label_of(STATUS_LABELS, value)


def motion_label(value: str | None) -> str:
    """Translated label of a motion id."""
    return label_of(MOTION_LABELS, value)


def percent(ratio: float | None) -> str:
    """Format a ratio (0.85) as a whole percentage in the current language (``85 %`` / ``85%``)."""
    if ratio is None:
        return ""
    return _("{value}%", value=format_number(round(ratio * 100), decimals=0))
