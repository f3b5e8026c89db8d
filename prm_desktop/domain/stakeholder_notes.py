"""Notes about partners and internal stakeholders: fields and validation (design §2 "Note").

The body is a Markdown subset (:mod:`prm_desktop.domain.notes_markdown`); tags are stored as one text
joined with ``","``; a note is about a partner, a person, or both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.validation import Validator

__all__ = ["MAX_BODY", "CleanNote", "NoteInput", "join_tags", "split_tags", "validate_note"]

MAX_BODY = 20000
MAX_TAGS = 500
_SEPARATORS = ",;|"


def split_tags(value: str | Iterable[str] | None) -> list[str]:
    """Tags from a text (``"a, b; c"``) or a list: stripped, blanks dropped, each once (case-insensitive)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        for part in str(item).replace(";", ",").replace("|", ",").split(","):
            tag = " ".join(part.split())
            if tag and tag.casefold() not in {t.casefold() for t in out}:
                out.append(tag)
    return out


def join_tags(tags: Iterable[str]) -> str:
    """The stored form of tags."""
    return ",".join(tags)


@dataclass(frozen=True)
class NoteInput:
    """Editable fields of a note; raw values."""

    body: str = ""
    partner_id: str | None = None
    stakeholder_id: str | None = None
    tags: str | tuple[str, ...] = ()
    pinned: bool = False
    internal_only: bool = False


@dataclass(frozen=True)
class CleanNote:
    """A validated note."""

    body: str
    partner_id: str | None
    stakeholder_id: str | None
    tags: tuple[str, ...] = field(default_factory=tuple)
    pinned: bool = False
    internal_only: bool = False


def validate_note(data: NoteInput) -> CleanNote:
    """Check a note's fields.

    Raises:
        ValidationErrors: An empty or too long body (``body``), too many tags (``tags``), or a note
            about nobody (``partner_id``).
    """
    v = Validator()
    body = (data.body or "").strip()
    if not body:
        v.add("body", N_("This field is required."))
    elif len(body) > MAX_BODY:
        v.add("body", N_("At most {max} characters."), max=MAX_BODY)
    tags = split_tags(data.tags)
    if len(join_tags(tags)) > MAX_TAGS:
        v.add("tags", N_("At most {max} characters."), max=MAX_TAGS)
    if not data.partner_id and not data.stakeholder_id:
        v.add("partner_id", N_("A note is about a partner, a person, or both."))
    v.raise_if_errors()
    return CleanNote(
        body,
        data.partner_id or None,
        data.stakeholder_id or None,
        tuple(tags),
        bool(data.pinned),
        bool(data.internal_only),
    )
