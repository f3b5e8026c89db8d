"""Read the first sheet of an XLSX workbook into a :class:`~prm_desktop.services.imports.tabular.Table`.

The workbook is checked by size before openpyxl reads it: at most :data:`MAX_ZIP_MEMBERS` parts,
:data:`MAX_UNCOMPRESSED_BYTES` once uncompressed (a zip bomb is refused without being inflated) and a
first sheet whose stored dimension holds at most :data:`~prm_desktop.services.imports.tabular.MAX_CELLS`
cells; the cells are counted again while reading, whatever the dimension said. Values are the ones
Excel stored: real date cells stay dates, numbers stay numbers; a formula cell without a stored
result (a file written by a program that does not compute formulas) is refused with its line and
column, since its value cannot be known.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time
from typing import Any
from xml.etree import ElementTree

from prm_desktop.domain.i18n import _
from prm_desktop.services.imports.tabular import (
    MAX_CELLS,
    Table,
    TableError,
    TableRow,
    too_many_cells,
)

__all__ = ["MAX_UNCOMPRESSED_BYTES", "MAX_ZIP_MEMBERS", "read_xlsx"]

#: The most bytes the parts of a workbook may take once uncompressed.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
#: The most parts (files inside the zip) a workbook may have.
MAX_ZIP_MEMBERS = 10_000
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"|<(?:\w+:)?sheet\b[^>]*?\bid=\"([^\"]+)\"")
_CHUNK = 1 << 20


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet (None when the workbook does not say)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    found = _FIRST_SHEET.search(workbook)
    if not found:
        return None
    rid = (found.group(1) or found.group(2)).decode()
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        if f'Id="{rid}"'.encode() in tag:
            target = re.search(rb'Target="([^"]+)"', tag)
            if target:
                path = target.group(1).decode()
                return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    return None


def _check_sizes(data: bytes) -> None:
    """Refuse a workbook too big to read, or whose first sheet holds a formula without a stored result."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TableError(_("cannot read the Excel workbook: {error}", error=exc)) from exc
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if len(infos) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED_BYTES:
            raise TableError(_("the workbook takes {size} MB once uncompressed; imports read workbooks of at "
                               "most {limit} MB", size=total // 1_048_576,
                               limit=MAX_UNCOMPRESSED_BYTES // 1_048_576))
        sheet = _first_sheet_path(archive)
        if sheet is None or sheet not in archive.namelist():
            return  # let openpyxl find it
        formulas = False
        try:
            with archive.open(sheet) as stream:
                head = stream.read(_CHUNK)
                _check_dimension(head)
                tail = b""
                chunk = head
                while chunk:
                    if _FORMULA.search(tail + chunk):
                        formulas = True
                        break
                    tail = chunk[-32:]
                    chunk = stream.read(_CHUNK)
            if formulas:
                _check_formulas(archive, sheet)
        except (zipfile.BadZipFile, OSError, EOFError, ElementTree.ParseError) as exc:
            raise TableError(_("cannot read the Excel workbook: {error}", error=exc)) from exc


def _check_formulas(archive: zipfile.ZipFile, sheet: str) -> None:
    """Refuse the first formula cell without a stored result (``<v>`` absent or empty, not a text).

    Excel stores an empty text result as ``t="str"`` with an empty ``<v>``; a program that does not
    compute formulas writes none.
    """
    with archive.open(sheet) as stream:
        for _event, element in ElementTree.iterparse(stream):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                formula = value = None
                for child in element:
                    name = child.tag.rsplit("}", 1)[-1]
                    if name == "f":
                        formula = child
                    elif name == "v":
                        value = child
                if formula is not None and (value is None or not value.text) and element.get("t") != "str":
                    ref = element.get("r") or ""
                    match = re.match(r"([A-Z]+)(\d+)", ref)
                    column, line = (match.group(1), match.group(2)) if match else ("?", "?")
                    raise TableError(_("line {line}: column {column}: a formula without a stored result "
                                       "({formula}): open the file in Excel and save it again, or paste the values",
                                       line=line, column=column, formula=f"={formula.text or ''}"[:40]))
            elif tag == "row":
                element.clear()


def _check_dimension(head: bytes) -> None:
    found = _DIMENSION.search(head)
    if not found or not found.group(3):
        return
    first_col = _column_number(found.group(1).decode()) if found.group(1) else 1
    first_row = int(found.group(2)) if found.group(2) else 1
    rows = int(found.group(4)) - first_row + 1
    columns = _column_number(found.group(3).decode()) - first_col + 1
    if rows * columns > MAX_CELLS:
        raise TableError(too_many_cells(rows, columns))


def _clean(value: str) -> str | None:
    value = value.strip()
    return value or None


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date()
    return value


def read_xlsx(data: bytes) -> Table:
    """Read the first sheet of a workbook, after checking its sizes.

    Raises:
        TableError: When the workbook is too big, damaged, empty or holds a formula without a value.
    """
    from openpyxl import load_workbook  # noqa: PLC0415 (slow to import, needed only for XLSX)

    _check_sizes(data)
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
        cells_read = 0
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_xlsx_value(v) for v in cells]
            cells_read += len(values)
            if cells_read > MAX_CELLS:
                raise TableError(too_many_cells(len(rows) + 1, len(values)))
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
