"""``prm-desktop search QUERY [--json]``: the hits of every kind, grouped, words marked, in the user's language."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from prm_desktop.cli import main
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import ReportSectionInput, VisitInput
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.visits import editing, report


def _portfolio(uow) -> dict[str, str]:
    partner = create_partner(uow, PartnerInput(name="Œuvre Intégra"), allow_duplicates=True).id
    person = create_stakeholder(uow, StakeholderInput("Léa Œuvre-Martin", "Ventes")).id
    visit = editing.create_visit(uow, VisitInput([partner], "video", datetime(2026, 3, 2, 9, tzinfo=UTC)))
    report.save_report(uow, visit, [ReportSectionInput("competition", "Une œuvre concurrente", True)])
    return {"partner": partner, "stakeholder": person, "visit": visit}


def test_search_json_gives_every_kind_with_highlights_and_the_internal_flag(app_ctx, data_dir, capsys) -> None:
    ids = _portfolio(app_ctx.uow)
    assert main(["--data-dir", str(data_dir), "search", "oeuvre", "--json"]) == 0
    groups = {g["kind"]: g for g in json.loads(capsys.readouterr().out)}
    assert list(groups) == ["partner", "stakeholder", "visit"]
    assert [h["id"] for h in groups["partner"]["hits"]] == [ids["partner"]]
    (section,) = groups["visit"]["hits"]
    assert (section["opens"], section["open_id"], section["internal_only"]) == ("visit", ids["visit"], True)
    assert section["snippet"] == "Une œuvre concurrente"
    assert section["highlights"] == [[4, 9]]
    assert groups["stakeholder"]["hits"][0]["internal_only"] is False


def test_search_prints_hits_by_kind_in_french(app_ctx, data_dir, capsys) -> None:
    _portfolio(app_ctx.uow)
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "search", "OEUVRE"]) == 0
    out = capsys.readouterr().out
    assert "Partenaires (1)" in out and "Parties prenantes internes (1)" in out
    assert "Comptes rendus de visite (1)" in out
    assert "Concurrence — visite du 2 mars 2026, Œuvre Intégra  [interne uniquement]" in out
    assert "Une [œuvre] concurrente" in out and "Léa [Œuvre]-Martin" in out
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "search", "introuvable"]) == 0
    assert "Aucun résultat pour «\u00a0introuvable\u00a0»." in capsys.readouterr().out
