"""Snippets of search hits: matched words marked on the text as written, long texts cut around them."""

from __future__ import annotations

from prm_desktop.domain.search_snippet import make_snippet, matched_spans


def test_words_are_matched_like_the_index_whatever_the_accents_and_ligatures() -> None:
    text = "L’Œuvre d’Intégra : ŒUVRES complètes, intégrale."
    assert [text[a:b] for a, b in matched_spans(text, ["oeuvre"])] == ["Œuvre", "ŒUVRES"]
    assert [text[a:b] for a, b in matched_spans(text, ["integ", "complet"])] == ["Intégra", "complètes", "intégrale"]
    assert matched_spans(text, []) == []


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = " ".join(["remplissage"] * 40) + " la Cœur de cible " + " ".join(["suite"] * 40)
    snippet = make_snippet(text, ["coeur"], width=60)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert "[Cœur]" in snippet.marked()
    assert len(snippet.text) <= 62
    short = make_snippet("Une\nœuvre   concurrente", ["oeuvre"])
    assert (short.text, short.marked("<b>", "</b>")) == ("Une œuvre concurrente", "Une <b>œuvre</b> concurrente")
