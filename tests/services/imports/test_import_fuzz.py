"""The import fuzzer (issue 10.8): random files through the real CLI and services.

Rows hold accents, quotes, delimiters, formula-like texts, control characters, names without
letters and odd numbers; files are CSV (every delimiter and encoding) or XLSX. Properties:

- the exit code is non-zero exactly when errors are printed (on stderr);
- a file with errors writes nothing;
- importing the same file twice changes nothing the second time;
- exporting (CSV, French Excel CSV, XLSX) and importing the export changes nothing.

Each test keeps one portfolio over its examples (state accumulates, as in real use) and bounds its
examples so both run in well under a minute under the CI profile.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import text

from prm_desktop.cli import main
from prm_desktop.services.exports import export_partners
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import PartnerFilter

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_PIECES = ["Acme", "acme", "ACME SAS", "Œuvre", "Numérique", "Île", "Cévennes", "l'Atelier", "«Nord»", "-",
           "---", "×", "=1+1", "+33", "@SUM(A1)", "=HYPERLINK(\"x\")", '"', '""', ";", ",", "\t", "|", "'",
           " ", "\u00a0", "\x00", "\x07", "\u0085", "é", "ß", "€", "Ŝ", "😀", "1", "42", "SARL", "Sàrl", "#N/A"]
_WORD = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join)
_NUMBERS = ["1234.5", "1 234,50", "-0", "0", "-1234,5", "1e400", "9" * 400, "NaN", "inf", "1,234.56",
            "12,5 €", "(1 234,50)", "0.000001", "1e12", "-1e13", "abc", ""]


@st.composite
def partner_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.lists(st.tuples(_WORD, st.one_of(st.just(""), _WORD), st.sampled_from(["", "cloud", "IA, cloud",
                                                                                          "=x", "Île"])),
                         min_size=1, max_size=6))
    return [["name", "city", "tags"], *[list(row) for row in rows]]


@st.composite
def revenue_rows(draw: st.DrawFn) -> list[list[str]]:
    good = st.sampled_from(["1234.5", "-1234.5", "0", "12", "99.99"])
    rows = draw(st.lists(st.tuples(st.sampled_from(["Armorique", "Bresse"] * 4 + ["Nobody"]),
                                   st.sampled_from(["2026-Q1", "T2 2026", "2026Q3"] * 3 + ["Q9 2026"]),
                                   st.one_of(good, good, good, st.sampled_from(_NUMBERS))),
                         min_size=1, max_size=4))
    return [["partner", "quarter", "amount"], *[list(row) for row in rows]]


#: Damage a CSV file may suffer: a byte inserted somewhere (a stray quote, a Windows-1252 "é", a NUL…).
_DAMAGE = st.one_of(st.none(), st.tuples(st.floats(0, 1), st.sampled_from([b'"', b"\xe9", b"\x00", b";", b",",
                                                                         b"\n", b"\x81", b"\xef\xbb\xbf"])))


def _write(folder: Path, rows: list[list[str]], form: str, damage: tuple[float, bytes] | None = None) -> Path:
    if form == "xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append([_typed_string(workbook.active, cell) for cell in row])
        path = folder / "fuzz.xlsx"
        workbook.save(path)
        return path
    delimiter, encoding = {"comma": (",", "utf-8"), "semicolon": (";", "utf-8-sig"), "tab": ("\t", "utf-8"),
                           "cp1252": (";", "cp1252")}[form]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = folder / "fuzz.csv"
    data = out.getvalue().encode(encoding, errors="replace")
    if damage is not None:
        at = int(damage[0] * len(data))
        data = data[:at] + damage[1] + data[at:]
    path.write_bytes(data)
    return path


def _typed_string(sheet, value: str) -> WriteOnlyCell:
    """A text cell as Excel stores a typed text (never a formula); XML cannot hold most controls."""
    cell = WriteOnlyCell(sheet, value="".join(c for c in value if c >= " " or c in "\t\n\r"))
    cell.data_type = "s"
    return cell


def _state(uow) -> tuple[int, int]:
    with uow.read() as session:
        return (session.execute(text("SELECT count(*) FROM change_log")).scalar(),
                session.execute(text("SELECT count(*) FROM batches")).scalar())


def _cli_import(data_dir: Path, capsys, kind: str, path: Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "import", kind, str(path)])
    captured = capsys.readouterr()
    return code, captured.err


def _unchanged(uow, kind: str, path: Path) -> None:
    plan, _result = import_file(uow, kind, path, dry_run=True)
    assert plan.errors == [], [str(e) for e in plan.errors][:3]
    assert (len(plan.creates), len(plan.updates), len(plan.deletes)) == (0, 0, 0), (
        [c.label for c in plan.creates][:3], [(u.label, u.changes) for u in plan.updates][:3])


def _check(uow, data_dir: Path, capsys, kind: str, path: Path) -> bool:
    """The first three properties; returns whether the file was imported."""
    before = _state(uow)
    code, err = _cli_import(data_dir, capsys, kind, path)
    event("imported" if code == 0 else err.split("\n")[0].split(":", 1)[1][:60])
    assert (code != 0) == bool(err.strip()), (code, err)
    if code != 0:
        assert _state(uow) == before, err
        return False
    _unchanged(uow, kind, path)
    code, err = _cli_import(data_dir, capsys, kind, path)
    assert (code, err) == (0, "")
    return True


@FUZZ
@given(rows=partner_rows(), form=st.sampled_from(["comma", "semicolon", "tab", "cp1252", "xlsx"]),
       export_form=st.sampled_from(["csv", "excel_fr", "xlsx"]), damage=_DAMAGE)
def test_partner_files(uow, data_dir, tmp_path, capsys, rows, form, export_form, damage) -> None:
    path = _write(tmp_path, rows, form, damage)
    if not _check(uow, data_dir, capsys, "partners", path):
        return
    exported = tmp_path / ("export.xlsx" if export_form == "xlsx" else "export.csv")
    export_partners(uow, PartnerFilter(), exported, excel_fr=export_form == "excel_fr")
    if export_form == "excel_fr":
        with uow.read() as session:
            names = session.scalars(text("SELECT name || coalesce(city, '') FROM partners")).all()
        if any(n != n.encode("cp1252", errors="replace").decode("cp1252") for n in names):
            return  # Windows-1252 cannot hold every character: the export warned and wrote "?"
    _unchanged(uow, "partners", exported)


@FUZZ
@given(rows=revenue_rows(), form=st.sampled_from(["comma", "semicolon", "tab", "xlsx"]))
def test_revenue_files(uow, data_dir, tmp_path, capsys, rows, form) -> None:
    with uow.read() as session:
        known = session.execute(text("SELECT count(*) FROM partners")).scalar()
    if not known:
        seed = tmp_path / "seed.csv"
        seed.write_text("name\nArmorique\nBresse\n", encoding="utf-8")
        assert import_file(uow, "partners", seed)[0].ok
    _check(uow, data_dir, capsys, "revenue", _write(tmp_path, rows, form))
    with uow.read() as session:
        amounts = session.scalars(text("SELECT amount FROM revenue_lines")).all()
    assert all(abs(float(a)) <= 1e12 for a in amounts)
