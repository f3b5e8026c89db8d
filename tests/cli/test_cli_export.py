"""``prm-desktop export partners|contacts``."""

from __future__ import annotations

from openpyxl import load_workbook

from prm_desktop.bootstrap import open_app
from prm_desktop.cli import main
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner


def _seed(data_dir):
    ctx = open_app(data_dir)
    try:
        acme = create_partner(ctx.uow, PartnerInput(name="Acme Łódź", city="Lyon"))
        create_partner(ctx.uow, PartnerInput(name="Beta", city="Paris"))
        add_contact(ctx.uow, acme.id, ContactInput(name="Jean", email="jean@acme.fr"))
    finally:
        ctx.close()


def test_export_partners_csv(data_dir, tmp_path, capsys):
    _seed(data_dir)
    out = tmp_path / "p.csv"
    assert main(["--data-dir", str(data_dir), "export", "partners", "--out", str(out)]) == 0
    assert "2 rows written" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,name,")
    assert "Acme Łódź" in data.decode("utf-8-sig")


def test_export_excel_fr_warns_on_stderr(data_dir, tmp_path, capsys):
    _seed(data_dir)
    out = tmp_path / "p.csv"
    assert main(["--data-dir", str(data_dir), "export", "partners", "--out", str(out), "--excel-fr",
                 "--search", "acme"]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert "1 row written" in captured.out
    assert 'line 2: Nom: character "Ł" (U+0141)' in captured.err
    assert out.read_bytes().decode("cp1252").startswith("Identifiant;Nom;Dénomination;")


def test_export_contacts_xlsx(data_dir, tmp_path, capsys):
    _seed(data_dir)
    out = tmp_path / "c.xlsx"
    assert main(["--data-dir", str(data_dir), "export", "contacts", "--out", str(out)]) == 0
    rows = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert rows[1][2:5] == ("Acme Łódź", None, "Jean")
    assert "1 row written" in capsys.readouterr().out


def test_export_needs_out(data_dir, capsys):
    try:
        main(["--data-dir", str(data_dir), "export", "partners"])
    except SystemExit as done:
        assert done.code == 2
    assert "--out" in capsys.readouterr().err
