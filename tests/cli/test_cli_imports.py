"""``prm-desktop import KIND FILE [--dry-run]``, run in-process on a temporary portfolio."""

from __future__ import annotations

import re

from prm_desktop.cli import main


def cli(data_dir, *args) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_import_prints_warnings_summary_and_how_to_undo(data_dir, samples, capsys) -> None:
    assert cli(data_dir, "program", "import", str(samples / "program_example.toml")) == 0
    capsys.readouterr()
    assert cli(data_dir, "import", "partners", str(samples / "partenaires_excel_fr.csv")) == 0
    out = capsys.readouterr().out
    assert 'line 2: Responsable partenaire: "Claire Le Goff" is not a team member yet; added to the team' in out
    assert "line 3: Code postal: postcode \"1000\" lost its leading zero; imported as 01000" in out
    assert "12 to create (10 partners, 2 team members), 0 to update, 0 unchanged" in out
    batch = re.search(r"Undo with: prm-desktop --data-dir \S+ undo-batch (\S+)", out).group(1)
    assert f"Imported as batch {batch}." in out

    assert cli(data_dir, "import", "partners", str(samples / "partners.xlsx")) == 0
    out = capsys.readouterr().out
    assert "0 to create, 0 to update, 10 unchanged" in out and "Nothing to change" in out

    assert cli(data_dir, "undo-batch", batch) == 0
    assert "Undone: Import partners from partenaires_excel_fr.csv" in capsys.readouterr().out


def test_errors_go_to_stderr_exit_1_and_nothing_is_written(data_dir, samples, tmp_path, capsys) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_text("partner,name,email\nInconnu SARL,Jean Dupont,jean@example.fr\nX,,pas-un-mail\n",
                   encoding="utf-8")
    assert cli(data_dir, "import", "contacts", str(bad)) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[:2] == [
        'line 2: partner: no partner matches "Inconnu SARL"',
        "line 3: email: Enter a valid e-mail address, like name@example.fr.",
    ]
    assert "Nothing was written" in captured.err
    assert "line 3: name: a value is required" in captured.err
    assert "0 to create, 0 to update, 0 unchanged, 3 errors" in captured.out
    assert cli(data_dir, "batches") == 0
    assert "import" not in capsys.readouterr().out


def test_dry_run_lists_items_and_writes_nothing(data_dir, samples, capsys) -> None:
    assert cli(data_dir, "program", "import", str(samples / "program_example.toml")) == 0
    assert cli(data_dir, "import", "partners", str(samples / "partenaires_excel_fr.csv"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "12 to create:" in out and "  partner Île Œnologie Digitale (line 10)" in out
    assert "  team member Claire Le Goff (line 2)" in out
    assert "Dry run: nothing was written." in out
    assert cli(data_dir, "import", "partners", str(samples / "partenaires_excel_fr.csv")) == 0
    capsys.readouterr()
    changed = samples / "partners.xlsx"
    assert cli(data_dir, "import", "partners", str(changed), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "10 unchanged:" in out and "  partner Armorique Logiciels (line 2)" in out


def test_dry_run_shows_field_changes_and_truncates_long_lists(data_dir, tmp_path, capsys) -> None:
    rows = "".join(f"Partenaire {i};Lyon\n" for i in range(25))
    first = tmp_path / "p.csv"
    first.write_text("nom;ville\n" + rows, encoding="utf-8")
    assert cli(data_dir, "import", "partners", str(first)) == 0
    second = tmp_path / "q.csv"
    second.write_text("nom;ville\n" + rows.replace("Lyon", "Lille"), encoding="utf-8")
    capsys.readouterr()
    assert cli(data_dir, "import", "partners", str(second), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "25 to update:" in out and "  partner Partenaire 0 (line 2): city: Lyon → Lille" in out
    assert "  … and 5 more" in out


def test_unreadable_file_is_one_error_line(data_dir, tmp_path, capsys) -> None:
    assert cli(data_dir, "import", "partners", str(tmp_path / "missing.csv")) == 1
    assert capsys.readouterr().err == f"Error: No such file: {tmp_path / 'missing.csv'}\n"
