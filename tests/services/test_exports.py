"""Exports of partners and contacts: CSV (UTF-8 BOM or French Excel) and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.exports import CONTACT_COLUMNS, PARTNER_COLUMNS, export_contacts, export_partners
from prm_desktop.services.partner_queries import PartnerFilter
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner
from prm_desktop.services.team import TeamMemberInput, create_team_member


@pytest.fixture
def portfolio(uow):
    owner = create_team_member(uow, TeamMemberInput(name="Claire Martin"))
    dist = create_partner(uow, PartnerInput(name="Grossiste Ŝud", type="distributor"))
    acme = create_partner(uow, PartnerInput(
        name="Œuvre Numérique", legal_name="Œuvre Numérique SAS", siren="732829320", city="Lyon",
        postal_code="69002", assigned_tier="gold", owner_id=owner.id, tags=["cloud", "IA"],
        distributor_ids=[dist.id], contract_end="2027-01-31", partner_since="2020-03-01", status="at_risk",
    ))  # fmt: skip
    add_contact(uow, acme.id, ContactInput(name="Zoë Łukasz", email="zoe@oeuvre.fr", is_primary=True))
    add_contact(uow, acme.id, ContactInput(name="Jean Dupont", role="DG", left_on="2026-01-31"))
    gone = create_partner(uow, PartnerInput(name="Gone"))
    delete_partner(uow, gone.id)
    return acme


def _rows(path, encoding, delimiter):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def test_csv_is_utf8_with_bom_and_canonical_headers(uow, portfolio, tmp_path):
    path = tmp_path / "partners.csv"
    result = export_partners(uow, PartnerFilter(), path)
    assert (result.rows, result.warnings) == (2, ())
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,name,legal_name,type,")
    header, dist, acme = _rows(path, "utf-8-sig", ",")
    assert tuple(header) == PARTNER_COLUMNS
    row = dict(zip(header, acme, strict=True))
    assert row["name"] == "Œuvre Numérique" and row["siren"] == "732829320" and row["id"] == portfolio.id
    assert (row["owner"], row["tier"], row["status"]) == ("Claire Martin", "gold", "at_risk")
    assert (row["since"], row["contract_end"]) == ("2020-03-01", "2027-01-31")
    assert (row["distributor"], row["tags"]) == ("Grossiste Ŝud", "cloud, IA")
    assert dict(zip(header, dist, strict=True))["type"] == "distributor"


def test_filter_and_deleted_view(uow, portfolio, tmp_path):
    assert export_partners(uow, PartnerFilter(text="oeuvre"), tmp_path / "a.csv").rows == 1
    assert export_partners(uow, PartnerFilter(deleted=True), tmp_path / "b.csv").rows == 1
    assert _rows(tmp_path / "b.csv", "utf-8-sig", ",")[1][1] == "Gone"


def test_excel_fr_csv_replaces_what_cp1252_cannot_hold(uow, portfolio, tmp_path):
    path = tmp_path / "partners.csv"
    result = export_partners(uow, PartnerFilter(), path, excel_fr=True)
    assert result.rows == 2
    assert list(result.warnings) == [
        'line 2: Nom: character "Ŝ" (U+015C) cannot be written in Windows-1252; written as ?',
        'line 3: Grossistes: character "Ŝ" (U+015C) cannot be written in Windows-1252; written as ?',
    ]
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    header, dist, acme = _rows(path, "cp1252", ";")
    assert header[:4] == ["Identifiant", "Nom", "Dénomination", "Type de partenaire"]
    assert dist[1] == "Grossiste ?ud"
    assert acme[1] == "Œuvre Numérique"  # Œ and é exist in Windows-1252


def test_contacts_export(uow, portfolio, tmp_path):
    path = tmp_path / "contacts.csv"
    result = export_contacts(uow, PartnerFilter(), path, excel_fr=True)
    assert result.rows == 2
    assert result.warnings == (
        'line 2: Nom: character "Ł" (U+0141) cannot be written in Windows-1252; written as ?',)  # fmt: skip
    header, *rows = _rows(path, "cp1252", ";")
    assert header == ["Identifiant", "ID partenaire", "Partenaire", "SIREN", "Nom", "Fonction", "E-mail",
                      "Téléphone", "Principal", "Date de départ"]
    assert [row[1:] for row in rows] == [
        [portfolio.id, "Œuvre Numérique", "732829320", "Zoë ?ukasz", "", "zoe@oeuvre.fr", "", "oui", ""],
        [portfolio.id, "Œuvre Numérique", "732829320", "Jean Dupont", "DG", "", "", "non", "31/01/2026"],
    ]


def test_xlsx_is_readable(uow, portfolio, tmp_path):
    path = tmp_path / "partners.xlsx"
    assert export_partners(uow, PartnerFilter(), path).rows == 2
    sheet = load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == PARTNER_COLUMNS
    acme = dict(zip(rows[0], rows[2], strict=False))  # read-only mode trims trailing empty cells
    assert acme["name"] == "Œuvre Numérique" and acme["siren"] == "732829320"
    assert acme["contract_end"].date().isoformat() == "2027-01-31"
    contacts = tmp_path / "contacts.xlsx"
    assert export_contacts(uow, PartnerFilter(), contacts).rows == 2
    rows = list(load_workbook(contacts, read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == CONTACT_COLUMNS and rows[1][4] == "Zoë Łukasz"
