"""``prm-desktop visits due`` and ``visits eml``: the same services as the Visits tab."""

from __future__ import annotations

import email
import json
from datetime import UTC, datetime
from email import policy

from prm_desktop.cli import main
from prm_desktop.domain.visit_rules import ActionInput, ReportSectionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing, report


def test_visits_due_lists_the_most_overdue_first(app_ctx, data_dir, capsys) -> None:
    uow = app_ctx.uow
    me = save_profile(uow, Profile(name="Claire Martin"))
    late = create_partner(uow, PartnerInput(name="Late", assigned_tier="gold", owner_id=me.me_member_id))
    later = create_partner(uow, PartnerInput(name="Very Late", assigned_tier="gold"))
    create_partner(uow, PartnerInput(name="Prospect", status="prospect"))
    for partner, year in ((late, 2025), (later, 2024)):
        visit = editing.create_visit(uow, VisitInput([partner.id], "on_site", datetime(year, 3, 2, 9, tzinfo=UTC)))
        editing.mark_done(uow, visit)
    assert main(["--data-dir", str(data_dir), "visits", "due", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["Very Late", "Late"]
    assert rows[0]["due_on"] == "2024-05-01" and rows[0]["days_overdue"] > rows[1]["days_overdue"] > 0
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "visits", "due", "--owner", "Claire Martin"]) == 0
    out = capsys.readouterr().out
    assert "Jours de retard" in out and "Late" in out and "Very Late" not in out


def test_visits_eml_writes_a_draft_without_internal_content(app_ctx, data_dir, tmp_path) -> None:
    uow = app_ctx.uow
    acme = create_partner(uow, PartnerInput(name="Acme"))
    alice = add_contact(uow, acme.id, ContactInput(name="Alice", email="alice@acme.fr"))
    visit = editing.create_visit(uow, VisitInput([acme.id], "video", datetime(2026, 3, 2, 9, tzinfo=UTC),
                                                 contact_ids=[alice.id]))  # fmt: skip
    report.save_report(uow, visit, [ReportSectionInput("discussed", "Roadmap"),
                                    ReportSectionInput("competition", "Globex is cheaper", True)])  # fmt: skip
    report.add_action(uow, ActionInput(title="Call their CFO", internal_only=True), visit)
    out = tmp_path / "report.eml"
    assert main(["--data-dir", str(data_dir), "--lang", "en", "visits", "eml", visit, "--out", str(out)]) == 0
    msg = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and msg["To"] == "Alice <alice@acme.fr>"
    assert msg["Subject"] == "Visit report: Acme, 2 March 2026"
    body = msg.get_body(("plain",)).get_content()
    assert "Roadmap" in body and "Globex" not in body and "CFO" not in body
    assert main(["--data-dir", str(data_dir), "visits", "eml", "nope", "--out", str(out)]) == 1
