"""Open a visit's form or report editor in its own non-modal window, from anywhere in the app.

The data is read off the GUI thread (the task runner); the windows are kept until the next one opens
after they were closed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.domain.visit_rules import ActionInput
from prm_desktop.services.profile import get_profile
from prm_desktop.services.visits import editing, report
from prm_desktop.services.visits.people import PeopleChoices, people_choices
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.visits.action_form import ActionForm
from prm_desktop.ui.visits.form import VisitForm
from prm_desktop.ui.visits.report_editor import ReportEditor

__all__ = ["VisitWindows", "report_editor", "report_parts", "visit_form"]


def report_parts(uow: Any, visit_id: str) -> tuple[report.Report, editing.VisitDetail, str | None, PeopleChoices]:
    """What the report editor of a visit needs (read off the GUI thread): the report, the visit, me, people."""
    detail = editing.get_visit(uow, visit_id)
    return (report.get_report(uow, visit_id), detail, get_profile(uow).me_member_id,
            people_choices(uow, detail.partner_ids))  # fmt: skip


def report_editor(ctx: UiContext, rep: report.Report, detail: editing.VisitDetail, me: str | None,
                  people: PeopleChoices, parent: QWidget | None = None) -> ReportEditor:  # fmt: skip
    """The report editor of a visit; a new action's owner is chosen among me, the team, stakeholders, contacts."""
    return ReportEditor(ctx, detail.id, rep, ", ".join(detail.partner_names), me, parent, people)


def visit_form(ctx: UiContext, detail: editing.VisitDetail, people: PeopleChoices,
               parent: QWidget | None = None) -> VisitForm:  # fmt: skip
    """The form of a stored visit, offering its partners' contacts, the stakeholders and the team as attendees."""
    return VisitForm(ctx, detail.as_input(), detail.id, ", ".join(detail.partner_names), parent, people.contacts,
                     people.stakeholders, people.members)  # fmt: skip


class VisitWindows:
    """The visit forms and report editors opened from one place (a page of the partner editor).

    Args:
        ctx: The UI context.
        parent: The widget the windows belong to.
    """

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent
        self.windows: list[QWidget] = []

    def open_visit(self, visit_id: str) -> None:
        """Load a visit and show it in a form window."""
        uow = self.ctx.app.uow

        def load(_p: object) -> tuple[editing.VisitDetail, PeopleChoices]:
            detail = editing.get_visit(uow, visit_id)
            return detail, people_choices(uow, detail.partner_ids)

        self.ctx.tasks.run(_("Opening the visit"), load, on_done=self._show_form)

    def _show_form(self, result: tuple[editing.VisitDetail, PeopleChoices]) -> None:
        self.show(visit_form(self.ctx, *result, parent=self.parent))

    def open_report(self, visit_id: str) -> None:
        """Load a visit's report and show the report editor."""
        uow = self.ctx.app.uow
        self.ctx.tasks.run(_("Opening the report"),
                           lambda _p: report_parts(uow, visit_id), on_done=self._show_report)

    def _show_report(self, result: tuple[report.Report, editing.VisitDetail, str | None, PeopleChoices]) -> None:
        self.show(report_editor(self.ctx, *result, parent=self.parent))

    def open_action(self, action_id: str) -> None:
        """Load an action item and show it in the action form (owner, description, due date)."""
        uow = self.ctx.app.uow

        def load(_p: object) -> tuple[ActionInput, PeopleChoices, str | None]:
            data = report.get_action(uow, action_id)
            partners = [data.partner_id] if data.partner_id else []
            return data, people_choices(uow, partners), get_profile(uow).me_member_id

        self.ctx.tasks.run(_("Opening the action"), load,
                           on_done=lambda result: self.show(ActionForm(self.ctx, *result, action_id=action_id,
                                                                       parent=self.parent)))  # fmt: skip

    def new_action_from_note(self, note_id: str, partner_id: str | None, title: str) -> None:
        """Show the action form for a new action from a note (about the note's partner)."""
        uow = self.ctx.app.uow

        def load(_p: object) -> tuple[ActionInput, PeopleChoices, str | None]:
            me = get_profile(uow).me_member_id
            return ActionInput(title, owner_member_id=me, partner_id=partner_id), \
                people_choices(uow, [partner_id] if partner_id else []), me  # fmt: skip

        self.ctx.tasks.run(_("Opening the action"), load,
                           on_done=lambda result: self.show(ActionForm(self.ctx, *result, parent=self.parent,
                                                                       note_id=note_id)))  # fmt: skip

    def show(self, widget: QWidget) -> None:
        """Show ``widget`` as a window of its own."""
        for old in [w for w in self.windows if not w.isVisible()]:
            self.windows.remove(old)
            old.deleteLater()
        widget.setWindowFlag(Qt.WindowType.Window, True)
        self.windows.append(widget)
        widget.resize(640, 560 if not isinstance(widget, ActionForm) else 260)
        widget.show()

    def close_all(self) -> None:
        """Close every window (reports write their drafts)."""
        for window in self.windows:
            window.close()
        self.windows = []
