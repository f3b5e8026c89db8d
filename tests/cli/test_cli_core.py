"""The maintenance commands of the CLI, run in-process on a temporary portfolio."""

from __future__ import annotations

import re

import pytest

from prm_desktop import __version__
from prm_desktop.cli import main


def cli(data_dir, *args) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_info_lists_path_schema_and_counts(data_dir, capsys) -> None:
    assert cli(data_dir, "info") == 0
    out = capsys.readouterr().out
    assert str(data_dir / "prm.sqlite3") in out
    assert "0001_initial" in out or "Schema version: 0" in out
    assert re.search(r"^programs\s+1$", out, re.M)


def test_unknown_command_is_a_clear_error(data_dir, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        cli(data_dir, "frobnicate")
    assert done.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_program_import_list_show_activate(data_dir, samples, capsys) -> None:
    assert cli(data_dir, "program", "import", str(samples / "program_example.toml"), "--no-activate") == 0
    assert cli(data_dir, "program", "list") == 0
    out = capsys.readouterr().out
    assert re.search(r"^\*\s+vendor-2026-v2", out, re.M) and "example-2026" in out
    assert cli(data_dir, "program", "activate", "example-2026") == 0
    capsys.readouterr()
    assert cli(data_dir, "program", "show") == 0
    assert 'id = "example-2026"' in capsys.readouterr().out.replace("'", '"')


def test_program_import_errors_name_line_and_key(data_dir, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[program]\nid = "x"\nname = "X"\nvalid_from = 2026-01-01\nrevenue_window_quarters = 4\n'
                   '\n[[tiers]]\nid = "silver"\nname = "Silver"\nrank = 1\nmin_revenue = -5\n'
                   'min_competencies = 0\n', encoding="utf-8")
    assert cli(data_dir, "program", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "line 7: tiers[0].min_revenue" in err or "line 7: tiers[" in err


def test_backup_restore_and_undo(data_dir, samples, capsys) -> None:
    assert cli(data_dir, "backup") == 0
    backup = re.search(r"Backup written: (.+)$", capsys.readouterr().out, re.M).group(1)
    assert cli(data_dir, "program", "import", str(samples / "program_example.toml")) == 0
    assert cli(data_dir, "restore", backup) == 0
    capsys.readouterr()
    assert cli(data_dir, "program", "list") == 0
    assert "example-2026" not in capsys.readouterr().out
    assert cli(data_dir, "restore", str(data_dir / "missing.sqlite3")) == 1


def test_undo_batch_reverts_an_import(data_dir, samples, capsys) -> None:
    assert cli(data_dir, "program", "import", str(samples / "program_example.toml"), "--no-activate") == 0
    assert cli(data_dir, "batches") == 0
    out = capsys.readouterr().out
    batch_id = re.search(r"^(\S{36})\s.*Import program example-2026", out, re.M).group(1)
    assert cli(data_dir, "undo-batch", batch_id) == 0
    assert cli(data_dir, "program", "list") == 0
    assert "example-2026" not in capsys.readouterr().out.split("Undone")[-1].split("\n", 1)[1]
    assert cli(data_dir, "undo-batch", batch_id) == 1
