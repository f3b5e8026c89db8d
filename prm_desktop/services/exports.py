"""Exports of the partner list and of contacts to CSV or XLSX, ready to re-import.

Every export starts with an ``id`` column (the app's own id; contacts also carry ``partner_id``):
imports match on it first, so a user's own export always re-imports onto the same rows
(formats.md §4). Column headers are the English canonical names of the imports, values are what
the importer reads back unchanged: type/status ids, tier id, dates ISO, owner/parent/distributor
names, tags joined with ``", "``, distributors with ``"; "``, yes/no for booleans.

- CSV (default): UTF-8 with BOM, ``,`` delimiter.
- CSV for French Excel (``excel_fr``): ``;`` delimiter, Windows-1252, the import's French headers
  (``Nom``, ``Type de partenaire``…), French labels (``Revendeur``, ``Actif``, ``oui``/``non``),
  dd/mm/yyyy dates and plain numbers with a decimal comma; a character Windows-1252 cannot hold is
  written as ``?`` and named in a warning with its line (the header is line 1).
- XLSX (by the file's suffix): openpyxl in write-only mode; texts are typed strings (never
  formulas), identifiers stay text, dates are dates, numbers are numbers (French headers and labels
  with ``excel_fr``). A control character Excel cannot hold is left out, with a warning.

No export writes a live formula: in CSV, a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
CR (after any apostrophes) gets a leading apostrophe, which the import removes (OWASP CSV injection
guidance); numbers are never changed (credit notes stay negative numbers).

The partner list's own columns (qualified tier, revenue, attainment, next visit, at-risk date) can
be added with ``list_columns``, and the partners come in the list's order (``sort_key``,
``descending``); the import ignores those columns. The revenue header names its currency (the
active program's: ``revenue (USD)``, ``Chiffre d’affaires de la période (EUR)``); its cells stay
plain numbers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _, translate
from prm_desktop.domain.partner_rules import STATUS_LABELS, TYPE_LABELS, split_list
from prm_desktop.services.partner_queries import PartnerFilter, list_currency, partner_ids
from prm_desktop.storage.partners.lookup import (
    contact_export_rows,
    distributor_names,
    partner_export_rows,
    summary_export_values,
)
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "CONTACT_COLUMNS", "FRENCH_HEADERS", "LIST_COLUMNS", "PARTNER_COLUMNS", "ExportResult", "export_contacts",
    "export_partners",
]  # fmt: skip

PARTNER_COLUMNS: tuple[str, ...] = (
    "id", "name", "legal_name", "type", "siren", "siret", "vat", "address", "postal_code", "city", "country",
    "region", "website", "phone", "email", "owner", "tier", "status", "since", "contract_end", "parent",
    "distributor", "tags", "external_id",
)  # fmt: skip
CONTACT_COLUMNS: tuple[str, ...] = (
    "id", "partner_id", "partner", "siren", "name", "role", "email", "phone", "primary", "left_on",
)  # fmt: skip
#: Columns of the partner list an export may add (the import ignores them).
LIST_COLUMNS: tuple[str, ...] = ("qualified_tier", "revenue", "attainment", "next_visit", "at_risk_on")
#: The French header of each column (one of the import's French aliases, formats.md §4).
FRENCH_HEADERS: dict[str, str] = {
    "id": "Identifiant", "partner_id": "ID partenaire", "name": "Nom", "legal_name": "Dénomination",
    "type": "Type de partenaire", "siren": "SIREN", "siret": "SIRET", "vat": "TVA", "address": "Adresse",
    "postal_code": "Code postal", "city": "Ville", "country": "Pays", "region": "Région", "website": "Site web",
    "phone": "Téléphone", "email": "E-mail", "owner": "Responsable partenaire", "tier": "Niveau",
    "status": "Statut", "since": "Date de signature", "contract_end": "Fin de contrat", "parent": "Groupe",
    "distributor": "Grossistes", "tags": "Étiquettes", "external_id": "ID externe", "partner": "Partenaire",
    "role": "Fonction", "primary": "Principal", "left_on": "Date de départ",
    "qualified_tier": "Niveau qualifié", "revenue": "Chiffre d’affaires de la période",
    "attainment": "Atteinte de l’objectif", "next_visit": "Prochaine visite", "at_risk_on": "À risque le",
}  # fmt: skip
_LIST_DATES = frozenset({"next_visit", "at_risk_on"})
CHUNK_SIZE = 500
#: A text a spreadsheet could take for a formula (after any apostrophes already in front).
_FORMULA_LIKE = re.compile("^'*[=+\\-@\t\r]")
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: data rows (header not counted) and warnings (``line N: column: …``)."""

    rows: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Style:
    """How values are written: French labels, headers and dates, or the import's canonical values."""

    french: bool = False
    currency: str | None = None  # of the revenue column

    def header(self, column: str) -> str:
        text = FRENCH_HEADERS.get(column, column) if self.french else column
        return f"{text} ({self.currency})" if column == "revenue" and self.currency else text

    def label(self, column: str, value: Any) -> Any:
        if isinstance(value, bool):
            return ("oui" if value else "non") if self.french else ("yes" if value else "no")
        if not self.french or value is None:
            return value
        labels = {"type": TYPE_LABELS, "status": STATUS_LABELS}.get(column)
        if labels is not None and value in labels:
            return translate(labels[value], "fr")
        return value


