"""Snippets of search hits with the matched words marked, on the text as the user wrote it.

The index holds normalised text (design §4), so FTS5's own ``snippet()`` would show ``oeuvre
numerique``; here each word of the original text is normalised the same way and marked when it
starts with one of the query's tokens: searching ``oeuvre`` marks ``Œuvre``, ``integ`` marks
``Intégra``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from prm_desktop.domain.normalize import normalize_text

__all__ = ["Snippet", "make_snippet", "matched_spans"]

#: A word of the original text: letters and digits (accents and ligatures included).
_WORD = re.compile(r"[^\W_]+")
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """A piece of text and the ``(start, end)`` character spans of the matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The text with every matched word wrapped in ``start`` … ``end``."""
        parts: list[str] = []
        last = 0
        for left, right in self.spans:
            parts += [self.text[last:left], start, self.text[left:right], end]
            last = right
        parts.append(self.text[last:])
        return "".join(parts)


def matched_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose normalised form starts with one of ``tokens``.

    A word that normalises to several (``"l'Œuvre"`` is two words here already) matches when any of
    its parts does. ``tokens`` are normalised query tokens (see ``search_tokens``).
    """
    wanted = [t for t in tokens if t]
    if not wanted:
        return []
    spans = []
    for found in _WORD.finditer(text):
        parts = normalize_text(found.group()).split()
        if any(part.startswith(token) for part in parts for token in wanted):
            spans.append(found.span())
    return spans


def make_snippet(text: str | None, tokens: Sequence[str], width: int = 120) -> Snippet:
    """A window of about ``width`` characters of ``text`` around its first matched word.

    Line breaks become spaces; an ellipsis shows where the text was cut.

    Args:
        text: The original text (a note's plain text, a contact's fields joined…).
        tokens: Normalised query tokens.
        width: Characters kept (at least the first matched word is kept whole).

    Returns:
        The snippet, with the spans of every matched word inside it.
    """
    flat = " ".join((text or "").split())
    spans = matched_spans(flat, tokens)
    if len(flat) <= width:
        return Snippet(flat, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    if start > 0:  # start on a word boundary
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space <= width // 2 else start
    end = min(len(flat), max(start + width, spans[0][1] if spans else 0))
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans else start) else end
    prefix = _ELLIPSIS if start > 0 else ""
    suffix = _ELLIPSIS if end < len(flat) else ""
    shift = len(prefix) - start
    kept = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Snippet(prefix + flat[start:end] + suffix, kept)
