"""Keep French no-break spaces unbroken in ReportLab paragraphs.

ReportLab's paragraph splitter breaks lines at U+202F NARROW NO-BREAK SPACE (and at U+00A0 when the
text holds no U+00A0) and draws it as an ordinary space, so ``1 234 567 €`` could be cut across two
lines and would lose its thin group separators. `keep_no_break_spaces` makes the splitter break only
at spaces that allow a break; U+00A0 and U+202F then stay inside their word and are drawn with their
own glyph from the embedded font.
"""

from __future__ import annotations

import re

from reportlab.platypus import paragraph

__all__ = ["NO_BREAK", "keep_no_break_spaces"]

NO_BREAK = "\u00a0\u202f"
_BREAKING = re.compile("[" + re.escape("".join(c for c in paragraph._wsc if c not in NO_BREAK)) + "]+")
_done = False


def _split(text: str | bytes, delim: str | bytes | None = None) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is None:
        return [word for word in _BREAKING.split(text) if word]  # as str.split(): no empty words
    if isinstance(delim, bytes):
        delim = delim.decode("utf8")
    return text.split(delim)


def keep_no_break_spaces() -> None:
    """Install the splitter (once per process)."""
    global _done
    if not _done:
        paragraph.split = _split
        _done = True
