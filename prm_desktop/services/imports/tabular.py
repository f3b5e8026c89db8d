"""Read a spreadsheet (CSV/TSV/TXT or XLSX) into a plain :class:`Table` (formats.md §4).

CSV files: UTF-8 with or without BOM (also UTF-16 with BOM, Excel's "Unicode text"), else
Windows-1252; delimiter ``;``, ``,`` or tab, decided by counting them on the header line outside
quotes; any line ending. XLSX files: first sheet, read-only; real date cells stay dates, numbers stay
numbers. Cells are stripped strings (or the XLSX value); empty cells are None; fully empty rows are
skipped and every row keeps its spreadsheet line number (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from prm_desktop.domain.i18n import _

__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "Table",
    "TableError",
    "TableRow",
    "read_table",
    "read_table_bytes",
]

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_DELIMITERS = (";", "\t", ",")  # order breaks ties


class TableError(ValueError):
    """The file cannot be read as a table; the message is translated and meant for the user."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row: its spreadsheet line number and its cell values (None for empty cells)."""

    line: int
    values: list[Any]


@dataclass(slots=True)
class Table:
    """A spreadsheet read into memory.

    Attributes:
        headers: Header cells as written in the file (stripped; ``""`` for an empty header cell).
        rows: The non-empty data rows, each with at least ``len(headers)`` values.
        encoding: ``"utf-8-sig"``, ``"utf-8"``, ``"utf-16"``, ``"cp1252"`` or ``"xlsx"``.
        delimiter: The CSV delimiter, or None for XLSX files.
        header_line: The header's line number: 1, unless an XLSX sheet starts with empty rows.
    """

    headers: list[str]
    rows: list[TableRow] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str | None = None
    header_line: int = 1

    def column(self, index: int) -> list[Any]:
        """Return the values of column ``index`` over all rows."""
        return [row.values[index] if index < len(row.values) else None for row in self.rows]


def read_table(path: str | Path) -> Table:
    """Read a ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.

    Args:
        path: The file.

    Returns:
        The table.

    Raises:
        TableError: When the file type is not supported or the file cannot be read as a table.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(_("cannot read {path}: {error}", path=str(path), error=exc.strerror or exc)) from exc
    return read_table_bytes(data, path.name)


def read_table_bytes(data: bytes, filename: str) -> Table:
    """Read a table from the bytes of a file; ``filename``'s extension says which format.

    Args:
        data: The file's content.
        filename: The file's name (only its suffix is used).

    Returns:
        The table.

    Raises:
        TableError: When the file type is not supported or the file cannot be read as a table.
    """
    suffix = Path(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(data)
    if suffix == ".xls":
        raise TableError(_("old Excel .xls files are not supported: save the file as .xlsx or .csv"))
    if suffix in CSV_SUFFIXES or not suffix:
        return _read_csv(data)
    raise TableError(_("unsupported file type {suffix}: use .csv or .xlsx", suffix=suffix))


# --- CSV ---------------------------------------------------------------------------------------------


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    Returns:
        ``(text, encoding)``.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five bytes undefined; Latin-1 maps them to control characters.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "cp1252"


def detect_delimiter(text: str) -> str:
    """Pick the delimiter (``;``, tab or ``,``) that occurs most on the first line outside quotes.

    Ties go to ``;``, then tab, then ``,``; a single-column file gives ``,``.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes  # a doubled quote toggles twice: no change
        elif in_quotes:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else ","


def _clean(value: str) -> str | None:
    value = value.strip()
    return value or None


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise TableError(_("the file is empty"))
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_cells = next(reader)
    except csv.Error as exc:
        raise TableError(_("line 1: cannot read the header: {error}", error=exc)) from exc
    headers = [cell.strip() for cell in header_cells]
    width = len(headers)
    rows: list[TableRow] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            values = [_clean(cell) for cell in cells]
            if not any(v is not None for v in values):
                continue
            if len(values) < width:
                values.extend([None] * (width - len(values)))
            rows.append(TableRow(line, values))
    except csv.Error as exc:
        raise TableError(_("line {line}: cannot read the row: {error}", line=start, error=exc)) from exc
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


# --- XLSX --------------------------------------------------------------------------------------------


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date()
    return value


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: slow to import, needed only for XLSX

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("cannot read the Excel workbook: {error}", error=exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the stored dimensions: read what is there
        headers: list[str] | None = None
        header_line = 1
        rows: list[TableRow] = []
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_xlsx_value(v) for v in cells]
            if not any(v is not None for v in values):
                continue
            if headers is None:
                headers = ["" if v is None else str(v).strip() for v in values]
                header_line = line
                while headers and not headers[-1]:
                    headers.pop()
                continue
            if len(values) < len(headers):
                values.extend([None] * (len(headers) - len(values)))
            rows.append(TableRow(line, values))
    finally:
        workbook.close()
    if headers is None:
        raise TableError(_("the file is empty"))
    return Table(headers=headers, rows=rows, encoding="xlsx", delimiter=None, header_line=header_line)
