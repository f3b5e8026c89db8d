"""Long typed prefixes searched as the few index words they stand for (issue 17: search speed).

The index keeps prefix shortcuts for 2 to 4 characters only (``prefix = '2 3 4'``, see
:mod:`prm_desktop.storage.search.schema`). For a longer prefix (``"integrat"*``) FTS5 reads every
posting of every word it starts and merges them into one list before returning its first row,
whatever the LIMIT or row-id range: tens of milliseconds per query over 300,000 notes when the words
are frequent. The words such a prefix stands for are read from the index's own vocabulary
(``temp.search_vocab``, an ``fts5vocab`` table every connection creates, see :data:`VOCAB_DDL`)
and searched as ``("integrateur" OR "integration")``: the same rows in the same (row id) order, but
streamed, so a LIMIT stops early. A prefix standing for no word or for more than ``max_terms``
words is searched as typed (then cheap, or the long OR would not be).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["MAX_TERMS", "SHORTCUT_MAX", "VOCAB_DDL", "WORDS_SQL", "build_match", "expand_prefixes", "prefix_words",
           "words_params"]

#: The longest prefix the index has a shortcut for (``prefix = '2 3 4'``).
SHORTCUT_MAX = 4
#: Most words a prefix is expanded into; beyond, the prefix is searched as typed.
MAX_TERMS = 16
#: Run on every new connection (``storage/database.py: make_engine``): a read-only view of the words
#: of ``search_index``, one row per occurrence. It reads the index's own pages: nothing is stored.
VOCAB_DDL = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_index, instance)"

#: The distinct words in ``[:low, :high)`` (at most ``:most``), in order, one index seek each: every
#: step asks for the first occurrence of a word after the previous word (``|| char(1)``: the smallest
#: string after it, since index words hold no control characters), so the occurrences of a word are
#: never walked.
WORDS_SQL = (
    "WITH RECURSIVE words(term) AS ("
    " SELECT (SELECT term FROM temp.search_vocab WHERE term >= :low AND term < :high LIMIT 1)"
    " UNION ALL"
    " SELECT (SELECT v.term FROM temp.search_vocab v WHERE v.term >= words.term || char(1) AND v.term < :high"
    " LIMIT 1) FROM words WHERE words.term IS NOT NULL LIMIT :most)"
    " SELECT term FROM words WHERE term IS NOT NULL"
)
_WORDS = text(WORDS_SQL)


def _expandable(token: str) -> bool:
    """Whether ``token`` is one index word with no shortcut: longer than 4, ASCII letters and digits.

    Other tokens are left as typed: the tokenizer could split or fold a non-ASCII one differently
    from :func:`~prm_desktop.domain.normalize.normalize_text`, and the row-id range bound below
    (next character code) is only sure for ASCII.
    """
    return len(token) > SHORTCUT_MAX and token.isascii() and token.isalnum() and token == token.lower()


def prefix_words(session: Session, prefix: str, max_terms: int = MAX_TERMS) -> list[str] | None:
    """The index words starting with ``prefix``, or None when there are more than ``max_terms``.

    Args:
        session: An open session (its connection has ``temp.search_vocab``).
        prefix: A normalised ASCII prefix (see :func:`expand_prefixes`).
        max_terms: Most words returned.
    """
    words = list(session.scalars(_WORDS, words_params(prefix, max_terms)))
    return None if len(words) > max_terms else words


def words_params(prefix: str, max_terms: int = MAX_TERMS) -> dict[str, object]:
    """Parameters of :data:`WORDS_SQL` for the words starting with ASCII ``prefix`` (one more than wanted)."""
    return {"low": prefix, "high": prefix[:-1] + chr(ord(prefix[-1]) + 1), "most": max_terms + 1}


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def expand_prefixes(session: Session, tokens: Sequence[str], max_terms: int = MAX_TERMS) -> str | None:
    """The FTS5 query for normalised ``tokens``, each a word prefix, all required.

    A token longer than :data:`SHORTCUT_MAX` that stands for 1 to ``max_terms`` index words becomes
    those words (``("integrateur" OR "integration")``); any other token stays a quoted prefix
    (``"inte"*``), as :func:`~prm_desktop.storage.search.queries.fts_query` writes it. Both queries
    match the same rows.

    Args:
        session: An open session.
        tokens: Normalised tokens (see :func:`~prm_desktop.storage.search.queries.search_tokens`).
        max_terms: Most words a token is expanded into.

    Returns:
        The query, or None when there is no token.
    """
    return build_match(tokens, lambda prefix: prefix_words(session, prefix, max_terms))


def build_match(tokens: Sequence[str], words_of: Callable[[str], list[str] | None]) -> str | None:
    """:func:`expand_prefixes` with the words of a prefix read by ``words_of`` (None: too many)."""
    parts = []
    for token in tokens:
        words = words_of(token) if _expandable(token) else None
        if not words:
            parts.append(f"{_quoted(token)}*")
        elif len(words) == 1:
            parts.append(_quoted(words[0]))
        else:
            parts.append("(" + " OR ".join(_quoted(word) for word in words) + ")")
    return " AND ".join(parts) or None
