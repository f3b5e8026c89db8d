"""Turn a :class:`Table` and a :class:`ColumnMapping` into parsed records (formats.md §4).

No database here: values are parsed and checked one by one, and references to other things (the
partner of a contact, a tier, an owner, a certification code, a competency) stay as written for the
import service to resolve. Every problem is reported as ``line N: column: message`` with the header
as written in the file; the header's own problems (unknown, duplicate or missing columns) are on the
header's line.

Records hold ``"_line"`` and one key per mapped column, so a column absent from the file leaves the
field untouched on update; an empty cell gives None (False for yes/no fields, ``[]`` for tags).
Rows with an error give no record.

Whatever the column, an Excel error value (``#N/A``, ``#DIV/0!``…), a text holding a control
character (NUL, U+0001…U+001F but tab and line breaks, U+007F…U+009F), a text longer than the field
allows (the editor's limits; at most :data:`MAX_TEXT_LENGTH` characters anywhere, Excel's cell limit)
and an amount that is not finite or over :data:`MAX_AMOUNT` are row errors. A partner, contact or
stakeholder that could be found again only by a name without letters or digits ("---") is a row
error: a later import could not match it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prm_desktop.domain.cell_values import (
    MOTIONS,
    PARTNER_TYPES,
    STATUSES,
    CellError,
    fix_postcode,
    is_blank,
    map_choice,
    parse_identifier_cell,
)
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.normalize import normalize_partner_name, normalize_text
from prm_desktop.domain.parsing import (
    detect_decimal_separator,
    parse_amount,
    parse_bool,
    parse_date,
    parse_quarter,
)
from prm_desktop.domain.partner_rules import MAX_LENGTHS, MOTION_LABELS, STATUS_LABELS, TYPE_LABELS
from prm_desktop.domain.program_calendar import parse_fiscal_label
from prm_desktop.domain.validation import (
    ValidationError,
    validate_email,
    validate_phone,
    validate_postcode,
    validate_siren,
    validate_siret,
    validate_url,
    validate_vat_fr,
)
from prm_desktop.services.imports.columns import REQUIRED, SPECS, ColumnMapping
from prm_desktop.services.imports.plan_currency import parse_currency
from prm_desktop.services.imports.tabular import Table

__all__ = ["MAX_AMOUNT", "MAX_TEXT_LENGTH", "ParseResult", "RowIssue", "parse_rows"]

#: The longest text a cell may hold (Excel's limit: a longer text could not be exported).
MAX_TEXT_LENGTH = 32_767
#: The largest amount (in absolute value) an import accepts.
MAX_AMOUNT = 10**12
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
#: What Excel shows (and writes to CSV, or stores in XLSX) for a formula that failed.
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!",
                           "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Text limits per kind and field (the editor's), over the general :data:`MAX_TEXT_LENGTH`.
_LIMITS: dict[str, dict[str, int]] = {
    "partners": {k: v for k, v in MAX_LENGTHS.items() if k != "tags"},
    "contacts": {"name": 200, "role": MAX_LENGTHS["role"]},
}


@dataclass(frozen=True, slots=True)
class RowIssue:
    """An error or warning about one cell: ``str()`` gives ``line N: column: message``."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line {line}: {column}: {text}", line=self.line, column=self.column, text=self.message)


@dataclass
class ParseResult:
    """Parsed records (rows without errors), errors and warnings, in file order."""

    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file has no error (then it may be written)."""
        return not self.errors


class _Row:
    """What a converter may need besides its own cell: the row's country, and a place for warnings."""

    __slots__ = ("country", "warnings")

    def __init__(self, country: str | None) -> None:
        self.country = country
        self.warnings: list[str] = []


Converter = Callable[[Any, _Row], Any]


def _text(value: Any, _row: _Row | None = None) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


_TAG_SEPARATORS = re.compile(r"[,;|]")


def _tags(value: Any, _row: _Row) -> list[str]:
    text = _text(value)
    if not text:
        return []
    return list(dict.fromkeys(tag.strip() for tag in _TAG_SEPARATORS.split(text) if tag.strip()))


def _postcode(value: Any, row: _Row) -> str | None:
    fixed, warning = fix_postcode(value, row.country)
    if warning:
        row.warnings.append(warning)
    return validate_postcode(fixed, row.country)


def _identifier(name: str, validator: Callable[..., str | None] | None = None) -> Converter:
    def convert(value: Any, _row: _Row) -> str | None:
        text = parse_identifier_cell(value, name)
        return validator(text) if validator else text

    return convert


def _amount(decimal: str | None) -> Converter:
    def convert(value: Any, _row: _Row) -> Any:
        amount = parse_amount(value, decimal)
        if amount is not None and (not math.isfinite(amount) or abs(amount) > MAX_AMOUNT):
            raise CellError(_('"{value}" is not a plausible amount (at most {limit} in absolute value)',
                              value=str(value)[:40], limit=f"{MAX_AMOUNT:,}".replace(",", " ")))
        return amount

    return convert



