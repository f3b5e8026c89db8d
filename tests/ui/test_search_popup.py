"""Edit › Search everything: hits by kind in a list, words in bold, each opened where it lives."""

from __future__ import annotations

from datetime import UTC, datetime

from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import ReportSectionInput, VisitInput
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.visits import editing, report
from prm_desktop.ui.search_popup import HIT_ROLE
from prm_desktop.ui.visits.form import VisitForm
from tests.ui.conftest import prepare_portfolio


def _shell(make_shell, data_dir):
    from prm_desktop.bootstrap import open_app

    prepare_portfolio(data_dir, demo=False)
    app = open_app(data_dir)
    try:
        partner = create_partner(app.uow, PartnerInput(name="Œuvre Intégra"), allow_duplicates=True).id
        person = create_stakeholder(app.uow, StakeholderInput("Léa Œuvre-Martin", "Ventes")).id
        visit = editing.create_visit(app.uow, VisitInput([partner], "video", datetime(2026, 3, 2, 9, tzinfo=UTC)))
        report.save_report(app.uow, visit, [ReportSectionInput("competition", "Une œuvre concurrente", True)])
    finally:
        app.close()
    shell = make_shell()
    shell.start()
    return shell, {"partner": partner, "stakeholder": person, "visit": visit}


def _search(shell, qtbot, text: str):
    shell.window.actions_["search_all"].trigger()
    popup = shell.controller.search_popup
    assert popup is not None and popup.isVisible()
    with qtbot.waitSignal(popup.shown, timeout=10000):
        popup.query.setText(text)
    return popup


def _item(popup, opens: str):
    return next(item for item in popup.hit_items() if item.data(HIT_ROLE).opens == opens)


def test_hits_are_listed_by_kind_with_marked_words(make_shell, data_dir, qtbot) -> None:
    shell, _ids = _shell(make_shell, data_dir)
    popup = _search(shell, qtbot, "OEUVRE")
    texts = [popup.hits.item(i).text() for i in range(popup.hits.count())]
    assert [t for t in texts if t] == ["Partners (1)", "Internal stakeholders (1)", "Visit reports (1)"]
    section = _item(popup, "visit")
    label = popup.hits.itemWidget(section).text()
    assert "Une <b>œuvre</b> concurrente" in label and "(internal only)" in label
    with qtbot.waitSignal(popup.shown, timeout=10000):
        popup.query.setText("introuvable")
    assert popup.hit_items() == [] and "Nothing found" in popup.summary.text()


def test_each_hit_opens_where_it_lives(make_shell, data_dir, qtbot) -> None:
    shell, ids = _shell(make_shell, data_dir)
    window = shell.window
    popup = _search(shell, qtbot, "oeuvre")
    popup.hits.itemActivated.emit(_item(popup, "stakeholder"))
    assert not popup.isVisible()
    people = window.tab("stakeholders")
    assert window.tabs.currentWidget() is people
    qtbot.waitUntil(lambda: people.person_header.text().startswith("Léa Œuvre-Martin"), timeout=10000)
    assert people.person_id == ids["stakeholder"]

    popup = _search(shell, qtbot, "integra")
    popup.hits.itemActivated.emit(_item(popup, "partner"))
    partners = window.tab("partners")
    assert window.tabs.currentWidget() is partners
    qtbot.waitUntil(lambda: partners.editor.partner_id == ids["partner"], timeout=10000)

    popup = _search(shell, qtbot, "concurrente")
    popup.hits.itemActivated.emit(_item(popup, "visit"))
    visits = window.tab("visits")
    assert window.tabs.currentWidget() is visits
    qtbot.waitUntil(lambda: any(isinstance(w, VisitForm) and w.isVisible() for w in visits.windows), timeout=10000)
