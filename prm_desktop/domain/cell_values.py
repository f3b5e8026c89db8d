"""Pure parsers for spreadsheet cell values that only imports have (formats.md §4).

Identifiers damaged by spreadsheets, postcodes that lost their leading zero, and the accepted values of
types, motions and statuses. Dates, amounts, yes/no and quarters are read by the parsers every face
of the app shares, in :mod:`prm_desktop.domain.parsing`.

Each parser takes what a CSV (a ``str``) or an XLSX reader (``str``, ``int``, ``float``, ``bool``,
``date``, ``datetime``) gives for a cell, with ``None`` or ``""`` for an empty cell, and either returns
the value or raises :class:`CellError` with a translatable message naming what was expected. The
import code adds the line and the column: ``line 4: Montant: …``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from prm_desktop.domain.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, _, get_language, translate
from prm_desktop.domain.normalize import normalize_header
from prm_desktop.domain.validation import is_france

__all__ = [
    "MOTIONS",
    "PARTNER_TYPES",
    "STATUSES",
    "CellError",
    "fix_postcode",
    "is_blank",
    "map_choice",
    "parse_identifier_cell",
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
