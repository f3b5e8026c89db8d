"""``self-check``: the installation's messages, migrations and worker process, and an import through it."""

from __future__ import annotations

import os

from prm_desktop.cli import main


def test_self_check_imports_a_sample_through_worker_processes_into_a_scratch_portfolio(
        data_dir, samples, capsys) -> None:  # fmt: skip
    before = sorted(p.name for p in data_dir.rglob("*")) if data_dir.exists() else []
    sample = str(samples / "partners.xlsx")
    assert main(["--data-dir", str(data_dir), "self-check", "--import", "partners", sample]) == 0
    out = capsys.readouterr().out
    assert "French messages: present" in out
    assert "Database migrations: " in out
    pid = int(out.split("Import through the worker (process ")[1].split(")")[0])
    assert pid != os.getpid()
    assert "partners.xlsx, 10 rows read" in out and "everything works" in out
    assert (sorted(p.name for p in data_dir.rglob("*")) if data_dir.exists() else []) == before  # not touched


def test_self_check_reports_a_file_that_cannot_be_imported(data_dir, tmp_path, capsys) -> None:
    bad = tmp_path / "partners.csv"
    bad.write_text("name;city\n;Lyon\n", encoding="utf-8")
    assert main(["self-check", "--import", "partners", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "FAILED: " in out and "1 problem found" in out