def _choice(table: dict[str, str], name: str, labels: dict[str, str]) -> Converter:
    return lambda value, _row: map_choice(value, table, name, labels)


def _quarter(value: Any) -> Any:
    """A quarter (``2026-Q1``, ``T1 2026``…), or a fiscal-year label (``FY27 Q1``) the plan reads later."""
    try:
        return parse_quarter(value)
    except ValidationError:
        label = parse_fiscal_label(str(value))
        if label is None:
            raise
        return label


_CONVERTERS: dict[str, Converter] = {
    "siren": _identifier("siren", validate_siren),
    "siret": _identifier("siret", validate_siret),
    "vat": _identifier("vat", validate_vat_fr),
    "external_id": _identifier("external_id"),
    "type": _choice(PARTNER_TYPES, N_("type"), TYPE_LABELS),
    "status": _choice(STATUSES, N_("status"), STATUS_LABELS),
    "motion": _choice(MOTIONS, N_("motion"), MOTION_LABELS),
    "postal_code": _postcode,
    "website": lambda value, _row: validate_url(value),
    "email": lambda value, _row: validate_email(value),
    "phone": lambda value, row: validate_phone(value, row.country),
    "tags": _tags,
    "since": lambda value, _row: parse_date(value),
    "contract_end": lambda value, _row: parse_date(value),
    "last_visit": lambda value, _row: parse_date(value),
    "left_on": lambda value, _row: parse_date(value),
    "obtained": lambda value, _row: parse_date(value),
    "expires": lambda value, _row: parse_date(value),
    "date": lambda value, _row: parse_date(value),
    "primary": lambda value, _row: parse_bool(value),
    "validated": lambda value, _row: parse_bool(value),
    "quarter": lambda value, _row: _quarter(value),
    "currency": lambda value, _row: parse_currency(value),
    "valid_from": lambda value, _row: parse_date(value),
    "valid_until": lambda value, _row: parse_date(value),
}


_EMPTY: dict[str, Any] = {"primary": False, "validated": False}
_MEMO_LIMIT = 5000  # distinct values remembered per column (types, statuses, owners, dates repeat)
_COUNTRY_DEPENDENT = frozenset({"postal_code", "phone"})


class _Column:
    """One mapped column: its converter and a bounded memo of the values already parsed."""

    __slots__ = ("index", "name", "header", "convert", "memo", "limit")

    def __init__(self, index: int, name: str, header: str, table: Table, kind: str) -> None:
        self.index, self.name, self.header = index, name, header
        self.limit = _LIMITS.get(kind, {}).get(name, MAX_TEXT_LENGTH)
        if name in ("amount", "value"):
            self.convert = _amount(detect_decimal_separator(table.column(index)))
        else:
            self.convert = _CONVERTERS.get(name, _text)
        self.memo: dict[Any, tuple[Any, tuple[str, ...], str | None]] | None = {} if name != "tags" else None

    def parse(self, value: Any, country: str | None) -> tuple[Any, tuple[str, ...], str | None]:
        """Return ``(value, warnings, error message or None)`` for a non-empty cell."""
        key = (value, country) if self.name in _COUNTRY_DEPENDENT else value
        memo = self.memo
        if memo is not None:
            hit = memo.get(key)
            if hit is not None:
                return hit
        context = _Row(country)
        try:
            if isinstance(value, str):
                _check_text(value, self.limit)
            outcome = (self.convert(value, context), tuple(context.warnings), None)
        except (CellError, ValidationError) as exc:
            outcome = (None, tuple(context.warnings), exc.message)
        if memo is not None and len(memo) < _MEMO_LIMIT:
            memo[key] = outcome
        return outcome


def _check_text(value: str, limit: int) -> None:
    if value.startswith("#") and value.upper() in _EXCEL_ERRORS:
        raise CellError(_("the cell holds the Excel error {error}: correct the formula in the spreadsheet",
                          error=value))
    control = _CONTROL.search(value)
    if control:
        raise CellError(_("the text holds the control character U+{code:04X}, which is not allowed",
                          code=ord(control.group())))
    if len(value) > limit:
        raise CellError(_("the text has {length} characters; at most {limit} are allowed",
                          length=len(value), limit=limit))


def _unmatchable(kind: str, record: dict[str, Any]) -> bool:
    """Whether a later import could not find this row's partner or person again."""
    name = record.get("name")
    if not name or _ASCII_ALNUM.search(name):
        return False  # an ASCII letter or digit always survives normalisation (the common case, fast)
    if kind == "partners":
        return not any(record.get(k) for k in ("id", "external_id", "siren")) and not normalize_partner_name(name)
    if kind in ("contacts", "stakeholders"):
        return not record.get("id") and not record.get("email") and not normalize_text(name)
    return False


