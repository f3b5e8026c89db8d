"""A program error crosses a process boundary whole (program import and activation run in a worker)."""

from __future__ import annotations

import pickle

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.program import Problem, ProgramError


def test_a_program_error_round_trips_through_pickle() -> None:
    set_language("en")
    error = ProgramError([Problem(3, "tiers.gold.revenue", "must be a number, not {value!r}", (("value", "beaucoup"),)),
                          "the file is not UTF-8"])  # fmt: skip
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ProgramError
    assert str(again) == str(error)
    assert again.errors == error.errors == ["line 3: tiers.gold.revenue: must be a number, not 'beaucoup'",
                                            "the file is not UTF-8"]  # fmt: skip
    assert again.problems == error.problems
    assert again.messages("fr") == error.messages("fr")
    assert again.messages("fr")[0].startswith("ligne 3")
