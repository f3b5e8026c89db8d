from __future__ import annotations

import logging
import zipfile

from prm_desktop.logging_setup import setup_logging
from prm_desktop.services.problem_report import versions, write_problem_report


def test_report_holds_logs_and_versions_never_the_database(tmp_path) -> None:
    log_dir = tmp_path / "logs"
    setup_logging(log_dir)
    logging.getLogger("prm_desktop.test").error("Import of partners.xlsx failed")
    (log_dir / "copy.sqlite3").write_bytes(b"SQLite format 3\x00 secret partners")
    path = write_problem_report(log_dir, tmp_path / "reports", {"Qt": "6.12.0"}, "La liste est vide")
    assert path.parent == tmp_path / "reports" and path.name.startswith("problem-report-")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "versions.txt" in names and "logs/prm-desktop.log" in names
        assert not any("sqlite3" in name for name in names)
        text = archive.read("versions.txt").decode()
        assert "PRM Desktop:" in text and "Qt: 6.12.0" in text and "Python:" in text
        assert "Import of partners.xlsx failed" in archive.read("logs/prm-desktop.log").decode()
        assert archive.read("description.txt").decode().strip() == "La liste est vide"


def test_versions_lists_libraries() -> None:
    found = versions({"PySide6": "6.12.0"})
    assert {"PRM Desktop", "Python", "OS", "sqlalchemy", "PySide6"} <= set(found)


def test_log_rotates(tmp_path, monkeypatch) -> None:
    from prm_desktop import logging_setup

    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2000)
    log_dir = tmp_path / "logs"
    setup_logging(log_dir)
    for n in range(200):
        logging.getLogger("prm_desktop.test").info("line %s %s", n, "x" * 50)
    assert len(logging_setup.log_files(log_dir)) >= 2
    setup_logging(tmp_path / "other")
