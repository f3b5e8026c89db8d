"""The partner list's revenue totals and their exports carry the program's currency (issue 13).

Under a program counting in USD (with a declared EUR rate), the window total is in USD (euro lines
converted at the declared rate, as the evaluation does), shown with its symbol, and exports name the
currency in the revenue header while the cells stay plain numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from prm_desktop.domain.formatting import format_money
from prm_desktop.services import partner_summary
from prm_desktop.services.exports import export_partners
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows, filter_options
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.programs import import_program

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
TODAY = date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(partner_summary, "today", lambda: TODAY)


@pytest.fixture
def usd(uow, tmp_path):
    """An AWS (USD, 1 EUR = 1.08 USD) portfolio: one partner with 1,000 USD and 1,000 EUR this quarter."""
    import_program(uow, (EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8"))
    partner = create_partner(uow, PartnerInput(name="Nuage Conseil")).id
    euros = tmp_path / "revenue.csv"
    euros.write_text("partner;quarter;motion;amount;currency\nNuage Conseil;2026-Q1;resell;1000;USD\n"
                     "Nuage Conseil;2026-Q1;co-sell;1000;EUR\n", encoding="utf-8")
    plan, _result = import_file(uow, "revenue", euros)
    assert plan.ok, [str(e) for e in plan.errors]
    return partner


def _csv(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def test_the_window_total_is_in_the_programs_currency(uow, usd) -> None:
    row = fetch_partner_rows(uow, PartnerFilter())[0]
    assert row.revenue_window == pytest.approx(2080.0)  # 1,000 USD + 1,000 EUR × 1.08
    assert filter_options(uow).currency == "USD"
    assert format_money(row.revenue_window, "fr", 0, filter_options(uow).currency) == "2\u202f080\u00a0$US"


def test_without_a_program_currency_the_list_counts_in_euros(uow) -> None:
    assert filter_options(uow).currency == "EUR"


def test_exports_name_the_currency_in_the_revenue_header_and_keep_numbers(uow, usd, tmp_path) -> None:
    path = tmp_path / "p.csv"
    export_partners(uow, PartnerFilter(), path, list_columns=("revenue", "attainment"))
    header, row = _csv(path)
    assert header[-2:] == ["revenue (USD)", "attainment"]
    assert float(row[-2]) == pytest.approx(2080.0)
    french = tmp_path / "p-fr.csv"
    export_partners(uow, PartnerFilter(), french, excel_fr=True, list_columns=("revenue",))
    header, row = _csv(french, "cp1252", ";")
    assert header[-1] == "Chiffre d’affaires de la période (USD)" and row[-1] == "2080"
    book = tmp_path / "p.xlsx"
    export_partners(uow, PartnerFilter(), book, excel_fr=True, list_columns=("revenue",))
    rows = list(load_workbook(book, read_only=True).active.iter_rows())
    assert rows[0][-1].value == "Chiffre d’affaires de la période (USD)"
    assert (rows[1][-1].value, rows[1][-1].data_type) == (pytest.approx(2080.0), "n")
    # The export re-imports: the revenue column, currency and all, is known and ignored.
    plan, _result = import_file(uow, "partners", french)
    assert plan.warnings == [] and plan.errors == []


def test_a_euro_portfolio_exports_say_eur(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="Armorique"))
    path = tmp_path / "p.csv"
    export_partners(uow, PartnerFilter(), path, list_columns=("revenue",))
    assert _csv(path)[0][-1] == "revenue (EUR)"
