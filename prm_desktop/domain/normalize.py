"""Text normalisation for full-text search, partner matching and header matching.

Three keys, from the most readable to the most forgiving:

- :func:`normalize_text` (design §4): what the FTS index stores and what queries are turned into.
  ``"Œuvre Numérique"`` → ``"oeuvre numerique"``, ``"732 829 320"`` → ``"732829320"``.
- :func:`normalize_partner_name`: :func:`normalize_text` without legal forms (SAS, SARL, GmbH…), used to
  match a partner named in a spreadsheet (``"Intégra Conseil SAS"`` matches ``"INTEGRA CONSEIL"``).
- :func:`normalize_header`: a key with no spaces nor punctuation at all, used for column headers and
  accepted values (``"Code postal"``, ``"code_postal"`` and ``"CodePostal"`` are the same key).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LEGAL_FORMS", "normalize_header", "normalize_partner_name", "normalize_text"]

# Letters NFKD does not decompose into a base letter plus combining marks.
_SPECIAL_LETTERS = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)

#: Finds those letters: most texts have none, and one regex pass is much faster than ``translate`` on long notes.
_HAS_SPECIAL_LETTER = re.compile("[" + "".join(chr(code) for code in _SPECIAL_LETTERS) + "]")

# Spaces (NFKD has already turned no-break and narrow no-break spaces into plain ones) and dots between
# two digits: "732 829 320", "01.23.45.67.89".
_DIGIT_SEPARATORS = re.compile(r"(?<=\d)[ .]+(?=\d)")
# Anything that is not a letter or a digit (``\w`` also matches "_", which is punctuation here).
_NON_ALNUM = re.compile(r"[\W_]+")
# Dotted abbreviations such as "S.A.", "s.r.o.", "S.à r.l.": single characters joined by dots.
_DOTTED_ABBREVIATION = re.compile(r"(?<!\w)\w(?:\.\w)+\.?(?!\w)")

#: Legal forms removed as whole words by :func:`normalize_partner_name` (already normalised: lower
#: case, no accents, no dots). Multi-word forms are written with single spaces.
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        # France
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "snc",
        "scop",
        "sca",
        "scs",
        "se",
        "gie",
        "sem",
        "scic",
        "sci",
        "selarl",
        "selas",
        # Germany, Austria, Switzerland
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "gmbh co kg",
        "sagl",
        # United Kingdom, Ireland, United States
        "ltd",
        "limited",
        "plc",
        "llc",
        "llp",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        # Benelux
        "bv",
        "nv",
        "bvba",
        "sprl",
        "srl",
        "scrl",
        # Italy, Spain, Portugal
        "spa",
        "sl",
        "slu",
        "lda",
        # Nordic countries
        "ab",
        "aps",
        "as",
        "asa",
        "oy",
        "oyj",
        # Central Europe
        "sro",
        "kft",
        "zrt",
        "sp z oo",
        "sp zoo",
        "doo",
        # Switzerland (French): "Sàrl" normalises to "sarl" (already listed); "S.à r.l." to "sa rl".
        "sa rl",
    }
)

_MULTI_WORD_FORMS = sorted((form for form in LEGAL_FORMS if " " in form), key=len, reverse=True)
_MULTI_WORD_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in _MULTI_WORD_FORMS) + r")\b")


#: Combining marks (accents once NFKD has split them from their letters): one regex pass is much
#: faster on long notes than testing each character.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def normalize_text(s: str | None) -> str:
    """Normalise text for full-text search (design §4).

    NFKD decomposition with accents stripped, œ→oe, æ→ae, ß→ss (and ø, đ, ł, þ to their base letters),
    lower case; spaces and dots inside digit groups removed (SIREN, phone numbers); any other
    punctuation turned into a space; whitespace collapsed. The same function normalises the indexed
    text and the queries.

    Args:
        s: Any text (None gives ``""``).

    Returns:
        The normalised text, e.g. ``"Œuvre Numérique"`` → ``"oeuvre numerique"``,
        ``"01 23 45 67 89"`` → ``"0123456789"``.
    """
    if not s:
        return ""
    if not s.isascii():
        if _HAS_SPECIAL_LETTER.search(s):
            s = s.translate(_SPECIAL_LETTERS)
        s = unicodedata.normalize("NFKD", s)
        if not s.isascii():
            s = _COMBINING_MARKS.sub("", s)
    s = s.lower()
    s = _DIGIT_SEPARATORS.sub("", s)
    s = _NON_ALNUM.sub(" ", s)
    return s.strip()


def normalize_partner_name(s: str | None) -> str:
    """Normalise a partner name for matching across imports.

    :func:`normalize_text`, with dotted abbreviations joined (``"S.A.S."`` → ``"sas"``,
    ``"s.r.o."`` → ``"sro"``), punctuation removed (it becomes a word break, so ``"Hauts-de-France"``
    matches ``"Hauts de France"``) and legal forms (:data:`LEGAL_FORMS`: SA, SAS, SARL, GmbH, Ltd,
    Inc, BV, SpA, Sàrl…) removed as whole words wherever they stand. A name made only of a legal form
    is kept as it is.

    Args:
        s: A partner name (None gives ``""``).

    Returns:
        The matching key, e.g. ``"Intégra Conseil SAS"`` → ``"integra conseil"``.
    """
    if not s:
        return ""
    s = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), s)
    text = normalize_text(s)
    if not text:
        return ""
    stripped = _MULTI_WORD_PATTERN.sub(" ", text) if _MULTI_WORD_PATTERN.search(text) else text
    words = [word for word in stripped.split() if word not in LEGAL_FORMS]
    return " ".join(words) if words else text


def normalize_header(s: str | None) -> str:
    """Normalise a column header (or an accepted value) into a compact key.

    Case-, space-, accent- and punctuation-insensitive: ``"Code postal"``, ``"CODE_POSTAL"``,
    ``"code-postal"`` all give ``"codepostal"``; ``"Billing Zip/Postal Code"`` gives
    ``"billingzippostalcode"``.

    Args:
        s: A header or value (None gives ``""``).

    Returns:
        The key: lower-case letters and digits only.
    """
    return normalize_text(s).replace(" ", "")
