"""What an evaluation reports as it goes: how many of the partners are evaluated, never its own name again.

The task's label already says what runs ("Evaluating the portfolio against the program"); the status
bar adds the progress message after it, so the message counts partners in the user's number format.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.services import portfolio, programs
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.evaluation_parts import partners_evaluated
from prm_desktop.services.partner_queries import PartnerFilter, partner_ids

ON = date(2026, 1, 5)  # early in a quarter of the seed program (calendar fiscal year)


def test_the_count_is_written_in_the_users_number_format() -> None:
    assert partners_evaluated(12_000, 100_000) == "12,000 of 100,000 partners"
    assert partners_evaluated(1, 1) == "1 of 1 partner"
    set_language("fr")
    assert partners_evaluated(12_000, 100_000) == "12\u202f000 sur 100\u202f000 partenaires"
    assert partners_evaluated(1, 1) == "1 sur 1 partenaire"


def _check(reports: list[tuple[int, int, str]], partners: int) -> None:
    """Every report counts the partners evaluated out of ``partners``, up to all of them."""
    counted = [r for r in reports if r[1] > 0]
    assert counted, reports
    assert all(total == partners and message == partners_evaluated(done, total)
               for done, total, message in counted), reports  # fmt: skip
    assert [done for done, _total, _message in counted] == sorted(done for done, _t, _m in counted)
    assert counted[-1] == (partners, partners, partners_evaluated(partners, partners))
    assert all(message == "" for _done, total, message in reports if total == 0)  # busy: the label alone


@pytest.mark.parametrize("program", ["seed", "example"], ids=["plain-program", "scored-program"])
def test_a_refresh_in_two_processes_counts_the_whole_portfolio(uow, samples, program) -> None:
    """This process's part stands for both: the count is of the portfolio's partners, not twice its part."""
    generate_demo(uow, partners=30, seed=4, today=ON)
    if program == "example":
        programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))
    reports: list[tuple[int, int, str]] = []
    result = portfolio.refresh_evaluations(uow, on=ON, processes=2, progress=lambda *r: reports.append(r))
    assert result.completed
    _check(reports, 30)


def test_the_daily_refresh_counts_the_partners_it_evaluates(uow) -> None:
    generate_demo(uow, partners=120, seed=5, today=ON)
    portfolio.refresh_evaluations(uow, on=ON)
    reports: list[tuple[int, int, str]] = []
    result = portfolio.refresh_evaluations(uow, on=ON + timedelta(days=82), full=False,
                                           progress=lambda *r: reports.append(r))  # fmt: skip
    assert result.completed and 0 < result.evaluated < 120
    _check(reports, result.evaluated)


def test_evaluating_some_partners_counts_them(uow) -> None:
    generate_demo(uow, partners=12, seed=5, today=ON)
    chosen = partner_ids(uow, PartnerFilter(), "name")[:7]
    reports: list[tuple[int, int, str]] = []
    evaluate_partners(uow, chosen, on=ON, progress=lambda *r: reports.append(r))
    _check(reports, 7)
