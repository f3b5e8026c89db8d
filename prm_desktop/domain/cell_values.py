"""Pure parsers for spreadsheet cell values (formats.md §4).

Each parser takes what a CSV (a ``str``) or an XLSX reader (``str``, ``int``, ``float``, ``bool``,
``date``, ``datetime``) gives for a cell, with ``None`` or ``""`` for an empty cell, and either returns
the value or raises :class:`CellError` with a translatable message naming what was expected. The
import code adds the line and the column: ``line 4: Montant: …``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from prm_desktop.domain.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, _, get_language, translate
from prm_desktop.domain.normalize import normalize_header
from prm_desktop.domain.quarters import Quarter, parse_quarter
from prm_desktop.domain.validation import is_france

__all__ = [
    "MOTIONS",
    "PARTNER_TYPES",
    "STATUSES",
    "CellError",
    "detect_decimal_separator",
    "fix_postcode",
    "is_blank",
    "map_choice",
    "parse_amount_cell",
    "parse_bool_cell",
    "parse_date_cell",
    "parse_identifier_cell",
    "parse_quarter_cell",
]


class CellError(ValueError):
    """A cell value that cannot be read; ``message`` is already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_blank(value: Any) -> bool:
    """Whether a cell is empty (None, or a string of whitespace only)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value).strip()


# --- dates -------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY_SHORT_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")


def parse_date_cell(value: Any) -> date | None:
    """Parse a date cell: a real date of an XLSX file, ISO ``2026-03-31`` or ``31/03/2026``.

    A time part at midnight (``2026-03-31 00:00:00``) is accepted; two-digit years (``31/03/26``) are
    refused as ambiguous.

    Args:
        value: The cell value.

    Returns:
        The date, or None for an empty cell.

    Raises:
        CellError: When the value is not a date in one of the accepted forms, or not a real date.
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if _DMY_SHORT_YEAR.match(text):
        raise CellError(_('two-digit year in "{value}": write the date as dd/mm/yyyy', value=text))
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY_DATE.match(text)
        if not match:
            raise CellError(_('"{value}" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)', value=text))
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_('"{value}" is not a valid date', value=text)) from None


# --- amounts -----------------------------------------------------------------------------------------

# Group separators people and spreadsheets write between thousands: space, no-break space (U+00A0),
# narrow no-break space (U+202F), thin space (U+2009), apostrophe (Swiss).
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009'’]+")
_CURRENCY = re.compile(r"^(?:€|eur|euros?)\s*|\s*(?:€|eur|euros?)$", re.IGNORECASE)
_NUMBER_CHARS = re.compile(r"^\d[\d.,_]*$|^[.,]\d+$")


def _strip_amount(text: str) -> tuple[bool, str]:
    """Split an amount into (negative, digits and separators with space groupings written ``_``)."""
    s = text.strip().replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s, currencies = _CURRENCY.subn("", s, count=1)
    s = s.strip()
    if s.startswith(("-", "+")):
        negative, s = negative or s[0] == "-", s[1:].strip()
        if not currencies:
            s = _CURRENCY.sub("", s, count=1).strip()
    return negative, _GROUP_SPACES.sub("_", s)


def _vote(text: str) -> str | None:
    """The decimal separator a single value shows, or None when it shows none or is ambiguous."""
    _neg, s = _strip_amount(text)
    if not _NUMBER_CHARS.match(s):
        return None
    spaced, s = "_" in s, s.replace("_", "")
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        return "." if s.rfind(".") > s.rfind(",") else ","
    if not (has_dot or has_comma):
        return None
    sep = "." if has_dot else ","
    other = "," if sep == "." else "."
    if s.count(sep) > 1:
        return other  # "1,234,567": the separator groups thousands
    if spaced:
        return sep  # "1 234,5": spaces group thousands, so the comma is the decimal separator
    return None if len(s) - s.index(sep) - 1 == 3 else sep  # "1,234" says nothing


def detect_decimal_separator(values: Iterable[Any]) -> str | None:
    """Decide the decimal separator of an amount column from all its values.

    Values that show their separator vote (``1 234,50``, ``1234.5``, ``1,234,567.00``); values such as
    ``1,234`` or ``1.234`` (one separator followed by three digits) and whole numbers do not. Numbers
    read from an XLSX file (not strings) are ignored.

    Args:
        values: The cells of the column.

    Returns:
        ``"."`` or ``","`` (the majority of the votes), or None when the values do not tell (no votes
        or a tie): then :func:`parse_amount_cell` refuses values like ``1,234`` as ambiguous.
    """
    votes = {".": 0, ",": 0}
    for value in values:
        if isinstance(value, str):
            vote = _vote(value)
            if vote:
                votes[vote] += 1
    if votes["."] == votes[","]:
        return None
    return "." if votes["."] > votes[","] else ","


