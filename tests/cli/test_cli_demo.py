"""``prm-desktop demo``: progress on stderr, summary and undo command on stdout."""

from __future__ import annotations

import re

import pytest

from prm_desktop.cli import main


def test_demo_writes_a_portfolio_and_says_how_to_undo_it(data_dir, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "demo", "--partners", "30", "--seed", "3"]) == 0
    captured = capsys.readouterr()
    assert "100% (" in captured.err and "Preparing the demo portfolio" in captured.err
    assert re.search(r"^partners\s+30$", captured.out, re.M)
    assert re.search(r"^contacts\s+\d+", captured.out, re.M)
    match = re.search(r"Undo with: prm-desktop --data-dir \S+ undo-batch ([0-9a-f-]{36})$", captured.out, re.M)
    assert match, captured.out
    batch_id = match.group(1)
    assert f"as batch {batch_id}." in captured.out
    assert main(["--data-dir", str(data_dir), "undo-batch", batch_id]) == 0
    assert "Undone: Demo portfolio (30 partners)" in capsys.readouterr().out


def test_demo_refuses_zero_partners(data_dir, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "demo", "--partners", "0"])
    assert done.value.code == 2
    assert "at least 1" in capsys.readouterr().err
