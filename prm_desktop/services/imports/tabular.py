"""Read a spreadsheet (CSV/TSV/TXT or XLSX) into a plain :class:`Table` (formats.md §4).

CSV files: UTF-8 with or without BOM (also UTF-16 with BOM, Excel's "Unicode text"), else
Windows-1252, decided from the whole file: a file that mixes UTF-8 and other bytes, or holds a byte
its encoding does not define, is refused with the line of the first bad byte. The delimiter (``;``,
``,`` or tab) is the one that occurs most on the header line outside quotes, and every row must agree
with it: a row that holds more values than there are columns, a row written with another delimiter
and a quote that is never closed (or that swallows whole rows) are refused with their line. A leading
apostrophe that an export put before ``=``, ``+``, ``-``, ``@``, a tab or a CR (CSV injection
guard) is removed. XLSX files: see :mod:`~prm_desktop.services.imports.xlsx_table`.

Cells are stripped strings (or the XLSX value); empty cells are None; fully empty rows are skipped
and every row keeps its spreadsheet line number (the header is line 1). Files over
:data:`MAX_FILE_BYTES` or tables over :data:`MAX_CELLS` cells are refused before they are read whole.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prm_desktop.domain.i18n import _

__all__ = [
    "CSV_SUFFIXES",
    "MAX_CELLS",
    "MAX_FILE_BYTES",
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
#: The largest file an import reads (CSV or XLSX as stored).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: The most cells (rows × columns) a table may hold.
MAX_CELLS = 5_000_000
#: The apostrophe an export puts before a text a spreadsheet could take for a formula.
_GUARD = re.compile("^'(?='*[=+\\-@\t\r])")


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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TableError(_too_big(size))
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
    if len(data) > MAX_FILE_BYTES:
        raise TableError(_too_big(len(data)))
    suffix = Path(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        from prm_desktop.services.imports.xlsx_table import read_xlsx  # noqa: PLC0415 (needs this module)

        return read_xlsx(data)
    if suffix == ".xls":
        raise TableError(_("old Excel .xls files are not supported: save the file as .xlsx or .csv"))
    if suffix in CSV_SUFFIXES or not suffix:
        return _read_csv(data)
    raise TableError(_("unsupported file type {suffix}: use .csv or .xlsx", suffix=suffix))


def _too_big(size: int) -> str:
    return _("the file is {size} MB; imports read files of at most {limit} MB",
             size=round(size / 1_048_576), limit=MAX_FILE_BYTES // 1_048_576)


def too_many_cells(rows: int, columns: int) -> str:
    """The message for a table over :data:`MAX_CELLS` cells."""
    return _("the sheet holds {rows} rows × {columns} columns; imports read at most {limit} cells "
             "(split the file)", rows=rows, columns=columns, limit=MAX_CELLS)


# --- CSV ---------------------------------------------------------------------------------------------

# A well-formed multi-byte UTF-8 sequence (no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_ASCII = bytes(range(128))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252, judged on the whole file.

    Returns:
        ``(text, encoding)``.

    Raises:
        TableError: When a byte does not belong to the file's encoding (a UTF-8 file with one
            Windows-1252 byte, a BOM over Windows-1252 text, a byte Windows-1252 leaves undefined),
            naming its line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise TableError(_("the file starts as UTF-16 but is not UTF-16 throughout: {error}",
                               error=exc.reason)) from exc
    if data.count(b"\x00") * 4 > len(data):
        raise TableError(_("the file is not text (or is UTF-16 without a byte order mark): save it as CSV UTF-8"))
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start + (3 if bom else 0)
        byte = data[bad]
        line = _line_of(data, bad)
        if bom:
            raise TableError(_("line {line}: byte 0x{byte:02X} is not UTF-8 while the file starts with a "
                               "UTF-8 byte order mark: save the file again as UTF-8",
                               line=line, byte=byte)) from exc
        sequences = _UTF8_SEQUENCE.findall(body)
        if sequences:
            others = len(body.translate(None, _ASCII)) - sum(len(s) for s in sequences)  # non-ASCII bytes left
            if len(sequences) >= others:
                raise TableError(_("line {line}: byte 0x{byte:02X} is not UTF-8 while the rest of the file is "
                                   "UTF-8: the file mixes two encodings; save it again as UTF-8",
                                   line=line, byte=byte)) from exc
            first = next(_UTF8_SEQUENCE.finditer(body))
            raise TableError(_('line {line}: "{text}" is UTF-8 while the rest of the file is Windows-1252: the '
                               "file mixes two encodings; save it again as UTF-8",
                               line=_line_of(body, first.start()), text=first.group().decode())) from exc
    undefined = _CP1252_UNDEFINED.search(data)
    if undefined:
        raise TableError(_("line {line}: byte 0x{byte:02X} is neither UTF-8 nor Windows-1252: save the "
                           "file again as UTF-8", line=_line_of(data, undefined.start()),
                           byte=data[undefined.start()]))
    return data.decode("cp1252"), "cp1252"


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
    if value.startswith("'"):
        value = _GUARD.sub("", value, count=1).strip()
    return value or None


def _width(cells: list[str]) -> int:
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _check_row(cells: list[str], width: int, delimiter: str, line: int, end: int) -> None:
    """Refuse a row that disagrees with the header: extra values, another delimiter, swallowed rows."""
    filled = _width(cells)
    if filled > width:
        raise TableError(_("line {line}: {count} values for {width} columns: a value holding \"{delimiter}\" "
                           "needs quotes, or the row has a value outside the columns",
                           line=line, count=filled, width=width, delimiter=_shown(delimiter)))
    if width > 1 and len(cells) == 1 and "\n" not in cells[0]:
        for other in _DELIMITERS:
            if other != delimiter and len(next(csv.reader([cells[0]], delimiter=other))) == width:
                raise TableError(_("line {line}: the row is separated by \"{row}\" while the header uses "
                                   "\"{header}\": use one delimiter in the whole file",
                                   line=line, row=_shown(other), header=_shown(delimiter)))
    if width > 1 and end > line:
        for cell in cells:
            inner = cell.split("\n")[1:]
            if any(part.count(delimiter) >= width - 1 for part in inner):
                raise TableError(_("line {line}: a quote opened on this line closes only on line {end}; the "
                                   "rows between are inside one cell: check the quotes",
                                   line=line, end=end))


def _shown(delimiter: str) -> str:
    return _("tab") if delimiter == "\t" else delimiter


def _csv_error(exc: csv.Error, line: int, delimiter: str) -> TableError:
    if "unexpected end of data" in str(exc):
        return TableError(_("line {line}: a quote opened on this line is never closed", line=line))
    if "expected after" in str(exc):
        return TableError(_("line {line}: a closing quote must be followed by \"{delimiter}\" or the end of the "
                            "line", line=line, delimiter=_shown(delimiter)))
    return TableError(_("line {line}: cannot read the row: {error}", line=line, error=exc))


def _leading_blank_lines(text: str) -> int:
    """How many lines holding nothing (or only delimiters) come before the header."""
    count = position = 0
    while (end := text.find("\n", position)) >= 0 and not text[position:end].strip(" \t\r;,"):
        position, count = end + 1, count + 1
    return count


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise TableError(_("the file is empty"))
    skipped = _leading_blank_lines(text)
    if skipped:
        text = text.split("\n", skipped)[-1]
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header_cells = next(reader)
    except csv.Error as exc:
        raise _csv_error(exc, 1 + skipped, delimiter) from exc
    headers = [cell.strip() for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows: list[TableRow] = []
    start = reader.line_num + 1
    cells_read = 0
    try:
        for cells in reader:
            line, start = start + skipped, reader.line_num + 1
            _check_row(cells, width, delimiter, line, reader.line_num + skipped)
            values = [_clean(cell) for cell in cells[:width]]
            if not any(v is not None for v in values):
                continue
            if len(values) < width:
                values.extend([None] * (width - len(values)))
            cells_read += width
            if cells_read > MAX_CELLS:
                raise TableError(too_many_cells(len(rows) + 1, width))
            rows.append(TableRow(line, values))
    except csv.Error as exc:
        raise _csv_error(exc, start + skipped, delimiter) from exc
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter, header_line=1 + skipped)
