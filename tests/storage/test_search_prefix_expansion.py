"""Long typed prefixes searched as the index words they stand for: same rows, same order as the prefix.

The index has prefix shortcuts up to 4 characters only; a longer prefix is turned into its few
words read from the index's vocabulary (``"integrat"*`` → ``("integrateur" OR "integration")``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.notes import create_note
from prm_desktop.storage.search.expand import expand_prefixes
from prm_desktop.storage.search.queries import fts_query, search_entries, search_tokens
from prm_desktop.storage.search.schema import KIND_ROWIDS

KINDS = tuple(KIND_ROWIDS)


def _expanded(uow, query: str, **limits: int) -> str | None:
    with uow.read() as session:
        return expand_prefixes(session, search_tokens(query), **limits)


def test_long_prefixes_become_the_words_they_stand_for(uow) -> None:
    partner = create_partner(uow, PartnerInput(name="Intégrateur Réseau", city="Lyon"), allow_duplicates=True).id
    create_note(uow, NoteInput("Intégration prévue ; intégrité des données vérifiée.", partner_id=partner))
    assert _expanded(uow, "intégrat") == '("integrateur" OR "integration")'
    assert _expanded(uow, "integr reseau") == '("integrateur" OR "integration" OR "integrite") AND "reseau"'
    assert _expanded(uow, "INTEGRATEU lyon") == '"integrateur" AND "lyon"*'
    # Up to 4 characters the index has its own shortcut: the prefix stays as typed.
    assert _expanded(uow, "inte donn") == '"inte"* AND "donn"*'
    # No word or too many words: the prefix stays (it is then cheap, or the expansion would not be).
    assert _expanded(uow, "integrazione") == '"integrazione"*'
    assert _expanded(uow, "integr", max_terms=2) == '"integr"*'
    assert _expanded(uow, "  ,; ") is None


def test_a_lone_letter_becomes_its_word_and_the_two_letter_starts_of_its_words(uow) -> None:
    partner = create_partner(uow, PartnerInput(name="Intégrateur Réseau", city="Lyon"), allow_duplicates=True).id
    create_note(uow, NoteInput("L’intégration de données à Lille.", partner_id=partner))
    assert _expanded(uow, "d") == '("de"* OR "do"*)'
    assert _expanded(uow, "L") == '("l" OR "li"* OR "ly"*)'
    assert _expanded(uow, "i") == '"in"*'
    assert _expanded(uow, "x") == '"x"*'
    assert _expanded(uow, "l", max_starts=2) == '"l"*'


def test_words_the_index_splits_are_left_as_typed(uow) -> None:
    create_partner(uow, PartnerInput(name="Αθήνα Σύμβουλοι"), allow_duplicates=True)
    assert _expanded(uow, "αθηνα") == fts_query("αθηνα") == '"αθηνα"*'
    assert _expanded(uow, "συμβουλ") == fts_query("συμβουλ")


# Words made of a few stems and short tails share long prefixes; digits and one-letter words are in too.
_WORDS = st.builds(str.__add__, st.sampled_from(["a", "1", "integ", "inter", "integra"]), st.text("ab1", max_size=4))
_DOCS = st.lists(st.tuples(st.sampled_from(KINDS), st.lists(_WORDS, min_size=1, max_size=6)), min_size=1, max_size=40)


def _fill(path, docs: list[tuple[str, list[str]]]) -> None:
    """Replace the index's entries by ``docs`` (the test's corpus, written straight to the index)."""
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("DELETE FROM search_index")
        for number, (kind, words) in enumerate(docs):
            con.execute(
                "INSERT INTO search_index (rowid, kind, entity_id, partner_id, body) VALUES (?, ?, ?, NULL, ?)",
                (KIND_ROWIDS[kind][0] + number, kind, f"{kind}-{number}", " ".join(words)),
            )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=_DOCS, data=st.data(), max_terms=st.sampled_from([1, 2, 3, 16]), max_starts=st.sampled_from([1, 3, 48]))
def test_expanded_and_plain_prefix_queries_find_the_same_rows(app_ctx, docs, data, max_terms, max_starts) -> None:
    _fill(app_ctx.db.path, docs)
    words = sorted({w for _kind, ws in docs for w in ws})
    typed = st.one_of(
        st.sampled_from(words).flatmap(lambda w: st.integers(min(5, len(w)), len(w)).map(lambda n: w[:n])),
        _WORDS,
        st.sampled_from("ab1ixz"),  # a lone letter (alone in the query, it is searched)
    )
    query = " ".join(data.draw(st.lists(typed, min_size=1, max_size=3), label="query tokens"))
    plain = fts_query(query)
    with app_ctx.uow.read() as session:
        expanded = expand_prefixes(session, search_tokens(query), max_terms=max_terms, max_starts=max_starts)
        assert (expanded is None) == (plain is None)
        if plain is None:
            return
        event("expanded" if expanded != plain else "searched as typed")
        for kinds in [[kind] for kind in KINDS] + [list(KINDS[:3]), list(KINDS)]:
            for limit in (2, 1000):
                found = search_entries(session, expanded, kinds, limit)
                assert found == search_entries(session, plain, kinds, limit), (query, expanded, kinds, limit)
