from __future__ import annotations

from prm_desktop.domain.notes_markdown import Mention, mention, parse_mentions, to_plain_text
from prm_desktop.domain.stakeholder_notes import split_tags


def test_plain_text_drops_markers_and_keeps_words() -> None:
    body = "**Réunion** avec _Léa_ :\n\n- point 1\n* point **deux**\n1. [offre](https://example.fr/o)\n"
    assert to_plain_text(body) == "Réunion avec Léa :\n\npoint 1\npoint deux\noffre https://example.fr/o"


def test_mentions_become_names_and_are_parsed_once() -> None:
    body = f"Voir {mention('Karim Haddad', 'k1')} et {mention('Ophélie [OB] Brunet', 'o2')}"
    body += ", puis @[Karim](stakeholder:k1)."
    assert to_plain_text(body) == "Voir @Karim Haddad et @Ophélie OB Brunet, puis @Karim."
    assert parse_mentions(body) == [Mention("k1", "Karim Haddad"), Mention("o2", "Ophélie OB Brunet")]


def test_text_without_markdown_is_unchanged() -> None:
    assert to_plain_text("l'intégrateur a signé 3*4 contrats") == "l'intégrateur a signé 3*4 contrats"
    assert to_plain_text(None) == ""
    assert parse_mentions("") == []


def test_escaped_markers_are_kept_as_text() -> None:
    assert to_plain_text(r"\*pas en gras\*") == "*pas en gras*"


def test_tags_are_split_and_deduplicated() -> None:
    assert split_tags("renouvellement; Cloud, cloud | sécurité ,") == ["renouvellement", "Cloud", "sécurité"]