def _header_issues(mapping: ColumnMapping, header_line: int, result: ParseResult) -> None:
    for header in mapping.unknown:
        result.warnings.append(RowIssue(header_line, header, _("unknown column, ignored")))
    for header in mapping.duplicates:
        result.warnings.append(
            RowIssue(header_line, header, _("the same field appears twice; column ignored"))
        )
    spec = SPECS[mapping.kind]
    for name in mapping.missing_required:
        group = next(g for g in REQUIRED[mapping.kind] if g[0] == name)
        headers = ", ".join(dict.fromkeys(alias for f in group if f != "partner_id" for alias in spec[f][:2]))
        result.errors.append(
            RowIssue(header_line, name, _("required column is missing (e.g. {headers})", headers=headers))
        )


def _required_issue(group: tuple[str, ...]) -> str:
    if group[0] == "partner":
        return _("the partner is missing: give its name, SIREN or external id")
    return _("a value is required")


def _finish(
    kind: str, record: dict[str, Any], mapping: ColumnMapping, line: int, errors: list[RowIssue]
) -> None:
    """Cross-field rules and required values of one record."""
    if kind in ("partners",) and not record.get("name") and record.get("legal_name"):
        record["name"] = record["legal_name"]  # "raison sociale" alone gives name and legal name
    if kind in ("contacts", "stakeholders") and "first_name" in record:
        first = record.pop("first_name")
        if first:
            record["name"] = f"{first} {record['name']}" if record.get("name") else first
    if kind == "certifications":
        obtained, expires = record.get("obtained"), record.get("expires")
        if obtained and expires and expires < obtained:
            errors.append(
                RowIssue(line, mapping.header_of("expires") or "expires", _("expires before obtained"))
            )
    if kind == "facts" and record.get("valid_from") and record.get("valid_until") \
            and record["valid_until"] < record["valid_from"]:
        errors.append(RowIssue(line, mapping.header_of("valid_until") or "valid_until",
                               _("the end of validity is before its start")))
    if kind == "targets" and record.get("amount") is not None and record["amount"] < 0:
        errors.append(
            RowIssue(line, mapping.header_of("amount") or "amount", _("a target cannot be negative"))
        )
    if _unmatchable(kind, record):
        errors.append(RowIssue(line, mapping.header_of("name") or "name",
                               _('the name "{name}" has no letter or digit, so a later import could not find it '
                                 "again: write a name with letters or digits", name=record["name"])))
    mapped = mapping.field_by_index.values()
    for group in REQUIRED[kind]:
        if any(f in mapped and f not in record for f in group):
            continue  # a cell of the group already has an error
        present = [f for f in group if f in record]
        if present and all(record[f] in (None, "") for f in present):
            header = mapping.header_of(present[0]) or present[0]
            errors.append(RowIssue(line, header, _required_issue(group)))


def parse_rows(kind: str, table: Table, mapping: ColumnMapping) -> ParseResult:
    """Parse every row of ``table`` for an import kind.

    Args:
        kind: One of the import kinds (``partners``, ``contacts``, ``certifications``, ``references``,
            ``revenue``, ``targets``, ``stakeholders``).
        table: The file read by :func:`~prm_desktop.services.imports.tabular.read_table`.
        mapping: The columns, from :func:`~prm_desktop.services.imports.columns.match_columns`,
            possibly corrected by the user.

    Returns:
        The records of the rows without errors (each with ``"_line"``), the errors and the warnings.
        A missing required column is an error on the header line and no row is parsed.

    Raises:
        ValueError: When ``mapping`` was made for another kind.
    """
    if mapping.kind != kind:
        raise ValueError(f"the column mapping is for {mapping.kind}, not {kind}")
    result = ParseResult()
    _header_issues(mapping, table.header_line, result)
    if result.errors:
        return result

    columns = [
        _Column(index, name, mapping.headers[index], table, kind)
        for index, name in sorted(mapping.field_by_index.items())
    ]
    country_index = mapping.index_of("country") if kind == "partners" else None

    for row in table.rows:
        values = row.values
        country = _text(values[country_index]) if country_index is not None else None
        record: dict[str, Any] = {"_line": row.line}
        errors: list[RowIssue] = []
        for column in columns:
            value = values[column.index]
            if value is None:
                record[column.name] = [] if column.name == "tags" else _EMPTY.get(column.name)
                continue
            parsed, warnings, error = column.parse(value, country)
            if error is not None:
                errors.append(RowIssue(row.line, column.header, error))
            else:
                record[column.name] = parsed
            for warning in warnings:
                result.warnings.append(RowIssue(row.line, column.header, warning))
        _finish(kind, record, mapping, row.line, errors)
        if errors:
            result.errors.extend(errors)
        else:
            result.records.append(record)
    return result
