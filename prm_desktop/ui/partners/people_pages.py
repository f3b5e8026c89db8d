"""The Notes and People pages of the partner editor.

*Notes* is the partner's notes timeline with its editor (the same widget as the Stakeholders tab's);
*People* is the partner's stakeholder map: our people on one side, its contacts on the other, the gaps
in words, and the links as a table (double-click a person to open them in the Stakeholders tab).
Each page loads off the GUI thread when shown, again when another partner is loaded while it is shown
and when notes, stakeholders or contacts change; without a `UiContext` a page stays empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.people import links, notes
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.form_fields import ERROR_STYLE
from prm_desktop.ui.partners.partner_page import PartnerPage
from prm_desktop.ui.stakeholders.links_model import LinksTableModel
from prm_desktop.ui.stakeholders.map_widget import StakeholderMapWidget, gap_text
from prm_desktop.ui.stakeholders.notes_timeline import NotesTimeline
from prm_desktop.ui.tables import make_table, source_row
from prm_desktop.ui.visits.windows import VisitWindows

__all__ = ["NotesPage", "PartnerPage", "PeoplePage"]


class NotesPage(PartnerPage):
    """The partner's notes: pinned first, then newest first; write, edit, pin and remove them."""

    TOPICS = frozenset({"notes", "stakeholders"})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = NotesTimeline(None, self._write)
        self.timeline.saved.connect(lambda _id: self.refresh())
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.timeline, 1)

    def set_context(self, ctx: UiContext) -> None:
        """As `PartnerPage.set_context`; typed notes autosave to the drafts file; mentions open the person."""
        super().set_context(ctx)
        self.timeline.set_drafts(ctx.drafts)
        self.timeline.person_requested.connect(ctx.signals.open_person)
        uow = ctx.app.uow
        self.timeline.set_reader(lambda label, work, on_done, on_error=None: ctx.tasks.run(
            label, lambda _p: work(uow), on_done=on_done, on_error=on_error, quiet=True))  # fmt: skip
        self.windows = VisitWindows(ctx, self)
        self.timeline.action_requested.connect(
            lambda note, title: self.windows.new_action_from_note(note.id, note.partner_id, title))
        self.timeline.offer_actions()

    def fetch(self, uow: Any, partner_id: str) -> Any:
        from prm_desktop.services.listings import list_stakeholders

        people = [(row.id, row.name) for row in list_stakeholders(uow).rows]
        return notes.partner_timeline(uow, partner_id), people

    def show_result(self, result: Any) -> None:
        self.message.setVisible(isinstance(result, BaseException))
        if isinstance(result, BaseException):
            self.message.setText("⚠ " + str(result))
            return
        timeline, people = result if result is not None else ([], None)
        if people is not None:
            self.timeline.set_people(people)
        self.timeline.set_subject(self.partner_id, None, self.partner_name, timeline)

    def _write(self, label: str, work: Callable[[Any], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException, str], None] | None = None) -> None:  # fmt: skip
        """Run one note write through the write queue; the app is told the notes changed."""
        if self.ctx is None:
            return
        ctx, uow = self.ctx, self.ctx.app.uow

        def done(result: Any) -> None:
            on_done(result)
            ctx.changed("notes")

        ctx.tasks.submit_write(label, lambda _p: work(uow), on_done=done,
                               on_error=on_error or (lambda exc, _t: self.show_result(exc)))  # fmt: skip


class PeoplePage(PartnerPage):
    """Who works with the partner: our people and its contacts, drawn and as a table, with the gaps."""

    TOPICS = frozenset({"stakeholders", "contacts"})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.map_widget = StakeholderMapWidget()
        self.map_widget.setMinimumWidth(560)  # narrower, names no longer fit: the picture scrolls
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.map_widget)
        self.links = LinksTableModel(self)
        self.table = make_table(self.links, _("Our people linked to the partner"), self)
        self.table.setColumnHidden(LinksTableModel.PARTNER, True)
        self.table.setToolTip(_("Double-click a person to open them in the Stakeholders tab."))
        self.table.doubleClicked.connect(lambda index: self.open_selected_person(index.row()))
        hint = QLabel(_("Link our people to this partner in the Stakeholders tab. Stance and influence are "
                        "internal only."))  # fmt: skip
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.gaps)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.table, 2)
        layout.addWidget(hint)

    def fetch(self, uow: Any, partner_id: str) -> Any:
        return links.partner_map(uow, partner_id)

    def show_result(self, result: Any) -> None:
        if isinstance(result, BaseException):
            self.gaps.setText("⚠ " + str(result))
            self.gaps.setStyleSheet(ERROR_STYLE)
            return
        self.map_widget.set_map(result)
        self.links.set_rows(result.links if result is not None else [])
        self.gaps.setText(gap_text(result))
        self.gaps.setStyleSheet(ERROR_STYLE if result is not None and result.gaps else "")

    def open_selected_person(self, proxy_row: int) -> None:
        """Open the person of a row of the table in the Stakeholders tab."""
        link = source_row(self.table, proxy_row)
        if link is not None and self.ctx is not None:
            self.ctx.signals.open_person.emit(link.stakeholder_id)
