"""Exports write no live formula, keep numbers numeric and re-import unchanged (issues 10.6 and 11.4)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.exports import LIST_COLUMNS, export_contacts, export_partners
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import PartnerFilter
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.team import TeamMemberInput, create_team_member

#: Texts a spreadsheet would run as formulas (OWASP CSV injection examples and friends).
FORMULAS = ["=HYPERLINK(\"http://x\",\"clic\")", "+33 1 23 45 67 89", "-Nord-", "@SUM(A1)", "=1+1",
            "'=already quoted"]


@pytest.fixture
def risky(uow):
    """Partners and contacts whose texts start like formulas."""
    owner = create_team_member(uow, TeamMemberInput(name="=Claire"))
    for index, value in enumerate(FORMULAS):
        partner = create_partner(uow, PartnerInput(
            name=f"{value} {index}", legal_name=value, city=value, region=value, address=value,
            owner_id=owner.id, tags=[value.replace(",", " "), "cloud"], status="active", type="reseller",
            partner_since="2020-03-01"))  # fmt: skip
        add_contact(uow, partner.id, ContactInput(name=f"{value} contact", role=value, is_primary=True))
    return uow


def _csv(path, encoding="utf-8-sig", delimiter=","):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def _reimport_changes_nothing(uow, kind, path) -> None:
    plan, result = import_file(uow, kind, path)
    assert plan.errors == [], [str(e) for e in plan.errors][:3]
    assert (len(plan.creates), len(plan.updates), len(plan.deletes)) == (0, 0, 0), (
        [c.label for c in plan.creates][:3], [(u.label, u.changes) for u in plan.updates][:3])
    assert result is not None and result.batch_id is None


def test_csv_guards_every_formula_like_text_with_an_apostrophe(risky, tmp_path) -> None:
    path = tmp_path / "partners.csv"
    export_partners(risky, PartnerFilter(), path)
    header, *rows = _csv(path)
    cells = [cell for row in rows for cell in row[1:]]  # the id column is hexadecimal
    starts = {cell[:1] for cell in cells if cell}
    assert not starts & set("=+-@\t\r"), sorted(starts)
    row = dict(zip(header, next(r for r in rows if r[1].startswith("'=1+1")), strict=True))
    assert (row["name"], row["city"], row["owner"]) == ("'=1+1 4", "'=1+1", "'=Claire")
    assert dict(zip(header, next(r for r in rows if "already" in r[1]), strict=True))["city"] == "''=already quoted"


@pytest.mark.parametrize("excel_fr", [False, True])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_like_texts_reimport_unchanged(risky, tmp_path, suffix, excel_fr) -> None:
    partners, contacts = tmp_path / f"p{suffix}", tmp_path / f"c{suffix}"
    assert export_partners(risky, PartnerFilter(), partners, excel_fr=excel_fr).rows == len(FORMULAS)
    assert export_contacts(risky, PartnerFilter(), contacts, excel_fr=excel_fr).rows == len(FORMULAS)
    _reimport_changes_nothing(risky, "partners", partners)
    _reimport_changes_nothing(risky, "contacts", contacts)


def test_xlsx_writes_typed_strings_never_formulas(risky, tmp_path) -> None:
    path = tmp_path / "partners.xlsx"
    export_partners(risky, PartnerFilter(), path)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    sheet = load_workbook(path, read_only=True).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    formula_like = [c for c in cells if c.value[:1] in "=+-@"]
    assert len(formula_like) >= 5 * len(FORMULAS) - 6
    assert {c.data_type for c in formula_like} == {"s"}


def test_credit_notes_stay_negative_numbers(uow, tmp_path) -> None:
    create_partner(uow, PartnerInput(name="Armorique"))
    quarter = f"{date.today().year}-Q{(date.today().month - 1) // 3 + 1}"
    revenue = tmp_path / "r.csv"
    revenue.write_text(f"partner;quarter;amount\nArmorique;{quarter};-1234.5\n", encoding="utf-8")
    assert import_file(uow, "revenue", revenue)[0].ok
    csv_path, xlsx_path = tmp_path / "p.csv", tmp_path / "p.xlsx"
    export_partners(uow, PartnerFilter(), csv_path, list_columns=("revenue",))
    header, row = _csv(csv_path)
    assert (header[-1], row[-1]) == ("revenue (EUR)", "-1234.5")
    export_partners(uow, PartnerFilter(), xlsx_path, list_columns=("revenue",))
    cell = list(load_workbook(xlsx_path, read_only=True).active.iter_rows(min_row=2))[0][-1]
    assert (cell.value, cell.data_type) == (-1234.5, "n")


def test_control_characters_in_stored_data_do_not_crash_the_xlsx_export(uow, tmp_path) -> None:
    partner = create_partner(uow, PartnerInput(name="Bell\x07 SAS"))
    add_contact(uow, partner.id, ContactInput(name="Jean\x00 Dupont"))
    result = export_partners(uow, PartnerFilter(), tmp_path / "p.xlsx")
    assert result.warnings == ("line 2: name: control characters cannot be written in Excel; left out",)
    assert export_contacts(uow, PartnerFilter(), tmp_path / "c.xlsx").rows == 1


@pytest.fixture
def french(uow):
    owner = create_team_member(uow, TeamMemberInput(name="Claire Martin"))
    dist = create_partner(uow, PartnerInput(name="Grossiste Sud", type="distributor", status="active"))
    acme = create_partner(uow, PartnerInput(
        name="Œuvre Numérique", legal_name="Œuvre Numérique SAS", siren="732829320", city="Lyon",
        postal_code="69002", owner_id=owner.id, tags=["cloud", "IA"], distributor_ids=[dist.id],
        contract_end="2027-01-31", partner_since="2020-03-01", status="at_risk", type="reseller",
    ))  # fmt: skip
    add_contact(uow, acme.id, ContactInput(name="Zoë Dupont", email="zoe@oeuvre.fr", is_primary=True))
    add_contact(uow, acme.id, ContactInput(name="Jean Dupont", role="DG", left_on="2026-01-31"))
    return uow


def test_french_excel_writes_french_headers_labels_and_dates(french, tmp_path) -> None:
    path = tmp_path / "partenaires.csv"
    export_partners(french, PartnerFilter(), path, excel_fr=True)
    header, dist, acme = _csv(path, "cp1252", ";")
    row = dict(zip(header, acme, strict=True))
    assert header[:5] == ["Identifiant", "Nom", "Dénomination", "Type de partenaire", "SIREN"]
    assert (row["Type de partenaire"], row["Statut"]) == ("Revendeur", "À risque")
    assert dict(zip(header, dist, strict=True))["Statut"] == "Actif"
    assert (row["Date de signature"], row["Fin de contrat"]) == ("01/03/2020", "31/01/2027")
    assert (row["Étiquettes"], row["Grossistes"], row["Responsable partenaire"]) == (
        "cloud, IA", "Grossiste Sud", "Claire Martin")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_french_excel_exports_reimport_unchanged(french, tmp_path, suffix) -> None:
    partners, contacts = tmp_path / f"p{suffix}", tmp_path / f"c{suffix}"
    export_partners(french, PartnerFilter(), partners, excel_fr=True, list_columns=LIST_COLUMNS)
    export_contacts(french, PartnerFilter(), contacts, excel_fr=True)
    _reimport_changes_nothing(french, "partners", partners)
    _reimport_changes_nothing(french, "contacts", contacts)


def test_list_columns_come_in_the_lists_order(french, tmp_path) -> None:
    path = tmp_path / "p.csv"
    export_partners(french, PartnerFilter(), path, sort_key="name", descending=True, list_columns=LIST_COLUMNS)
    header, first, second = _csv(path)
    assert header[-5:] == ["qualified_tier", "revenue (EUR)", "attainment", "next_visit", "at_risk_on"]
    assert [first[1], second[1]] == ["Œuvre Numérique", "Grossiste Sud"]
    plan, _result = import_file(french, "partners", path)
    assert plan.warnings == [] and plan.errors == []  # the list's columns are known and ignored
    with pytest.raises(ValueError, match="unknown list column"):
        export_partners(french, PartnerFilter(), path, list_columns=("secret",))


def test_an_edited_export_updates_the_same_rows_through_their_ids(french, tmp_path) -> None:
    partners, contacts = tmp_path / "p.csv", tmp_path / "c.csv"
    export_partners(french, PartnerFilter(), partners)
    export_contacts(french, PartnerFilter(), contacts)
    partners.write_text(partners.read_text(encoding="utf-8-sig").replace("Œuvre Numérique,", "Opus Digital,"),
                        encoding="utf-8-sig")
    contacts.write_text(contacts.read_text(encoding="utf-8-sig").replace("Zoë Dupont,", "Zoé Durand,")
                        .replace("zoe@oeuvre.fr", "zoe.durand@opus.fr"), encoding="utf-8-sig")
    plan, _result = import_file(french, "partners", partners)
    assert (len(plan.creates), [u.label for u in plan.updates]) == (0, ["Opus Digital"])
    plan, _result = import_file(french, "contacts", contacts)
    assert plan.errors == [] and len(plan.creates) == 0 and len(plan.updates) == 1
    assert {c.field for c in plan.updates[0].changes} == {"name", "email"}

