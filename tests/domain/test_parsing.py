"""The one table of accepted and refused inputs of the value parsers (issue 8.4).

Each row: the value type, the input, where it is typed (a French or English form, an imported
column, the CLI's ``--date``) and the value expected, or the exact error message shown there (in the
form's language). Form rows call the domain parser the forms call, with the interface language's
decimal separator; import rows go through the import's row parser (``parse_rows``), with the other
values of the column; CLI rows through the real argument parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from prm_desktop.cli import build_parser
from prm_desktop.domain.i18n import get_language, set_language
from prm_desktop.domain.parsing import (
    detect_decimal_separator,
    form_decimal,
    parse_amount,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_quarter,
)
from prm_desktop.domain.quarters import Quarter
from prm_desktop.domain.validation import ValidationError
from prm_desktop.services.imports.columns import match_columns
from prm_desktop.services.imports.rows import parse_rows
from prm_desktop.services.imports.tabular import Table, TableRow

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space
FR_Q = ("\u00ab" + NBSP, NBSP + "\u00bb")  # « and » with their no-break spaces


def fr(value: str) -> str:
    """A value quoted the French way: « value »."""
    return f"{FR_Q[0]}{value}{FR_Q[1]}"


@dataclass(frozen=True)
class Context:
    """Where a value is typed: ``form`` (with its language), ``import`` (with the column), ``cli``."""

    face: str
    lang: str = "en"
    column: tuple[Any, ...] = ()

    def __str__(self) -> str:
        if self.face == "import":
            return f"import{list(self.column)}" if self.column else "import"
        return f"{self.face}-{self.lang}" if self.face == "form" else self.face


FORM_FR = Context("form", "fr")
FORM_EN = Context("form", "en")
IMPORT = Context("import")
CLI = Context("cli")


def column(*others: Any) -> Context:
    """An imported column holding the tested value and ``others``."""
    return Context("import", column=others)


@dataclass(frozen=True)
class Err:
    """The exact message expected."""

    message: str


E_NOT_A_DATE = '"{}" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)'
E_NO_SUCH_DATE = '"{}" is not a valid date (expected dd/mm/yyyy or yyyy-mm-dd, day first)'
E_TIME_IN_DATE = '"{}" has a time, but this field takes a date only: write {}'
E_NOT_AN_AMOUNT = '"{}" is not an amount (expected e.g. {})'
E_TOO_LARGE = '"{}" is too large for an amount (at most 15 digits before the decimal separator)'
E_SEPARATOR = '"{}" does not fit the decimal separator ({}); write e.g. {}'

BIG = "1" + "0" * 399  # a 400-digit number
TINY = "0." + "0" * 398 + "1"

TABLE: list[tuple[str, Any, Context, Any]] = [
    # --- dates: ISO or dd/mm/yyyy everywhere; a date field refuses a time -------------------------
    ("date", "31/12/2026", FORM_FR, date(2026, 12, 31)),
    ("date", "2026-12-31", FORM_FR, date(2026, 12, 31)),
    ("date", "31/12/2026", FORM_EN, date(2026, 12, 31)),
    ("date", "5/1/2026", IMPORT, date(2026, 1, 5)),
    ("date", "31.12.2026", IMPORT, date(2026, 12, 31)),
    ("date", " 2026-03-31 00:00:00 ", IMPORT, date(2026, 3, 31)),  # how spreadsheets write date cells
    ("date", datetime(2026, 3, 31), IMPORT, date(2026, 3, 31)),  # an XLSX date cell
    ("date", date(2026, 3, 31), IMPORT, date(2026, 3, 31)),
    ("date", "2026-01-05 10:30", IMPORT, Err(E_TIME_IN_DATE.format("2026-01-05 10:30", "05/01/2026"))),
    ("date", datetime(2026, 1, 5, 10, 30), IMPORT,
     Err(E_TIME_IN_DATE.format("05/01/2026 10:30", "05/01/2026"))),
    ("date", "2026-01-05 10:30", FORM_EN, Err(E_TIME_IN_DATE.format("2026-01-05 10:30", "05/01/2026"))),
    ("date", "05/01/2026 10:30", FORM_FR,
     Err(f"{fr('05/01/2026 10:30')} comporte une heure, mais ce champ n’attend qu’une date{NBSP}: "
         "écrivez 05/01/2026")),
    ("date", "31/12/26", FORM_EN, Err('two-digit year in "31/12/26": write the date as dd/mm/yyyy')),
    ("date", "31/02/2026", FORM_EN, Err(E_NO_SUCH_DATE.format("31/02/2026"))),
    ("date", "12/31/2026", IMPORT, Err(E_NO_SUCH_DATE.format("12/31/2026"))),  # US order: day first
    ("date", "31/02/2026", FORM_FR,
     Err(f"{fr('31/02/2026')} n’est pas une date valide (attendu{NBSP}: jj/mm/aaaa ou aaaa-mm-jj, "
         "le jour en premier)")),
    ("date", "0226-01-05", FORM_EN, Err('"0226-01-05": the year must be between 1900 and 2199')),
    ("date", "le 5 janvier", IMPORT, Err(E_NOT_A_DATE.format("le 5 janvier"))),
    ("date", 46000, IMPORT, Err(E_NOT_A_DATE.format("46000"))),
    ("date", "", FORM_FR, None),
    ("date", "31/12/2026", CLI, date(2026, 12, 31)),
    ("date", "2026-12-31", CLI, date(2026, 12, 31)),
    ("date", "2026-13-01", CLI, Err(E_NO_SUCH_DATE.format("2026-13-01"))),
    ("date", "2026-12-31 10:00", CLI, Err(E_TIME_IN_DATE.format("2026-12-31 10:00", "31/12/2026"))),
    # --- dates with a time: a date-time field accepts the time -----------------------------------
    ("datetime", "2026-01-05 10:30", FORM_EN, datetime(2026, 1, 5, 10, 30)),
    ("datetime", "2026-01-05 10:30", FORM_FR, datetime(2026, 1, 5, 10, 30)),
    ("datetime", "05/01/2026 10h30", FORM_FR, datetime(2026, 1, 5, 10, 30)),
    ("datetime", "05/01/2026 à 9h", FORM_FR, datetime(2026, 1, 5, 9, 0)),
    ("datetime", "2026-01-05T10:30:15", FORM_EN, datetime(2026, 1, 5, 10, 30, 15)),
    ("datetime", "2026-01-05T10:30:00Z", FORM_EN, datetime(2026, 1, 5, 10, 30, tzinfo=UTC)),
    ("datetime", "2026-01-05T10:30+01:00", FORM_EN,
     datetime(2026, 1, 5, 10, 30, tzinfo=timezone(timedelta(hours=1)))),
    ("datetime", datetime(2026, 1, 5, 10, 30), FORM_EN, datetime(2026, 1, 5, 10, 30)),
    ("datetime", "05/01/2026", FORM_EN, Err('"05/01/2026" has no time: add it, e.g. 05/01/2026 14:30')),
    ("datetime", "05/01/2026", FORM_FR,
     Err(f"{fr('05/01/2026')} n’a pas d’heure{NBSP}: ajoutez-la, par exemple 05/01/2026 14:30")),
    ("datetime", "05/01/2026 25:00", FORM_EN,
     Err('"05/01/2026 25:00" is not a valid time (hours 0 to 23, minutes 00 to 59)')),
    ("datetime", "tomorrow 10:00", FORM_EN,
     Err('"tomorrow 10:00" is not a date and time (expected e.g. 31/12/2026 14:30 or 2026-12-31 14:30)')),
    ("datetime", "", FORM_EN, None),
    # --- amounts in forms: the interface language's decimal separator -----------------------------
    ("amount", "1,5", FORM_FR, Decimal("1.5")),
    ("amount", "1 234,5", FORM_FR, Decimal("1234.5")),
    ("amount", f"1{NBSP}234,5", FORM_FR, Decimal("1234.5")),
    ("amount", f"1{NNBSP}234{NNBSP}567,89{NBSP}€", FORM_FR, Decimal("1234567.89")),
    ("amount", "1,234", FORM_FR, Decimal("1.234")),
    ("amount", "1.234,5", FORM_FR, Decimal("1234.5")),
    ("amount", "-12,5", FORM_FR, Decimal("-12.5")),
    ("amount", "1.5", FORM_FR,
     Err(f"{fr('1.5')} ne correspond pas au séparateur décimal (,){NNBSP}; écrivez par exemple 1 234,50")),
    ("amount", "12 34,5", FORM_FR,
     Err(f"{fr('12 34,5')}{NBSP}: les milliers se groupent par trois chiffres{NNBSP}; "
         "écrivez par exemple 1 234,50")),
    ("amount", "douze", FORM_FR, Err(f"{fr('douze')} n’est pas un montant (attendu par exemple 1 234,50)")),
    ("amount", "1,234.5", FORM_EN, Decimal("1234.5")),
    ("amount", "1 234.5", FORM_EN, Decimal("1234.5")),
    ("amount", "1,234", FORM_EN, Decimal("1234")),
    ("amount", "€1,234.50", FORM_EN, Decimal("1234.50")),
    ("amount", "1,5", FORM_EN, Err(E_SEPARATOR.format("1,5", ".", "1,234.50"))),
    ("amount", "1 234,5", FORM_EN, Err(E_SEPARATOR.format("1 234,5", ".", "1,234.50"))),
    ("amount", "", FORM_EN, None),
    # --- amounts in imports: the separator decided per column, from all its values -----------------
    ("amount", "1,234", column("2,5"), Decimal("1.234")),
    ("amount", "1,234", column("2.50"), Decimal("1234")),
    ("amount", "1,234", column("300"),
     Err('"1,234" is ambiguous: the column does not show whether , separates decimals or thousands; '
         "write e.g. 1234.00 or 1 234,00")),
    ("amount", "42 500,00", IMPORT, Decimal("42500.00")),
    ("amount", f"1{NNBSP}234,50{NBSP}€", IMPORT, Decimal("1234.50")),
    ("amount", "(1 234,50 €)", IMPORT, Decimal("-1234.50")),
    ("amount", "\u22124000", IMPORT, Decimal("-4000")),
    ("amount", "1.234,5", column("10.5", "20.25"), Err(E_SEPARATOR.format("1.234,5", ".", "1,234.50"))),
    ("amount", 1234.5, IMPORT, Decimal("1234.5")),  # an XLSX number
    ("amount", "douze", IMPORT, Err(E_NOT_AN_AMOUNT.format("douze", "1234.50 or 1 234,50 €"))),
    # --- absurd amounts are refused by the parser itself -----------------------------------------
    ("amount", "inf", FORM_EN, Err(E_NOT_AN_AMOUNT.format("inf", "1,234.50"))),
    ("amount", "NaN", IMPORT, Err(E_NOT_AN_AMOUNT.format("NaN", "1234.50 or 1 234,50 €"))),
    ("amount", float("inf"), IMPORT, Err(E_NOT_AN_AMOUNT.format("inf", "1234.50 or 1 234,50 €"))),
    ("amount", float("nan"), IMPORT, Err(E_NOT_AN_AMOUNT.format("nan", "1234.50 or 1 234,50 €"))),
    ("amount", 1e300, IMPORT, Err(E_TOO_LARGE.format("1e+300"))),
    ("amount", BIG, IMPORT, Err(E_TOO_LARGE.format(BIG))),
    ("amount", BIG, FORM_FR,
     Err(f"{fr(BIG)} est trop grand pour un montant (au plus 15 chiffres avant le séparateur décimal)")),
    ("amount", TINY, FORM_EN, Err(f'"{TINY}" has too many decimals (at most 10)')),
    ("amount", "1e5", FORM_EN, Err(E_NOT_AN_AMOUNT.format("1e5", "1,234.50"))),
    ("amount", "999 999 999 999 999,99", FORM_FR, Decimal("999999999999999.99")),
    ("amount", "1 000 000 000 000 000", FORM_FR,
     Err(f"{fr('1 000 000 000 000 000')} est trop grand pour un montant (au plus 15 chiffres avant le "
         "séparateur décimal)")),
    # --- yes/no ----------------------------------------------------------------------------------
    ("bool", "oui", IMPORT, True),
    ("bool", "Non", IMPORT, False),
    ("bool", "TRUE", IMPORT, True),
    ("bool", "x", IMPORT, True),
    ("bool", "0", IMPORT, False),
    ("bool", True, IMPORT, True),
    ("bool", "", FORM_EN, False),
    ("bool", "peut-être", IMPORT,
     Err('"peut-être" is not yes or no (expected yes/no, oui/non, true/false, 1/0 or x/empty)')),
    # --- quarters --------------------------------------------------------------------------------
    ("quarter", "T1 2026", FORM_FR, Quarter(2026, 1)),
    ("quarter", "2026-Q1", IMPORT, Quarter(2026, 1)),
    ("quarter", "q4 2025", IMPORT, Quarter(2025, 4)),
    ("quarter", "2026-Q5", IMPORT,
     Err('"2026-Q5" is not a quarter (expected e.g. 2026-Q1, 2026Q1, T1 2026 or Q1 2026)')),
]  # fmt: skip


# --- how each face reads a value ---------------------------------------------------------------------


def in_form(kind: str, value: Any) -> Any:
    """What the forms call (the field name is the form's business)."""
    if kind == "amount":
        return parse_amount(value, form_decimal())
    parser = {"date": parse_date, "datetime": parse_datetime, "bool": parse_bool, "quarter": parse_quarter}
    return parser[kind](value)


#: Value type → (import kind, its column headers, the tested column, a valid row).
_IMPORTS = {
    "date": ("references", ["partner", "competency", "customer", "date"], 3, ["A", "cloud", "C", None]),
    "bool": ("references", ["partner", "competency", "customer", "validated"], 3, ["A", "cloud", "C", None]),
    "amount": ("revenue", ["partner", "quarter", "amount"], 2, ["A", "2026-Q1", None]),
    "quarter": ("targets", ["partner", "quarter", "amount"], 1, ["A", None, "10"]),
}


def in_import(kind: str, value: Any, others: tuple[Any, ...]) -> Any:
    """Import a table whose line 2 holds the value and later lines the other values of the column."""
    import_kind, headers, index, template = _IMPORTS[kind]
    rows = []
    for line, cell in enumerate((value, *others), start=2):
        values = list(template)
        values[index] = cell
        rows.append(TableRow(line, values))
    result = parse_rows(import_kind, Table(headers=headers, rows=rows), match_columns(import_kind, headers))
    errors = [e for e in result.errors if e.line == 2]
    if errors:
        assert [e.column for e in errors] == [headers[index]]
        raise Refused(errors[0].message)
    [record] = [r for r in result.records if r["_line"] == 2]
    return record[headers[index]]


def on_command_line(value: str, capsys: pytest.CaptureFixture[str]) -> Any:
    """``prm-desktop evaluate --date VALUE`` as the CLI parses it."""
    try:
        return build_parser().parse_args(["evaluate", "--date", value]).date
    except SystemExit:
        err = capsys.readouterr().err.strip().splitlines()[-1]
        prefix = "prm-desktop: error: argument --date: "
        assert err.startswith(prefix), err
        raise Refused(err.removeprefix(prefix)) from None


class Refused(Exception):
    """The value was refused with ``message`` (as the user sees it)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read(kind: str, value: Any, context: Context, capsys: pytest.CaptureFixture[str]) -> Any:
    if context.face == "form" or (context.face == "import" and kind not in _IMPORTS):
        try:
            return in_form(kind, value)
        except ValidationError as exc:
            raise Refused(exc.message) from None
    if context.face == "import":
        return in_import(kind, value, context.column)
    assert kind == "date"
    return on_command_line(value, capsys)


@pytest.fixture
def language():
    before = get_language()
    yield set_language
    set_language(before)


@pytest.mark.parametrize(("kind", "value", "context", "expected"), TABLE, ids=lambda x: str(x)[:40])
def test_one_table_of_accepted_and_refused_inputs(kind, value, context, expected, language, capsys) -> None:
    language(context.lang)
    if isinstance(expected, Err):
        with pytest.raises(Refused) as caught:
            read(kind, value, context, capsys)
        assert caught.value.message == expected.message
    else:
        got = read(kind, value, context, capsys)
        assert got == expected
        assert type(got) is type(expected)  # a date field never returns a datetime


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1234.5", "12"], "."),
        (["1 234,50", "12"], ","),
        (["42 500,00", "125000", "-4000", "1 250 000,00 €"], ","),
        (["1,234,567.00"], "."),
        (["1,234,567"], "."),
        (["1.234.567"], ","),
        (["1.234,5"], ","),
        ([f"1{NNBSP}234,567"], ","),  # space-grouped, so the comma is decimal
        (["1,234"], None),  # could be either
        (["12", "300", None, ""], None),
        ([1234.5, 12], None),  # numbers from XLSX say nothing
        (["1,5", "2,5", "3.5"], ","),  # majority
        (["1,5", "3.5"], None),  # tie
    ],
)
def test_an_import_decides_the_decimal_separator_from_the_whole_column(values, expected) -> None:
    assert detect_decimal_separator(values) == expected


def test_forms_read_numbers_in_the_interface_language() -> None:
    assert (form_decimal("fr"), form_decimal("en")) == (",", ".")


def test_negative_amounts_can_be_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount("-5", ".", allow_negative=False)
    assert caught.value.message_fr == "Le montant ne peut pas être négatif."
    assert parse_amount("-5", ".") == Decimal("-5")
