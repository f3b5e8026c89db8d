"""The partner list shows its revenue totals with the program's currency (issue 13), as the gaps do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.services import partner_summary
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.programs import import_program
from prm_desktop.ui.partners.partners_table_model import COL_NAME, COL_REVENUE

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "programs" / "examples"


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def test_the_revenue_column_shows_the_programs_currency(uow, tmp_path, monkeypatch, french, tab, settle,
                                                        qtbot) -> None:  # fmt: skip
    monkeypatch.setattr(partner_summary, "today", lambda: date(2026, 3, 31))
    create_partner(uow, PartnerInput(name="Armorique"))
    revenue = tmp_path / "r.csv"
    revenue.write_text("partner;quarter;amount\nArmorique;2026-Q1;1234567\n", encoding="utf-8")
    assert import_file(uow, "revenue", revenue)[0].ok
    tab.reload_choices()
    tab.list.refresh()
    settle(tab)
    model = tab.list.model
    assert model.data(model.index(0, COL_NAME)) == "Armorique"
    assert model.data(model.index(0, COL_REVENUE)) == "1\u202f234\u202f567\u00a0€"
    # A program counting in US dollars (1 EUR = 1.08 USD): the euros converted, then a quarter in USD.
    import_program(uow, (EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8"))
    tab.reload_choices()
    tab.list.refresh()
    settle(tab)
    qtbot.waitUntil(lambda: model.data(model.index(0, COL_REVENUE)) == "1\u202f333\u202f332\u00a0$US", timeout=10000)
    revenue.write_text("partner;quarter;amount;currency\nArmorique;2026-Q1;1234567;USD\n", encoding="utf-8")
    assert import_file(uow, "revenue", revenue)[0].ok
    tab.reload_choices()
    tab.list.refresh()
    settle(tab)
    qtbot.waitUntil(lambda: model.data(model.index(0, COL_REVENUE)) == "1\u202f234\u202f567\u00a0$US", timeout=10000)
