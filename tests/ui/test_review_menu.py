"""File › Review pack… and File › Visit day sheet…: the review packs and the day sheet from the menu; the
day sheet lists my visits by default, the whole team's when “Mine only” is unticked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pypdf
from PySide6.QtGui import QKeySequence

from prm_desktop.domain.partner_rules import TeamMemberInput
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits.editing import create_visit
from tests.reports.seed import NAME, seed_partner, seed_profile
from tests.ui.conftest import prepare_portfolio


def _text(path) -> str:  # noqa: ANN001
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def _shell(make_shell, data_dir):  # noqa: ANN001, ANN202
    from prm_desktop.bootstrap import open_app

    prepare_portfolio(data_dir, demo=False)
    app = open_app(data_dir)
    try:
        me = seed_profile(app.uow)
        pid = seed_partner(app.uow, owner_id=me, with_secrets=False)
        colleague = create_team_member(app.uow, TeamMemberInput(name="Jérôme Dupré")).id
        today = datetime.combine(date.today(), time(0), UTC)
        create_visit(app.uow, VisitInput([pid], starts_at=today + timedelta(hours=8), agenda="Mon ordre du jour",
                                         owner_id=me))  # fmt: skip
        create_visit(app.uow, VisitInput([pid], starts_at=today + timedelta(hours=12), agenda="Celui du collègue",
                                         owner_id=colleague))  # fmt: skip
    finally:
        app.close()
    shell = make_shell()
    shell.start()
    return shell


def test_the_day_sheet_from_the_file_menu_lists_my_visits_then_the_teams(make_shell, data_dir, qtbot) -> None:
    from prm_desktop.ui.reviews.day_dialog import DaySheetDialog

    shell = _shell(make_shell, data_dir)
    action = shell.window.actions_["day_sheet"]
    assert action in shell.window.findChild(type(shell.window.menuBar().actions()[0].menu()), "menuFile").actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+P") and action.text() == "Visit &day sheet…"
    action.trigger()
    (dialog,) = shell.window.findChildren(DaySheetDialog)
    assert dialog.isVisible() and dialog.mine.isChecked() and dialog.chosen_day() == date.today()
    assert dialog.preview.view.accessibleName() == "Preview of the day sheet"
    assert dialog.build()
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.preview.files), timeout=60000)
    [sheet] = dialog.preview.files
    assert sheet.name.endswith("-interne.pdf") and "1 visit," in dialog.status.text()
    text = _text(sheet)
    assert "Mon ordre du jour" in text and "Celui du collègue" not in text and NAME in text
    dialog.mine.setChecked(False)
    assert dialog.build()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.preview.files != [sheet], timeout=60000)
    [team] = dialog.preview.files
    assert "Celui du collègue" in _text(team) and "2 visits," in dialog.status.text()
    assert dialog.preview.document.pageCount() == len(pypdf.PdfReader(str(team)).pages)
    dialog.close()


def test_the_review_pack_dialog_from_the_file_menu(make_shell, data_dir, qtbot) -> None:
    from prm_desktop.ui.reviews.pack_dialog import ReviewPackDialog

    shell = _shell(make_shell, data_dir)
    action = shell.window.actions_["review_pack"]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    tab = shell.window.tab("partners")
    qtbot.waitUntil(lambda: tab.list.model.rowCount() == 1, timeout=20000)
    action.trigger()
    (dialog,) = tab.findChildren(ReviewPackDialog)
    assert dialog.isVisible() and shell.window.tabs.currentWidget() is tab
    assert dialog.for_partner.isChecked() and dialog.scope_list.isChecked()  # no partner open: the list's
    dialog.close()
