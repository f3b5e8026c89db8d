"""Malformed files are refused with a clear message instead of being imported wrongly (issue 10.4, 10.5).

Each test writes a real file the way a user's tool would and imports it into a real portfolio.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from prm_desktop.services.exports import export_partners
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.imports.tabular import MAX_FILE_BYTES, TableError, read_table
from prm_desktop.services.partner_queries import PartnerFilter
from prm_desktop.services.partners import PartnerInput, create_partner


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _names(uow) -> list[str]:
    with uow.read() as session:
        return list(session.scalars(text("SELECT name FROM partners WHERE deleted_at IS NULL ORDER BY name")))


def _refused(uow, tmp_path: Path, name: str, data: bytes, kind: str = "partners") -> str:
    """Import a file that must be refused as a whole; return the message."""
    with pytest.raises(TableError) as refused:
        import_file(uow, kind, _write(tmp_path, name, data))
    assert _names(uow) == []
    return str(refused.value)


def _row_errors(uow, tmp_path: Path, name: str, data: bytes, kind: str = "partners") -> list[str]:
    """Import a file whose rows must be refused; nothing is written."""
    plan, result = import_file(uow, kind, _write(tmp_path, name, data))
    assert result is None and not plan.ok
    assert _names(uow) == []
    return [str(e) for e in plan.errors]


# --- encodings -----------------------------------------------------------------------------------


def test_a_utf8_file_with_one_windows_1252_byte_is_refused_not_decoded_whole_as_1252(uow, tmp_path) -> None:
    data = "name;city\nCévennes Cloud;Alès\nBresse;Bourg\n".encode() + b"Ard\xe8che Num;Privas\n"
    message = _refused(uow, tmp_path, "p.csv", data)
    assert message.startswith("line 4: byte 0xE8 is not UTF-8 while the rest of the file is UTF-8")


def test_a_bom_over_windows_1252_text_is_refused_not_read_with_replacement_characters(uow, tmp_path) -> None:
    data = b"\xef\xbb\xbf" + "name;city\nCévennes Cloud;Alès\n".encode("cp1252")
    message = _refused(uow, tmp_path, "p.csv", data)
    assert message.startswith("line 2: byte 0xE9 is not UTF-8 while the file starts with a UTF-8 byte order mark")


def test_a_byte_windows_1252_does_not_define_is_refused(uow, tmp_path) -> None:
    data = "name;city\nCévennes;Alès\n".encode("cp1252") + b"Bad\x81Name;Lyon\n"
    assert _refused(uow, tmp_path, "p.csv", data).startswith("line 3: byte 0x81 is neither UTF-8 nor Windows-1252")


def test_a_whole_windows_1252_file_still_imports(uow, tmp_path) -> None:
    data = "name;city\nCévennes Cloud;Alès\nŒuvre Numérique;Lyon\n".encode("cp1252")
    plan, result = import_file(uow, "partners", _write(tmp_path, "p.csv", data))
    assert plan.ok and result is not None
    assert _names(uow) == ["Cévennes Cloud", "Œuvre Numérique"]


# --- delimiters and quotes -----------------------------------------------------------------------


def test_a_semicolon_header_over_comma_rows_is_refused(uow, tmp_path) -> None:
    data = b"name;city;siren\nArmorique,Rennes,901234567\n"
    message = _refused(uow, tmp_path, "p.csv", data)
    assert message.startswith('line 2: the row is separated by "," while the header uses ";"')


def test_a_row_with_more_values_than_columns_is_refused(uow, tmp_path) -> None:
    data = b"partner,quarter,amount\nArmorique,2026-Q1,1 234,50\n"
    message = _refused(uow, tmp_path, "r.csv", data, kind="revenue")
    assert message.startswith('line 2: 4 values for 3 columns: a value holding "," needs quotes')


def test_an_unterminated_quote_is_refused_instead_of_swallowing_the_rest(uow, tmp_path) -> None:
    data = b'name;city\nArmorique;Rennes\n"Bresse;Bourg\nCevennes;Ales\n'
    assert _refused(uow, tmp_path, "p.csv", data) == "line 3: a quote opened on this line is never closed"


def test_a_stray_quote_that_swallows_rows_is_refused(uow, tmp_path) -> None:
    data = b'name;city\n"Armorique;Rennes\nBresse;Bourg\nCevennes;Ales"\nDrome;Valence\n'
    message = _refused(uow, tmp_path, "p.csv", data)
    assert message.startswith("line 2: a quote opened on this line closes only on line 4")


def test_text_after_a_closing_quote_is_refused(uow, tmp_path) -> None:
    data = b'name;city\n"Armorique" Logiciels;Rennes\n'
    assert _refused(uow, tmp_path, "p.csv", data).startswith('line 2: a closing quote must be followed by ";"')


def test_a_multi_line_address_in_quotes_is_still_read(uow, tmp_path) -> None:
    data = 'name;address;city\nArmorique;"12 rue Haute\nBât. B";Rennes\nBresse;;Bourg\n'.encode()
    table = read_table(_write(tmp_path, "p.csv", data))
    assert [r.values for r in table.rows] == [["Armorique", "12 rue Haute\nBât. B", "Rennes"],
                                              ["Bresse", None, "Bourg"]]
    assert [r.line for r in table.rows] == [2, 4]


# --- XLSX ----------------------------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_formula_without_a_stored_value_is_refused_not_read_as_empty(uow, tmp_path) -> None:
    data = _xlsx([["partner", "quarter", "amount"], ["Armorique", "2026-Q1", "=1000*2"]])  # openpyxl stores no value
    message = _refused(uow, tmp_path, "r.xlsx", data, kind="revenue")
    assert message.startswith("line 2: column C: a formula without a stored result (=1000*2)")


def _raw_xlsx(sheet_xml: str) -> bytes:
    """A workbook whose sheet XML is written by hand (as another program could)."""
    base = zipfile.ZipFile(io.BytesIO(_xlsx([["name"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            data = sheet_xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else base.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


_SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
          "<sheetData>{rows}</sheetData></worksheet>")


def test_an_xlsx_sheet_bigger_than_the_limit_is_refused_by_its_dimension(uow, tmp_path) -> None:
    sheet = _SHEET.format(dimension='<dimension ref="A1:XFD1048576"/>',
                          rows='<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>')
    message = _refused(uow, tmp_path, "p.xlsx", _raw_xlsx(sheet))
    assert message.startswith("the sheet holds 1048576 rows × 16384 columns; imports read at most 5000000 cells")


def test_an_xlsx_sheet_of_wide_rows_without_dimension_is_refused_while_reading(uow, tmp_path) -> None:
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 2000))
    message = _refused(uow, tmp_path, "p.xlsx", _raw_xlsx(_SHEET.format(dimension="", rows=rows)))
    assert "imports read at most 5000000 cells" in message


def test_a_zip_bomb_is_refused_by_its_uncompressed_size_before_it_is_inflated(uow, tmp_path) -> None:
    data = bytearray(_raw_xlsx(_SHEET.format(dimension="", rows="")))
    entry = data.find(b"PK\x01\x02")  # first central directory entry: declare 1.5 GB uncompressed
    data[entry + 24 : entry + 28] = (1_500_000_000).to_bytes(4, "little")
    message = _refused(uow, tmp_path, "p.xlsx", bytes(data))
    assert message.startswith("the workbook takes 1430 MB once uncompressed; imports read workbooks of at most 512 MB")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(uow, tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(TableError, match="the file is 100 MB; imports read files of at most 100 MB"):
        import_file(uow, "partners", path)


# --- cells ---------------------------------------------------------------------------------------


def test_nul_and_control_characters_are_row_errors(uow, tmp_path) -> None:
    data = "name;city\nArmo\x00rique;Rennes\nBresse;Bo\x07urg\nCévennes;Al\u0085ès\n".encode()
    assert _row_errors(uow, tmp_path, "p.csv", data) == [
        "line 2: name: the text holds the control character U+0000, which is not allowed",
        "line 3: city: the text holds the control character U+0007, which is not allowed",
        "line 4: city: the text holds the control character U+0085, which is not allowed",
    ]


def test_a_400_digit_amount_is_a_row_error_not_infinity(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="Armorique"))
    data = ("partner;quarter;amount\nArmorique;2026-Q1;" + "9" * 400 + "\nArmorique;2026-Q2;-1e300\n").encode()
    plan, result = import_file(uow, "revenue", _write(tmp_path, "r.csv", data))
    assert result is None
    assert [str(e).split(":")[:2] for e in plan.errors] == [["line 2", " amount"], ["line 3", " amount"]]
    with uow.read() as session:
        assert session.execute(text("SELECT count(*) FROM revenue_lines")).scalar() == 0


def test_an_absurd_xlsx_amount_is_a_row_error(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="Armorique"))
    data = _xlsx([["partner", "quarter", "amount"], ["Armorique", "2026-Q1", 1e300]])
    plan, result = import_file(uow, "revenue", _write(tmp_path, "r.xlsx", data))
    assert result is None
    assert [str(e) for e in plan.errors] == [
        'line 2: amount: "1e+300" is too large for an amount (at most 15 digits before the decimal separator)']


def test_texts_longer_than_allowed_are_row_errors(uow, tmp_path) -> None:
    data = ("name;city\n" + "N" * 301 + ";Lyon\n").encode()
    assert _row_errors(uow, tmp_path, "p.csv", data) == [
        "line 2: name: the text has 301 characters; at most 300 are allowed"]
    data = ("name;business_unit\nClaire;" + "B" * 32_768 + "\n").encode()
    plan, result = import_file(uow, "stakeholders", _write(tmp_path, "s.csv", data))
    assert result is None and [str(e) for e in plan.errors] == [
        "line 2: business_unit: the text has 32768 characters; at most 32767 are allowed"]


# --- names that no later import could find again (10.5) -------------------------------------------


def test_a_name_without_letters_or_digits_is_a_row_error(uow, tmp_path) -> None:
    data = "name;city\n---;Lyon\n×;Paris\n".encode()
    assert _row_errors(uow, tmp_path, "p.csv", data) == [
        'line 2: name: the name "---" has no letter or digit, so a later import could not find it again: '
        "write a name with letters or digits",
        'line 3: name: the name "×" has no letter or digit, so a later import could not find it again: '
        "write a name with letters or digits",
    ]


def test_such_a_name_with_a_siren_imports_once(uow, tmp_path) -> None:
    path = _write(tmp_path, "p.csv", b"name;siren\n---;732829320\n")
    for _time in range(2):
        plan, _result = import_file(uow, "partners", path)
        assert plan.ok
    assert _names(uow) == ["---"]


def test_a_contact_named_without_letters_and_without_email_is_a_row_error(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="Armorique"))
    data = b"partner;name;email\nArmorique;---;\nArmorique;...;x@armorique.fr\n"
    plan, result = import_file(uow, "contacts", _write(tmp_path, "c.csv", data))
    assert result is None
    assert [str(e)[:30] for e in plan.errors] == ['line 2: name: the name "---" h']


def test_an_own_export_reimports_onto_the_same_partners_whatever_their_names(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="---", city="Lyon"))
    create_partner(uow, PartnerInput(name="Acme SAS", city="Paris"))
    create_partner(uow, PartnerInput(name="Acme", city="Nice"), allow_duplicates=True)  # same key as "Acme SAS"
    path = tmp_path / "p.csv"
    export_partners(uow, PartnerFilter(), path)
    plan, result = import_file(uow, "partners", path)
    assert plan.errors == [] and (len(plan.creates), len(plan.updates)) == (0, 0)
    assert result is not None and result.batch_id is None
    assert _names(uow) == ["---", "Acme", "Acme SAS"]


def test_a_windows_1252_file_with_one_utf8_sequence_names_that_sequence(uow, tmp_path) -> None:
    data = "name;city\nCévennes;Alès\nÎle Œnologie;Mâcon\n".encode("cp1252") + "Ardèche;Privas\n".encode()
    message = _refused(uow, tmp_path, "p.csv", data)
    assert message.startswith('line 4: "è" is UTF-8 while the rest of the file is Windows-1252')


def test_a_utf16_file_without_byte_order_mark_is_refused(uow, tmp_path) -> None:
    data = "name;city\nCévennes;Alès\n".encode("utf-16-le")
    assert _refused(uow, tmp_path, "p.csv", data).startswith("the file is not text (or is UTF-16 without a byte")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_excel_error_values_are_row_errors_not_texts(uow, tmp_path, suffix) -> None:
    rows = [["name", "city"], ["Armorique", "#N/A"], ["Bresse", "#REF!"]]
    data = _xlsx(rows) if suffix == ".xlsx" else "\n".join(";".join(r) for r in rows).encode()
    assert _row_errors(uow, tmp_path, f"p{suffix}", data) == [
        "line 2: city: the cell holds the Excel error #N/A: correct the formula in the spreadsheet",
        "line 3: city: the cell holds the Excel error #REF!: correct the formula in the spreadsheet",
    ]


def test_an_excel_formula_with_an_empty_text_result_is_read_as_an_empty_cell(uow, tmp_path) -> None:
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>city</t>'
             '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Armorique</t></is></c><c r="B2" t="str">'
             '<f>IF(1,"","")</f><v></v></c></row>')
    table = read_table(_write(tmp_path, "p.xlsx", _raw_xlsx(_SHEET.format(dimension="", rows=cells))))
    assert [r.values for r in table.rows] == [["Armorique", None]]


def test_blank_lines_before_the_header_are_skipped_and_lines_keep_their_numbers(uow, tmp_path) -> None:
    data = b";;\r\n\r\nname;city;siren\r\nArmorique;Rennes;12\r\n"
    plan, result = import_file(uow, "partners", _write(tmp_path, "p.csv", data))
    assert result is None and [str(e)[:14] for e in plan.errors] == ["line 4: siren:"]
    table = read_table(tmp_path / "p.csv")
    assert (table.header_line, table.headers, [r.line for r in table.rows]) == (3, ["name", "city", "siren"], [4])