def _chunks(ids: list[str]) -> Iterator[str]:
    for start in range(0, len(ids), CHUNK_SIZE):
        yield json.dumps(ids[start : start + CHUNK_SIZE])


def _list_values(session: Session, chunk: str, list_columns: Sequence[str]) -> dict[str, list[Any]]:
    if not list_columns:
        return {}
    found: dict[str, list[Any]] = {}
    for row in summary_export_values(session, chunk, list_columns):
        values = list(row[1:])
        for index, column in enumerate(list_columns):
            if column in _LIST_DATES:
                values[index] = _as_date(values[index])
            elif column == "revenue" and values[index] is not None:
                values[index] = round(float(values[index]), 2)
            elif column == "attainment" and values[index] is not None:
                values[index] = round(float(values[index]), 4)
        found[row[0]] = values
    return found


def _partner_rows(session: Session, ids: list[str], list_columns: Sequence[str] = ()) -> Iterator[list[Any]]:
    for chunk in _chunks(ids):
        distributors: dict[str, list[str]] = {}
        for pid, name in distributor_names(session, chunk):
            distributors.setdefault(pid, []).append(name)
        rows = partner_export_rows(session, chunk)
        by_id = {row[0]: row for row in rows}
        extra = _list_values(session, chunk, list_columns)
        for pid in json.loads(chunk):
            row = by_id.get(pid)
            if row is None:
                continue
            values = list(row)
            values[18:20] = [_as_date(values[18]), _as_date(values[19])]
            values[21] = ", ".join(split_list(values[21]))
            values.insert(21, "; ".join(distributors.get(pid, [])))
            if list_columns:
                values.extend(extra.get(pid) or [None] * len(list_columns))
            yield values


def _contact_rows(session: Session, ids: list[str], _list_columns: Sequence[str] = ()) -> Iterator[list[Any]]:
    for chunk in _chunks(ids):
        rows = contact_export_rows(session, chunk)
        grouped: dict[str, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        for pid in json.loads(chunk):
            for row in grouped.get(pid, []):
                yield [row[9], row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), _as_date(row[8])]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _csv_text(value: Any, excel_fr: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y") if excel_fr else value.isoformat()
    if isinstance(value, float | int):
        number = repr(float(value)) if not float(value).is_integer() else str(int(value))
        return number.replace(".", ",") if excel_fr else number
    text_value = str(value)
    return "'" + text_value if _FORMULA_LIKE.match(text_value) else text_value


def _cp1252_safe(value: str, line: int, column: str, warnings: list[str]) -> str:
    try:
        value.encode("cp1252")
        return value
    except UnicodeEncodeError:
        pass
    out = []
    for char in value:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            out.append("?")
            warnings.append(
                _(
                    'line {line}: {column}: character "{char}" (U+{code:04X}) cannot be written in '
                    "Windows-1252; written as ?",
                    line=line,
                    column=column,
                    char=char,
                    code=ord(char),
                )
            )
    return "".join(out)


def _write_csv(path: Path, columns: Sequence[str], rows: Iterator[list[Any]], excel_fr: bool,
               currency: str | None = None) -> ExportResult:  # fmt: skip
    warnings: list[str] = []
    count = 0
    encoding = "cp1252" if excel_fr else "utf-8-sig"
    style = _Style(excel_fr, currency)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if excel_fr else ",")
        writer.writerow([style.header(c) for c in columns])
        for count, row in enumerate(rows, start=1):
            cells = [_csv_text(style.label(c, v), excel_fr) for c, v in zip(columns, row, strict=True)]
            if excel_fr:
                cells = [_cp1252_safe(c, count + 1, style.header(col), warnings)
                         for c, col in zip(cells, columns, strict=True)]
            writer.writerow(cells)
    return ExportResult(count, tuple(warnings))


