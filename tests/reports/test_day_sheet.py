"""The visit day sheet: my visits of the day by default (everyone's on request), an overnight visit on
both days it covers, with its times in full."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from prm_desktop.domain.partner_rules import TeamMemberInput
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.review_day import visit_day
from prm_desktop.services.review_files import write_day_sheet
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits.editing import create_visit
from tests.reports.conftest import pdf_text

PARIS = ZoneInfo("Europe/Paris")
TUESDAY = date(2026, 5, 12)


def _visit(uow, partner: str, day: date, hour: int, minutes: int = 60, owner: str | None = None,  # noqa: ANN001
           agenda: str = "") -> str:
    when = datetime.combine(day, time(hour), tzinfo=PARIS)
    return create_visit(uow, VisitInput([partner], starts_at=when, duration_minutes=minutes, owner_id=owner,
                                        agenda=agenda))  # fmt: skip


def test_the_day_sheet_lists_my_visits_unless_everyone_is_asked(portfolio, app_ctx, tmp_path: Path) -> None:
    from prm_desktop.services.profile import get_profile

    uow = app_ctx.uow
    me = get_profile(uow).me_member_id
    colleague = create_team_member(uow, TeamMemberInput(name="Jérôme Dupré")).id
    mine = _visit(uow, portfolio.partner_id, TUESDAY, 9, owner=me, agenda="Ordre du jour à moi")
    theirs = _visit(uow, portfolio.all_ids[0], TUESDAY, 14, owner=colleague, agenda="Ordre du jour du collègue")
    assert [v.agenda for v in visit_day(uow, TUESDAY).visits] == ["Ordre du jour à moi"]
    assert [v.agenda for v in visit_day(uow, TUESDAY, everyone=True).visits] == ["Ordre du jour à moi",
                                                                                "Ordre du jour du collègue"]
    out = tmp_path / "day.pdf"
    assert write_day_sheet(uow, TUESDAY, out).partners == 1
    assert "Ordre du jour à moi" in pdf_text(out) and "collègue" not in pdf_text(out)
    assert write_day_sheet(uow, TUESDAY, out, everyone=True).partners == 2
    assert "The whole team's visits" in pdf_text(out)
    assert mine and theirs


def test_an_overnight_visit_is_on_both_days_with_its_times(portfolio, app_ctx, tmp_path: Path) -> None:
    uow = app_ctx.uow
    from prm_desktop.services.profile import get_profile

    me = get_profile(uow).me_member_id
    _visit(uow, portfolio.partner_id, date(2026, 5, 11), 22, 240, owner=me, agenda="Inventaire de nuit")
    _visit(uow, portfolio.all_ids[0], TUESDAY, 10, owner=me, agenda="Revue du matin")
    _visit(uow, portfolio.all_ids[2], TUESDAY, 23, 120, owner=me, agenda="Migration de nuit")
    assert [v.agenda for v in visit_day(uow, TUESDAY).visits] == ["Inventaire de nuit", "Revue du matin",
                                                                  "Migration de nuit"]
    assert [v.agenda for v in visit_day(uow, date(2026, 5, 13)).visits] == ["Migration de nuit"]
    out = tmp_path / "tuesday.pdf"
    write_day_sheet(uow, TUESDAY, out)
    text = pdf_text(out)
    assert "Mon 11 May 22:00–02:00" in text  # begun the day before
    assert "10:00–11:00" in text
    assert "23:00–Wed 13 May 01:00" in text  # ends the next day
