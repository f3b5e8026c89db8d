from __future__ import annotations

import pytest

from prm_desktop.domain.normalize import normalize_header, normalize_partner_name, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Œuvre Numérique", "oeuvre numerique"),
        ("Île Œnologie Digitale", "ile oenologie digitale"),
        ("Ætherium Straße", "aetherium strasse"),
        ("København", "kobenhavn"),
        ("  Forêt   d'Orléans\tSystèmes ", "foret d orleans systemes"),
        ("Hauts-de-France Distribution", "hauts de france distribution"),
        ("732 829 320", "732829320"),
        ("732\u00a0829\u202f320", "732829320"),  # no-break and narrow no-break spaces
        ("01 23 45 67 89", "0123456789"),
        ("01.23.45.67.89", "0123456789"),
        ("+33 1 23 45 67 89", "33123456789"),
        ("SIREN: 732 829 320 (Paris)", "siren 732829320 paris"),
        ("12 rue du Mont", "12 rue du mont"),
        ("contact@armorique.example", "contact armorique example"),
        ("", ""),
        (None, ""),
        ("!!!", ""),
    ],
)
def test_normalize_text(raw: str | None, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_query_matches_index_prefix() -> None:
    # Typing part of a spaced SIREN finds the indexed SIREN (FTS prefix query).
    assert normalize_text("732829320").startswith(normalize_text("732 829"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Intégra Conseil SAS", "INTEGRA CONSEIL"),
        ("Intégra Conseil S.A.S.", "integra conseil"),
        ("Ardennes Réseaux SAS", "Ardennes Reseaux"),
        ("Garonne Conseil SARL", "garonne conseil"),
        ("Müller GmbH", "Muller"),
        ("Acme Ltd.", "ACME Limited"),
        ("Acme, Inc.", "Acme Corp"),
        ("Vltava Cloud s.r.o.", "Vltava Cloud"),
        ("Lusitânia Software, Lda.", "Lusitania Software"),
        ("København IT ApS", "Kobenhavn IT"),
        ("Alpes Systèmes Sàrl", "Alpes Systemes"),
        ("Hauts-de-France Distribution", "Hauts de France Distribution"),
        ("Œuvre Numérique SA", "oeuvre numérique"),
    ],
)
def test_partner_names_match(a: str, b: str) -> None:
    assert normalize_partner_name(a) == normalize_partner_name(b)


def test_partner_name_keeps_distinct_names_apart() -> None:
    assert normalize_partner_name("Intégra Conseil") != normalize_partner_name("Intégra Consulting")
    # "SA" inside a word is not a legal form.
    assert normalize_partner_name("Sasso Informatique SA") == "sasso informatique"


def test_partner_name_made_only_of_a_legal_form_is_kept() -> None:
    assert normalize_partner_name("SAS") == "sas"
    assert normalize_partner_name("") == ""
    assert normalize_partner_name(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Code postal", "codepostal"),
        ("CODE_POSTAL", "codepostal"),
        ("code-postal", "codepostal"),
        ("Téléphone", "telephone"),
        ("E-mail", "email"),
        ("Billing Zip/Postal Code", "billingzippostalcode"),
        ("Date d'obtention", "datedobtention"),
        ("\ufeffAccount ID", "accountid"),
    ],
)
def test_normalize_header(raw: str, expected: str) -> None:
    assert normalize_header(raw) == expected
