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


def test_export_french_excel_with_the_lists_columns_and_order_reimports_unchanged(data_dir, tmp_path, capsys):
    ctx = open_app(data_dir)
    try:
        create_partner(ctx.uow, PartnerInput(name="Œuvre Numérique", city="Lyon", status="active"))
        create_partner(ctx.uow, PartnerInput(name="Beta", city="Paris", status="active", tags=["cloud", "IA"]))
    finally:
        ctx.close()
    out = tmp_path / "p.csv"
    assert main(["--data-dir", str(data_dir), "export", "partners", "--out", str(out), "--excel-fr",
                 "--list-columns", "--sort", "city", "--descending"]) == 0  # fmt: skip
    lines = out.read_bytes().decode("cp1252").splitlines()
    assert lines[0].startswith("Identifiant;Nom;") and lines[0].endswith(
        ";Niveau qualifié;Chiffre d’affaires de la période (EUR);Atteinte de l’objectif;Prochaine visite;À risque le")
    assert [line.split(";")[1] for line in lines[1:]] == ["Beta", "Œuvre Numérique"]  # Paris, then Lyon
    assert ";Revendeur;" in lines[1] and ";Actif;" in lines[1]
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "import", "partners", str(out)]) == 0
    assert "Nothing to change" in capsys.readouterr().out