def _xlsx_cell(sheet: Any, value: Any, line: int, column: str, warnings: list[str]) -> Any:
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 (openpyxl is imported lazily)

    if not isinstance(value, str):
        return value
    if _XLSX_ILLEGAL.search(value):
        warnings.append(_("line {line}: {column}: control characters cannot be written in Excel; left out",
                          line=line, column=column))
        value = _XLSX_ILLEGAL.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # a typed string, never a formula
    return cell


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterator[list[Any]], title: str,
                excel_fr: bool, currency: str | None = None) -> ExportResult:  # fmt: skip
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    style = _Style(excel_fr, currency)
    warnings: list[str] = []
    sheet.append([_xlsx_cell(sheet, style.header(c), 1, c, warnings) for c in columns])
    count = 0
    for row in rows:
        count += 1
        sheet.append([_xlsx_cell(sheet, style.label(c, v), count + 1, c, warnings)
                      for c, v in zip(columns, row, strict=True)])
    workbook.save(path)
    return ExportResult(count, tuple(warnings))


def _export(
    uow: UnitOfWorkFactory,
    ids: list[str],
    path: str | Path,
    excel_fr: bool,
    columns: Sequence[str],
    make_rows: Callable[[Session, list[str]], Iterator[list[Any]]],
    title: str,
    currency: str | None = None,
) -> ExportResult:
    path = Path(path)
    with uow.read() as session:
        rows = make_rows(session, ids)
        if path.suffix.lower() == ".xlsx":
            return _write_xlsx(path, columns, rows, title, excel_fr, currency)
        return _write_csv(path, columns, rows, excel_fr, currency)


def export_partners(
    uow: UnitOfWorkFactory, flt: PartnerFilter, path: str | Path, excel_fr: bool = False,
    sort_key: str = "name", descending: bool = False, list_columns: Sequence[str] = (),
) -> ExportResult:
    """Write the partners the filter keeps, in the list's order, to a CSV or XLSX file.

    Args:
        uow: Unit-of-work factory.
        flt: Which partners (the list's filter; ``deleted`` exports the deleted ones).
        path: ``.xlsx`` for Excel, anything else for CSV.
        excel_fr: French headers, labels and dates; for CSV also ``;`` and Windows-1252.
        sort_key: The list's sort column (one of ``partner_queries.SORT_KEYS``).
        descending: The list's sort direction.
        list_columns: Columns of the list to add at the end (some of :data:`LIST_COLUMNS`).

    Returns:
        Rows written and warnings (characters replaced in Windows-1252 or left out in Excel).

    Raises:
        ValueError: For an unknown list column or sort key.
    """
    unknown = [c for c in list_columns if c not in LIST_COLUMNS]
    if unknown:
        raise ValueError(_("unknown list column {column}; accepted: {accepted}", column=unknown[0],
                           accepted=", ".join(LIST_COLUMNS)))
    columns = (*PARTNER_COLUMNS, *list_columns)
    ids = partner_ids(uow, flt, sort_key, descending)
    currency = list_currency(uow) if "revenue" in list_columns else None
    return _export(uow, ids, path, excel_fr, columns,
                   lambda session, chunk: _partner_rows(session, chunk, list_columns), "partners", currency)


def export_contacts(
    uow: UnitOfWorkFactory, flt: PartnerFilter, path: str | Path, excel_fr: bool = False,
    sort_key: str = "name", descending: bool = False,
) -> ExportResult:
    """Write the live contacts of the partners the filter keeps to a CSV or XLSX file.

    Contacts come partner by partner (in the list's order), primary first. Arguments and result as
    for :func:`export_partners`.
    """
    ids = partner_ids(uow, flt, sort_key, descending)
    return _export(uow, ids, path, excel_fr, CONTACT_COLUMNS, _contact_rows, "contacts")