def _grouped(integer_part: str, group: str) -> str | None:
    """Remove ``group`` separators from an integer part if they group by three, else None."""
    if group not in integer_part and "_" not in integer_part:
        return integer_part
    head, *tail = re.split(f"[_{re.escape(group)}]", integer_part)
    if not head or len(head) > 3 or any(len(t) != 3 for t in tail):
        return None
    return head + "".join(tail)


def parse_amount_cell(value: Any, decimal: str | None) -> Decimal | None:
    """Parse an amount in euros: ``1234.5``, ``1 234,50``, ``1 234,50 €``, ``-1 234,50``, ``(1 234,50)``.

    Spaces (also no-break U+00A0 and narrow no-break U+202F) group thousands; ``€``/``EUR`` may come
    before or after; the other separator than ``decimal`` may group thousands by three.

    Args:
        value: The cell value (numbers from an XLSX file are taken as they are).
        decimal: The column's decimal separator from :func:`detect_decimal_separator`, or None when
            undecided (a value with one separator followed by three digits is then ambiguous).

    Returns:
        The amount (negative for credit notes), or None for an empty cell.

    Raises:
        CellError: When the value is unreadable or ambiguous.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_('"{value}" is not an amount', value=value))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise CellError(_('"{value}" is not an amount', value=value))
        return amount
    text = _text(value)
    negative, s = _strip_amount(text)
    unreadable = CellError(_('"{value}" is not an amount (expected e.g. 1234.50 or 1 234,50 €)', value=text))
    if not _NUMBER_CHARS.match(s):
        raise unreadable
    if decimal is None:
        decimal = _vote(text)
        if decimal is None and re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
            raise CellError(
                _(
                    '"{value}" is ambiguous: the column does not show whether {sep} separates decimals '
                    "or thousands; write e.g. 1234.00 or 1 234,00",
                    value=text,
                    sep=s[-4],
                )
            )
        decimal = decimal or "."
    group = "," if decimal == "." else "."
    integer_part, _sep, fraction = s.partition(decimal)
    integer = _grouped(integer_part, group) if integer_part else "0"
    if integer is None or not fraction.isdigit() and fraction:
        raise CellError(
            _(
                '"{value}" does not fit the column\'s decimal separator ({sep}); write e.g. {example}',
                value=text,
                sep=decimal,
                example="1 234,50" if decimal == "," else "1234.50",
            )
        )
    try:
        amount = Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        raise unreadable from None
    return -amount if negative else amount


# --- booleans, quarters ------------------------------------------------------------------------------

_TRUE = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "x"})
_FALSE = frozenset({"no", "n", "non", "false", "faux", "0"})


def parse_bool_cell(value: Any) -> bool:
    """Parse a yes/no cell: yes/no, oui/non, true/false, vrai/faux, 1/0, x/empty.

    Args:
        value: The cell value (an empty cell is False).

    Returns:
        The boolean.

    Raises:
        CellError: For any other value.
    """
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = normalize_header(_text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(
        _('"{value}" is not yes or no (expected yes/no, oui/non, true/false, 1/0 or x/empty)', value=value)
    )


def parse_quarter_cell(value: Any) -> Quarter | None:
    """Parse a quarter cell: ``2026-Q1``, ``2026Q1``, ``T1 2026``, ``Q1 2026``.

    Args:
        value: The cell value.

    Returns:
        The quarter, or None for an empty cell.

    Raises:
        CellError: When the value is not a quarter.
    """
    if is_blank(value):
        return None
    text = _text(value)
    try:
        return parse_quarter(text)
    except ValueError:
        raise CellError(
            _('"{value}" is not a quarter (expected e.g. 2026-Q1, 2026Q1, T1 2026 or Q1 2026)', value=text)
        ) from None


# --- identifiers, postcodes --------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_COMPACT_IDENTIFIERS = frozenset({"siren", "siret", "vat"})


def parse_identifier_cell(value: Any, column: str) -> str | None:
    """Parse an identifier cell (SIREN, SIRET, VAT number, external id).

    SIREN, SIRET and VAT numbers lose their spaces (``732 829 320`` → ``732829320``); other identifiers
    are only trimmed. A whole number from an XLSX cell is taken as its digits.

    Args:
        value: The cell value.
        column: The field (``"siren"``, ``"siret"``, ``"vat"``, ``"external_id"``…).

    Returns:
        The identifier, or None for an empty cell.

    Raises:
        CellError: When the spreadsheet turned the identifier into a number with decimals or into
            scientific notation (``8,1E+13``): the column must be formatted as text.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_('"{value}" is not an identifier', value=value))
    if isinstance(value, int):
        return str(value)
    text = _text(value)
    if isinstance(value, float | Decimal) or _SCIENTIFIC.match(text):
        raise CellError(
            _(
                '"{value}" was turned into a number by the spreadsheet: the column must be formatted '
                "as text in the spreadsheet",
                value=text,
            )
        )
    return _SPACES.sub("", text) if column in _COMPACT_IDENTIFIERS else text


