"""One portfolio for every face: --data-dir > PRM_DATA_DIR > the folder saved in Settings > the default."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from prm_desktop.bootstrap import open_app
from prm_desktop.cli import main
from prm_desktop.config import (
    DataDirSource,
    choose_data_dir,
    config_file,
    default_paths,
    save_data_dir,
    saved_data_dir,
)


def portfolio(folder: Path) -> Path:
    open_app(folder).close()
    return folder


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_data_dir(None).source is DataDirSource.DEFAULT
    assert choose_data_dir(None).folder == default_paths().data_dir
    save_data_dir(tmp_path / "saved")
    assert choose_data_dir(None) == choose_data_dir(None)
    assert (choose_data_dir(None).folder, choose_data_dir(None).source) == (tmp_path / "saved", DataDirSource.SETTINGS)
    monkeypatch.setenv("PRM_DATA_DIR", str(tmp_path / "env"))
    assert (choose_data_dir(None).folder, choose_data_dir(None).source) == (tmp_path / "env", DataDirSource.ENVIRONMENT)
    option = choose_data_dir(tmp_path / "option")
    assert (option.folder, option.source, option.explicit) == (tmp_path / "option", DataDirSource.OPTION, True)
    assert not choose_data_dir(None).paths().data_dir == default_paths().data_dir


def test_the_saved_folder_is_a_small_json_file_written_atomically(tmp_path: Path) -> None:
    save_data_dir(tmp_path / "Mon portefeuille")
    assert json.loads(config_file().read_text(encoding="utf-8")) == {"data_dir": str(tmp_path / "Mon portefeuille")}
    assert [p.name for p in config_file().parent.iterdir()] == ["config.json"]  # no temporary file left
    save_data_dir(None)
    assert saved_data_dir() is None
    config_file().write_text("{not json", encoding="utf-8")  # damaged by hand: ignored, never a crash
    assert saved_data_dir() is None and choose_data_dir(None).source is DataDirSource.DEFAULT


def test_the_cli_opens_the_folder_saved_in_settings(tmp_path: Path, capsys, _isolated_default_folders) -> None:
    chosen = portfolio(tmp_path / "chosen")
    save_data_dir(chosen)  # what Edit › Settings does
    assert main(["info"]) == 0
    assert str(chosen / "prm.sqlite3") in capsys.readouterr().out
    assert not _isolated_default_folders.exists()  # the default folder was neither read nor created


def test_a_folder_without_a_portfolio_exits_1_naming_it_and_creates_nothing(tmp_path: Path, capsys,
                                                                           monkeypatch, _isolated_default_folders):
    empty = tmp_path / "nothing-here"
    for argv in (["--data-dir", str(empty), "batches"], ["--data-dir", str(empty), "import", "partners", "x.csv"],
                 ["--data-dir", str(empty), "undo-batch", "0123"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"No portfolio in {empty} (given with --data-dir)" in err
    assert not empty.exists()
    save_data_dir(tmp_path / "unplugged")
    assert main(["info"]) == 1
    assert f"No portfolio in {tmp_path / 'unplugged'} (chosen in Edit › Settings)" in capsys.readouterr().err
    save_data_dir(None)
    assert main(["--lang", "fr", "info"]) == 1
    err = capsys.readouterr().err
    assert "Aucun portefeuille dans" in err and "dossier par défaut" in err
    assert not _isolated_default_folders.exists() and not (tmp_path / "unplugged").exists()


def test_the_undo_hint_of_demo_and_import_opens_the_same_portfolio(tmp_path: Path, capsys, monkeypatch,
                                                                  _isolated_default_folders) -> None:
    save_data_dir(tmp_path / "chosen")
    assert main(["demo", "--partners", "5"]) == 0  # demo creates the portfolio in the saved folder
    out = capsys.readouterr().out
    hint = re.search(r"^Undo with: (prm-desktop .*)$", out, re.M).group(1)
    assert hint.startswith("prm-desktop undo-batch ")  # the saved folder needs no --data-dir
    assert main(hint.split()[1:]) == 0
    assert "Undone: Demo portfolio (5 partners)" in capsys.readouterr().out
    assert not _isolated_default_folders.exists()

    monkeypatch.setenv("PRM_DATA_DIR", str(tmp_path / "from env"))
    assert main(["demo", "--partners", "5"]) == 0
    out = capsys.readouterr().out
    hint = re.search(r"^Undo with: (prm-desktop .*)$", out, re.M).group(1)
    monkeypatch.delenv("PRM_DATA_DIR")  # another terminal: the hint still names the folder
    assert shlex.split(hint)[:3] == ["prm-desktop", "--data-dir", str(tmp_path / "from env")]
    assert main(shlex.split(hint)[1:]) == 0
    assert "Undone: Demo portfolio (5 partners)" in capsys.readouterr().out


def test_a_separate_process_opens_the_folder_saved_in_settings(tmp_path: Path) -> None:
    chosen = portfolio(tmp_path / "chosen")
    save_data_dir(chosen)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    done = subprocess.run([sys.executable, "-m", "prm_desktop", "info"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert str(chosen / "prm.sqlite3") in done.stdout
