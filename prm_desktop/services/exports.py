"""Exports of the partner list and of contacts to CSV or XLSX, ready to re-import.

Column headers are the English canonical names of the imports (formats.md §4), values are what the
importer reads back unchanged: type/status ids, tier id, dates ISO, owner/parent/distributor names,
tags joined with ``", "``, distributors with ``"; "``, yes/no for booleans.

- CSV (default): UTF-8 with BOM, ``,`` delimiter.
- CSV for French Excel (``excel_fr``): ``;`` delimiter, Windows-1252, plain numbers with a decimal
  comma; a character Windows-1252 cannot hold is written as ``?`` and named in a warning with its
  line (the header is line 1).
- XLSX (by the file's suffix): openpyxl in write-only mode; identifiers stay text, dates are dates.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import split_list
from prm_desktop.services.partner_queries import PartnerFilter, partner_ids
from prm_desktop.storage.partners.lookup import contact_export_rows, distributor_names, partner_export_rows
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["CONTACT_COLUMNS", "PARTNER_COLUMNS", "ExportResult", "export_contacts", "export_partners"]

PARTNER_COLUMNS: tuple[str, ...] = (
    "name", "legal_name", "type", "siren", "siret", "vat", "address", "postal_code", "city", "country",
    "region", "website", "phone", "email", "owner", "tier", "status", "since", "contract_end", "parent",
    "distributor", "tags", "external_id",
)  # fmt: skip
CONTACT_COLUMNS: tuple[str, ...] = ("partner", "siren", "name", "role", "email", "phone", "primary", "left_on")
CHUNK_SIZE = 500


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: data rows (header not counted) and warnings (``line N: column: …``)."""

    rows: int
    warnings: tuple[str, ...] = ()


def _chunks(ids: list[str]) -> Iterator[str]:
    for start in range(0, len(ids), CHUNK_SIZE):
        yield json.dumps(ids[start : start + CHUNK_SIZE])


def _partner_rows(session: Session, ids: list[str]) -> Iterator[list[Any]]:
    for chunk in _chunks(ids):
        distributors: dict[str, list[str]] = {}
        for pid, name in distributor_names(session, chunk):
            distributors.setdefault(pid, []).append(name)
        rows = partner_export_rows(session, chunk)
        by_id = {row[0]: row for row in rows}
        for pid in json.loads(chunk):
            row = by_id.get(pid)
            if row is None:
                continue
            values = list(row[1:])
            values[17:19] = [_as_date(values[17]), _as_date(values[18])]
            values[20] = ", ".join(split_list(values[20]))
            values.insert(20, "; ".join(distributors.get(pid, [])))
            yield values


def _contact_rows(session: Session, ids: list[str]) -> Iterator[list[Any]]:
    for chunk in _chunks(ids):
        rows = contact_export_rows(session, chunk)
        grouped: dict[str, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        for pid in json.loads(chunk):
            for row in grouped.get(pid, []):
                yield [row[1], row[2], row[3], row[4], row[5], row[6], "yes" if row[7] else "no", _as_date(row[8])]


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
        return value.isoformat()
    if isinstance(value, float):
        number = repr(value) if not value.is_integer() else str(int(value))
        return number.replace(".", ",") if excel_fr else number
    return str(value)


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


def _write_csv(path: Path, columns: Sequence[str], rows: Iterator[list[Any]], excel_fr: bool) -> ExportResult:
    warnings: list[str] = []
    count = 0
    encoding = "cp1252" if excel_fr else "utf-8-sig"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if excel_fr else ",")
        writer.writerow(columns)
        for count, row in enumerate(rows, start=1):
            cells = [_csv_text(v, excel_fr) for v in row]
            if excel_fr:
                cells = [_cp1252_safe(c, count + 1, col, warnings) for c, col in zip(cells, columns, strict=True)]
            writer.writerow(cells)
    return ExportResult(count, tuple(warnings))


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterator[list[Any]], title: str) -> ExportResult:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
    workbook.save(path)
    return ExportResult(count)


def _export(
    uow: UnitOfWorkFactory,
    flt: PartnerFilter,
    path: str | Path,
    excel_fr: bool,
    columns: Sequence[str],
    make_rows: Callable[[Session, list[str]], Iterator[list[Any]]],
    title: str,
) -> ExportResult:
    path = Path(path)
    ids = partner_ids(uow, flt)
    with uow.read() as session:
        rows = make_rows(session, ids)
        if path.suffix.lower() == ".xlsx":
            return _write_xlsx(path, columns, rows, title)
        return _write_csv(path, columns, rows, excel_fr)


def export_partners(
    uow: UnitOfWorkFactory, flt: PartnerFilter, path: str | Path, excel_fr: bool = False
) -> ExportResult:
    """Write the partners the filter keeps (in name order) to a CSV or XLSX file.

    Args:
        uow: Unit-of-work factory.
        flt: Which partners (the list's filter; ``deleted`` exports the deleted ones).
        path: ``.xlsx`` for Excel, anything else for CSV.
        excel_fr: CSV for French Excel (``;``, Windows-1252); ignored for XLSX.

    Returns:
        Rows written and warnings (characters replaced in Windows-1252).
    """
    return _export(uow, flt, path, excel_fr, PARTNER_COLUMNS, _partner_rows, "partners")


def export_contacts(
    uow: UnitOfWorkFactory, flt: PartnerFilter, path: str | Path, excel_fr: bool = False
) -> ExportResult:
    """Write the live contacts of the partners the filter keeps to a CSV or XLSX file.

    Contacts come partner by partner (in the partners' name order), primary first. Arguments and
    result as for :func:`export_partners`.
    """
    return _export(uow, flt, path, excel_fr, CONTACT_COLUMNS, _contact_rows, "contacts")