def fix_postcode(value: Any, country: str | None) -> tuple[str | None, str | None]:
    """Give a French postcode that lost its leading zero (``1000``) its zero back.

    A postcode counts as French when the country is empty or France (``France``, ``FR``, ``FRA``).

    Args:
        value: The postcode cell (a number from an XLSX file is accepted).
        country: The country cell of the same row, or None.

    Returns:
        ``(postcode, warning)``: the postcode as text (None when empty) and a translated warning when
        it was fixed, else None.
    """
    if is_blank(value):
        return None, None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if len(text) == 4 and text.isdigit() and is_france(country):
        fixed = "0" + text
        return fixed, _(
            'postcode "{value}" lost its leading zero; imported as {fixed}', value=text, fixed=fixed
        )
    return text, None


# --- accepted values ---------------------------------------------------------------------------------


def _aliases(table: Mapping[str, str]) -> dict[str, str]:
    """Flatten ``{canonical: "alias|alias|…"}`` into ``{normalised alias: canonical}``."""
    flat: dict[str, str] = {}
    for canonical, aliases in table.items():
        for alias in (canonical, *aliases.split("|")):
            flat[normalize_header(alias)] = canonical
    return flat


#: Partner types: normalised alias → canonical id (French names and Salesforce Account types too).
PARTNER_TYPES: dict[str, str] = _aliases(
    {
        "reseller": "revendeur|VAR|value added reseller|Channel Partner / Reseller|partenaire revendeur",
        "distributor": "grossiste|distributeur|wholesaler|distribution",
        "integrator": "intégrateur|ESN|SSII|Installation Partner|system integrator|intégrateur de systèmes",
        "consultancy": "cabinet de conseil|conseil|consulting|consultant|consulting partner",
        "isv": "éditeur|éditeur de logiciels|Technology Partner|software vendor|éditeur logiciel",
        "msp": "infogéreur|Managed Service Provider|managed services|fournisseur de services managés",
        "alliance": "alliance stratégique|strategic alliance|alliance partner",
        "referral": "apporteur d'affaires|referral partner|apporteur",
    }
)

#: Partnership motions: normalised alias → canonical id.
MOTIONS: dict[str, str] = _aliases(
    {
        "resell": "vente indirecte|revente|resale|indirect",
        "co-sell": "co-vente|co-sell|covente",
        "influence": "apport d'affaires|referral|influence",
        "alliance": "alliance stratégique",
    }
)

#: Partner statuses: normalised alias → canonical id.
STATUSES: dict[str, str] = _aliases(
    {
        "prospect": "prospect",
        "onboarding": "en intégration|onboarding|en cours d'intégration",
        "active": "actif|active",
        "at_risk": "à risque|at risk|en risque",
        "inactive": "inactif|inactive",
    }
)


def map_choice(
    value: Any, mapping: Mapping[str, str], field: str, labels: Mapping[str, str] | None = None
) -> str | None:
    """Map an accepted value (case-, accent-, space- and punctuation-insensitive) to its canonical id.

    Args:
        value: The cell value.
        mapping: One of :data:`PARTNER_TYPES`, :data:`MOTIONS`, :data:`STATUSES` (or any
            ``{normalised alias: canonical id}`` table).
        field: The field's name (English msgid), used in the error message (e.g. ``"type"``).
        labels: ``{canonical id: display label}`` (English msgids, e.g. ``TYPE_LABELS``): each
            label is accepted in English and French, and in French the error lists the labels
            instead of the ids.

    Returns:
        The canonical id, or None for an empty cell.

    Raises:
        CellError: When the value maps to none; the message lists the accepted values.
    """
    if is_blank(value):
        return None
    text = _text(value)
    key = normalize_header(text)
    canonical = mapping.get(key)
    if canonical is None and labels:
        canonical = next(
            (
                cid
                for cid, label in labels.items()
                if key in {normalize_header(translate(label, lang)) for lang in SUPPORTED_LANGUAGES}
            ),
            None,
        )
    if canonical is None:
        ids = dict.fromkeys(mapping.values())
        # English lists the ids (the words of formats.md and of exports); other languages, the labels.
        localized = labels is not None and get_language() != SOURCE_LANGUAGE
        accepted = ", ".join(_(labels[cid]) if localized and cid in labels else cid for cid in ids)  # type: ignore[index]
        raise CellError(
            _(
                'unknown {field} "{value}"; accepted values: {accepted}',
                field=_(field),
                value=text,
                accepted=accepted,
            )
        )
    return canonical
