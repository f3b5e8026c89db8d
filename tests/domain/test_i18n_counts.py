"""Plural messages write their counts with the language's group separators."""

from __future__ import annotations

from prm_desktop.domain.i18n import _n, set_language, translate_n

NNBSP = "\u202f"


def test_counts_of_plural_messages_are_grouped_in_both_languages() -> None:
    assert translate_n("{n} partner", "{n} partners", 11350, "fr") == f"11{NNBSP}350 partenaires"
    assert translate_n("{n} partner", "{n} partners", 11350, "en") == "11,350 partners"
    assert translate_n("{n} partner", "{n} partners", 1, "fr") == "1 partenaire"
    assert translate_n("{n} partner", "{n} partners", 0, "fr") == "0 partenaire"
    assert translate_n("{n} partner", "{n} partners", 0, "en") == "0 partners"


def test_other_whole_numbers_are_counts_too_and_text_is_left_alone() -> None:
    set_language("fr")
    try:
        assert _n("{count} partner", "{count} partners", 2500, count=2500) == f"2{NNBSP}500 partenaires"
        assert _n("{count} partner", "{count} partners", 2500, count="deux mille cinq cents") == (
            "deux mille cinq cents partenaires")
    finally:
        set_language("en")
