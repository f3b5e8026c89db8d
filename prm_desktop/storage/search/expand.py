"""Typed prefixes the index has no shortcut for, searched as the few index entries they stand for.

The index keeps prefix shortcuts for 2 to 4 characters only (``prefix = '2 3 4'``, see
:mod:`prm_desktop.storage.search.schema`). For any other prefix (``"integrat"*``, ``"c"*``) FTS5
reads every posting of every word it starts and merges them into one list before returning its
first row, whatever the LIMIT or row-id range: tens of milliseconds per query over 300,000 notes
for a long prefix of frequent words, hundreds for a lone letter. So, before searching:

- a prefix longer than 4 characters becomes the words it stands for, read from the index's own
  vocabulary: ``"integrat"*`` → ``("integrateur" OR "integration")``;
- a lone letter becomes the word of that letter, if any, and the two-character shortcuts of the
  words it starts: ``"c"*`` → ``("c" OR "ca"* OR "ce"* …)``.

Either matches the same rows in the same (row id) order, but streamed, so a LIMIT stops early. A
prefix standing for nothing, or for more entries than :data:`MAX_TERMS` (:data:`MAX_STARTS` for a
letter), is searched as typed (then cheap, or the long OR would not be). The vocabulary is
``temp.search_vocab``, an ``fts5vocab`` table every connection creates (:data:`VOCAB_DDL`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = [
    "MAX_STARTS",
    "MAX_TERMS",
    "SHORTCUT_MAX",
    "VOCAB_DDL",
    "WORDS_SQL",
    "build_match",
    "expand_prefixes",
]

#: The shortest and longest prefixes the index has a shortcut for (``prefix = '2 3 4'``).
SHORTCUT_MIN, SHORTCUT_MAX = 2, 4
#: Most words a long prefix is expanded into; beyond, the prefix is searched as typed.
MAX_TERMS = 16
#: Most entries a lone letter is expanded into (its word and its two-character starts).
MAX_STARTS = 48
#: Run on every new connection (``storage/database.py: make_engine``): a read-only view of the words
#: of ``search_index``, one row per occurrence. It reads the index's own pages: nothing is stored.
VOCAB_DDL = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_index, instance)"
#: A width for words kept whole.
_WHOLE = 1 << 20
#: Above every index word starting with a prefix: the prefix then U+10FFFF, the last code point (the
#: vocabulary reads ``term < x`` as ``term <= x``, so the bound must not be a word itself: with the
#: next letter as bound, a lone letter's next letter, often a word, had all its occurrences walked).
_AFTER = chr(0x10FFFF)

#: The distinct index words (``:width`` 2: the distinct two-character starts) from ``:low`` to
#: ``:high``, at most ``:most``, in order, one index seek each: every step asks for the first
#: occurrence after the previous word (``|| char(1)``: the smallest string after it, index words
#: hold no control character) or after every word of the previous start (``|| char(1114111)``), so
#: the occurrences of a word are never walked.
WORDS_SQL = (
    "WITH RECURSIVE words(term) AS ("
    " SELECT (SELECT term FROM temp.search_vocab WHERE term >= :low AND term < :high LIMIT 1)"
    " UNION ALL"
    " SELECT (SELECT v.term FROM temp.search_vocab v WHERE v.term >= (CASE WHEN length(words.term) < :width"
    " THEN words.term || char(1) ELSE substr(words.term, 1, :width) || char(1114111) END) AND v.term < :high"
    " LIMIT 1) FROM words WHERE words.term IS NOT NULL LIMIT :most)"
    " SELECT term FROM words WHERE term IS NOT NULL"
)
_WORDS = text(WORDS_SQL)


def _plan(token: str, max_terms: int, max_starts: int) -> tuple[int, int] | None:
    """``(width, most)`` to expand ``token`` with, or None to search it as typed.

    Only single ASCII words are expanded: the tokenizer could split or fold a non-ASCII token
    differently from :func:`~prm_desktop.domain.normalize.normalize_text`.
    """
    if not (token.isascii() and token.isalnum() and token == token.lower()):
        return None
    if len(token) > SHORTCUT_MAX:
        return _WHOLE, max_terms
    if len(token) < SHORTCUT_MIN:
        return SHORTCUT_MIN, max_starts
    return None


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def build_match(tokens: Sequence[str], read_words: Callable[[dict[str, Any]], list[str]],
                max_terms: int = MAX_TERMS, max_starts: int = MAX_STARTS) -> str | None:  # fmt: skip
    """The FTS5 query for normalised ``tokens``, each a word prefix, all required.

    Args:
        tokens: Normalised tokens (see :func:`~prm_desktop.storage.search.queries.search_tokens`).
        read_words: Runs :data:`WORDS_SQL` with the parameters given and returns its words.
        max_terms: Most words a long prefix is expanded into.
        max_starts: Most entries a lone letter is expanded into.

    Returns:
        The query (expanded tokens as described in this module, the others as quoted prefixes
        ``"inte"*`` like :func:`~prm_desktop.storage.search.queries.fts_query`), or None when there
        is no token.
    """
    parts = []
    for token in tokens:
        plan = _plan(token, max_terms, max_starts)
        words: list[str] = []
        if plan is not None:
            width, most = plan
            words = read_words({"low": token, "high": token + _AFTER, "width": width, "most": most + 1})
            words = words if len(words) <= most else []
        if not words:
            parts.append(f"{_quoted(token)}*")
            continue
        pieces = [_quoted(w) if len(w) < width else f"{_quoted(w[:width])}*" for w in words]
        parts.append(pieces[0] if len(pieces) == 1 else "(" + " OR ".join(pieces) + ")")
    return " AND ".join(parts) or None


def expand_prefixes(session: Session, tokens: Sequence[str], max_terms: int = MAX_TERMS,
                    max_starts: int = MAX_STARTS) -> str | None:  # fmt: skip
    """:func:`build_match`, the words read through ``session`` (its connection has the vocabulary)."""
    return build_match(tokens, lambda params: list(session.scalars(_WORDS, params)), max_terms, max_starts)
