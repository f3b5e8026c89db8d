"""Do forms keep their fields and whole messages visible? Measures shared by the tests and a subprocess.

Run as a script (``python tests/ui/fit_probe.py DATA_DIR [SHOTS_DIR]``) it opens the Partners tab and
the welcome dialog in French, each the size of the screen or smaller, shows errors in both and prints
one JSON object: the problems found (``[]`` when every message fits) and the sizes used. The test runs
it with ``QT_SCALE_FACTOR=1.5`` on a 1366×768 offscreen screen; screenshots go to ``SHOTS_DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: Errors that wrap to several lines in a narrow editor (French is the longer language).
EDITOR_VALUES = {"siren": "123", "postal_code": "7500", "email": "pas-un-mail", "contract_end": "31/02/2026"}


def message_fit_problems(pairs: list[tuple[Any, Any]]) -> list[str]:
    """What is wrong with (message label, field) pairs whose message is shown.

    A message label must get at least its height for its width (else lines are cut); its field (if
    any) must keep the height it asks for (else it is squeezed into a sliver).
    """
    problems = []
    for label, field in pairs:
        if not label.isVisible():
            continue
        need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if label.height() < need:
            problems.append(f"{label.text()[:40]!r}: {label.height()} px high, needs {need} at {label.width()} px")
        if field is not None and field.height() < field.sizeHint().height():
            problems.append(
                f"field of {label.text()[:40]!r}: {field.height()} px high, asks {field.sizeHint().height()}"
            )
    return problems


def editor_pairs(tab: Any) -> list[tuple[Any, Any]]:
    """The editor's message labels with their fields (the editor-wide message has no field)."""
    form = tab.editor.form
    return [(box.error, box.widget) for box in form.fields.values()] + [(tab.editor.message, None)]


def show_editor_errors(tab: Any) -> None:
    """A new partner without a name and with wrong values, saved: messages under several fields."""
    tab.new_partner()
    for name, text in EDITOR_VALUES.items():
        tab.editor.form.edit(name).setText(text)
    assert not tab.save()


def contact_pairs(tab: Any) -> list[tuple[Any, Any]]:
    """The contact form's message labels with their fields."""
    return [(box.error, box.widget) for box in tab.editor.contacts.c_fields.values()]


def show_contact_errors(tab: Any, uow: Any) -> None:
    """A saved partner's Contacts page, with a new contact lacking a name and with wrong values."""
    from prm_desktop.domain.partner_rules import PartnerInput
    from prm_desktop.services.partners import create_partner

    partner = create_partner(uow, PartnerInput(name="Œuvre Numérique", city="Lyon"))
    tab.open_partner(partner.id)
    tab.editor.tabs.setCurrentWidget(tab.editor.contacts_page)
    panel = tab.editor.contacts
    panel.start_add()
    panel.c_edits["email"].setText("claire.martin")
    panel.c_edits["left_on"].setText("31/02/2026")
    assert not panel.save_form()


def welcome_pairs(dialog: Any) -> list[tuple[Any, Any]]:
    """The welcome's message labels with their fields."""
    form = dialog.form
    fields = {"name": form.name, "email": form.email, "working_days": form.days[0].parentWidget(),
              "work_end": form.end}  # fmt: skip
    return [(form.errors[name], fields[name]) for name in form.errors]


def show_welcome_errors(dialog: Any, uow: Any) -> None:
    """Every message of the welcome's profile form at once, as saving the profile gives them."""
    from datetime import time

    from prm_desktop.domain.validation import ValidationErrors
    from prm_desktop.services.profile import Profile, save_profile

    wrong = Profile(name="", email="claire.martin", working_days=(), work_start=time(18), work_end=time(9))
    try:
        save_profile(uow, wrong, first_run_done=True)
    except ValidationErrors as errors:
        dialog.form.show_errors(errors.by_field())
    else:  # pragma: no cover - the profile rules changed
        raise AssertionError("the wrong profile was saved")


def settle(app: Any, rounds: int = 30) -> None:
    """Let layouts, posted events and zero timers run."""
    for _round in range(rounds):
        app.processEvents()


def main(data_dir: str, shots: str | None = None) -> int:
    """Open the tab and the welcome at screen size with errors; print the problems as JSON."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # before the tab's module builds its key sequences

    from prm_desktop.bootstrap import open_app
    from prm_desktop.domain.i18n import set_language
    from prm_desktop.ui.context import AppSignals, UiContext
    from prm_desktop.ui.partners.tab import PartnersTab
    from prm_desktop.ui.tasks import TaskRunner
    from prm_desktop.ui.welcome.view import WelcomeDialog

    set_language("fr")
    screen = app.primaryScreen().availableGeometry()
    portfolio = open_app(Path(data_dir))
    tasks = TaskRunner()
    settings = QSettings(str(Path(data_dir) / "settings.ini"), QSettings.Format.IniFormat)
    ctx = UiContext(app=portfolio, tasks=tasks, settings=settings, signals=AppSignals())
    tab = PartnersTab(ctx, confirm=lambda *_a: True)
    tab.resize(screen.size())
    tab.show()
    settle(app)
    show_editor_errors(tab)
    settle(app)
    problems = [f"editor: {p}" for p in message_fit_problems(editor_pairs(tab))]
    if shots:
        tab.grab().save(str(Path(shots) / "editor.png"))
    if tab.width() > screen.width():  # the list and the open editor side by side need more than the screen
        problems.append(f"partners tab: {tab.width()} px wide with the editor open, the screen has {screen.width()}")
    show_contact_errors(tab, portfolio.uow)
    settle(app)
    problems += [f"contacts: {p}" for p in message_fit_problems(contact_pairs(tab))]
    if tab.height() > screen.height():
        problems.append(f"partners tab: {tab.height()} px high with the contact form open, the screen has "
                        f"{screen.height()}")
    if shots:
        tab.grab().save(str(Path(shots) / "contacts.png"))
    dialog = WelcomeDialog("fr")
    dialog.show()
    settle(app)
    show_welcome_errors(dialog, portfolio.uow)
    settle(app)
    problems += [f"welcome: {p}" for p in message_fit_problems(welcome_pairs(dialog))]
    fits = dialog.frameGeometry().height() <= screen.height() and dialog.width() <= screen.width()
    if not fits:
        problems.append(f"welcome: {dialog.width()}×{dialog.height()} does not fit the screen {screen.size()}")
    if shots:
        dialog.grab().save(str(Path(shots) / "welcome.png"))
    print(json.dumps({"problems": problems, "screen": [screen.width(), screen.height()],
                      "ratio": app.primaryScreen().devicePixelRatio(),
                      "editor_width": tab.editor.width(), "welcome": [dialog.width(), dialog.height()]}))  # fmt: skip
    tasks.cancel_all()
    tasks.wait(30000)
    portfolio.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main(*sys.argv[1:3]))
