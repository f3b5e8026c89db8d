"""``undo-batch`` refuses, in one clear line, to undo a batch later work depends on."""

from __future__ import annotations

import re

from prm_desktop.cli import main


def test_undo_batch_refuses_while_later_imports_depend_on_it(data_dir, tmp_path, capsys) -> None:
    partners, contacts = tmp_path / "partners.csv", tmp_path / "contacts.csv"
    partners.write_text("name;city\nAcme;Lyon\n", encoding="utf-8")
    contacts.write_text("partner;name\nAcme;Jean Dupont\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import", "partners", str(partners)]) == 0
    first = re.search(r"Undo with: .*undo-batch (\S+)", capsys.readouterr().out).group(1)
    assert main(["--data-dir", str(data_dir), "import", "contacts", str(contacts)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "undo-batch", first]) == 1
    err = capsys.readouterr().err
    assert "Cannot undo “Import partners from partners.csv”" in err
    assert "“Import contacts from contacts.csv” (" in err and "Traceback" not in err


def test_undo_batch_says_how_many_changes_in_words_that_agree(data_dir, tmp_path, capsys) -> None:
    partners = tmp_path / "partners.csv"
    partners.write_text("name;city\nAcme;Lyon\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import", "partners", str(partners)]) == 0
    batch = re.search(r"Undo with: .*undo-batch (\S+)", capsys.readouterr().out).group(1)
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "undo-batch", batch]) == 0
    assert "(1 modification défaite)." in capsys.readouterr().out
