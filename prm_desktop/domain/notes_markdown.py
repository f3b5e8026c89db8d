"""The Markdown subset of notes: bold, italics, lists, links and mentions, turned into plain text.

A note's body is stored as text in a small Markdown subset, so the search index, PDFs and e-mails can
use it without Qt:

- ``**bold**`` (and ``__bold__``), ``*italics*`` (and ``_italics_``);
- lists: lines starting with ``-``, ``*``, ``+`` or ``1.``;
- links: ``[label](https://example.fr)``;
- mentions of internal people: ``@[Name](stakeholder:ID)``.

:func:`to_plain_text` gives the words a reader sees (for the search index); :func:`parse_mentions`
the people a note mentions; :func:`mention` writes one mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Mention", "mention", "parse_mentions", "to_plain_text"]

_MENTION = re.compile(r"@\[([^\]\n]*)\]\(stakeholder:([A-Za-z0-9_-]+)\)")
_LINK = re.compile(r"(?<!@)\[([^\]\n]*)\]\(([^)\s]*)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ESCAPE = re.compile(r"\\([\\`*_\[\]()#+\-.!@])")
_UNESCAPE = re.compile("[\ue000-\ue07f]")
#: A line none of the patterns above can change (most notes' lines): it is only stripped.
_PLAIN = re.compile(r"[^*_\[\]#\\]*")


@dataclass(frozen=True)
class Mention:
    """An internal stakeholder mentioned in a note."""

    stakeholder_id: str
    name: str


def mention(name: str, stakeholder_id: str) -> str:
    """The Markdown of a mention, e.g. ``@[Karim Haddad](stakeholder:abc)``.

    Brackets in the name are dropped so the mention stays readable by :func:`parse_mentions`.
    """
    clean = name.replace("[", "").replace("]", "").replace("\n", " ").strip()
    return f"@[{clean}](stakeholder:{stakeholder_id})"


def parse_mentions(body: str) -> list[Mention]:
    """The people a note mentions, in order of first mention, each once.

    Args:
        body: The note's Markdown.
    """
    seen: dict[str, Mention] = {}
    for match in _MENTION.finditer(body or ""):
        name, sid = match.group(1).strip(), match.group(2)
        seen.setdefault(sid, Mention(sid, name))
    return list(seen.values())


def _line(text: str) -> str:
    if _PLAIN.fullmatch(text) and not _BULLET.match(text):
        return text.strip()
    text = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    text = _MENTION.sub(lambda m: "@" + m.group(1).strip(), text)
    text = _LINK.sub(lambda m: " ".join(filter(None, (m.group(1).strip(), m.group(2)))), text)
    text = _BOLD.sub(r"\2", text)
    text = _ITALIC.sub(r"\2", text)
    return _UNESCAPE.sub(lambda m: chr(ord(m.group(0)) - 0xE000), text).strip()


def to_plain_text(body: str | None) -> str:
    """The text a reader sees: markers removed, one line per paragraph or list item.

    A link keeps its label and its address (both are searchable); a mention becomes ``@Name``.

    Args:
        body: The note's Markdown (None gives "").
    """
    lines = [_line(line) for line in (body or "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
