"""The Visits tab: to plan, upcoming, to close, to write up, history, and the Actions view.

Lists are read off the GUI thread (`ListTab`); every write goes through the task runner; the visit
form and the report editor open in their own non-modal windows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import N_, _, _n, get_language
from prm_desktop.services.profile import get_profile
from prm_desktop.services.visits import editing, lists, report, sending
from prm_desktop.services.visits.due import group_by_place, owns_any_partner, to_plan
from prm_desktop.services.visits.people import PeopleChoices, people_choices
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_header
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.tables import RowTableModel, make_table, source_row
from prm_desktop.ui.visits.calendar_panel import CalendarPanel
from prm_desktop.ui.visits.models import ActionsTableModel, DueTableModel, VisitListModel
from prm_desktop.ui.visits.windows import VisitWindows, report_editor, report_parts, visit_form

__all__ = ["VIEWS", "VisitsTab"]

VIEWS = {"to_plan": N_("To plan"), "upcoming": N_("Upcoming"), "to_close": N_("To close"),
         "to_write_up": N_("To write up"), "history": N_("History"), "actions": N_("Actions")}  # fmt: skip
#: Rows read at a time; scrolling to the bottom of a list reads the next page.
PAGE = 1000


def mail_language_combo(ctx: UiContext) -> QComboBox:
    """The language the report is sent in: the interface's at first, then the last one chosen."""
    combo = QComboBox()
    combo.setAccessibleName(_("Language of the e-mail"))
    combo.setToolTip(_("The e-mail draft and the e-mail are written in this language (the partner’s, "
                       "not necessarily the window’s)."))  # fmt: skip
    for code, name in (("fr", "Français"), ("en", "English")):
        combo.addItem(name, code)
    chosen = ctx.settings.value("visits/mail_language") or get_language()
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.currentIndexChanged.connect(lambda _i: ctx.settings.setValue("visits/mail_language", combo.currentData()))
    return combo


def _row_key(row: Any) -> Any:
    """What identifies a row of any list of the tab (a visit, an action, a partner to visit)."""
    return getattr(row, "id", None) or getattr(row, "partner_id", None)


class VisitsTab(ListTab):
    """Who to visit next, visits to close and write up, and the action items."""

    TOPICS = frozenset({"visits", "partners", "program"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("visitsTab")
        self.setAccessibleName(_("Visits"))
        self.view = "upcoming"
        self._params: tuple[str, bool, str, int] = ("upcoming", True, "city", PAGE)
        self._limit = PAGE  # rows wanted: grows by a page when the list is scrolled to its bottom
        self._more = False  # the last load found more rows than it shows
        self._keep_scroll = False
        self.me: str | None = None
        self.windows: list[QWidget] = []
        self.action_windows = VisitWindows(ctx, self)
        bar = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Show"))
        for key, label in VIEWS.items():
            self.chooser.addItem(_(label), key)
        self.chooser.setCurrentIndex(self.chooser.findData(self.view))
        self.chooser.currentIndexChanged.connect(lambda _i: self.show_view(self.chooser.currentData()))
        self.mine = QCheckBox(_("Mine only"))
        self.mine.setChecked(True)
        self.mine.toggled.connect(lambda _on: self._first_page())
        self.group = QComboBox()
        self.group.setAccessibleName(_("Group by"))
        self.group.addItem(_("By city"), "city")
        self.group.addItem(_("By region"), "region")
        self.group.currentIndexChanged.connect(lambda _i: self._first_page())
        self.display = QComboBox()
        self.display.setAccessibleName(_("Show as"))
        self.display.addItem(_("List"), "list")
        self.display.addItem(_("Calendar"), "calendar")
        self.display.currentIndexChanged.connect(lambda _i: self.show_display(self.display.currentData()))
        bar.addWidget(self.display)
        bar.addWidget(self.chooser)
        bar.addWidget(self.mine)
        bar.addWidget(self.group)
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for name, label, slot in (
            ("plan", _("Plan a visit"), self.plan_selected), ("open", _("Open…"), self.open_selected),
            ("done", _("Mark done"), self.mark_done_selected), ("cancel", _("Cancel…"), self.cancel_selected),
            ("report", _("Report…"), self.report_selected), ("eml", _("E-mail draft…"), self.eml_selected),
            ("mailto", _("Send by e-mail"), self.mailto_selected),
            ("ics", _("Export .ics…"), self.ics_selected),
            ("action_done", _("Done"), self.action_done_selected),
            ("action_edit", _("Edit…"), self.action_edit_selected),
        ):  # fmt: skip
            button = QPushButton(label)
            button.setObjectName(f"visits_{name}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        self.mail_language = mail_language_combo(ctx)
        self.mail_language_label = QLabel(_("E-mail in:"))
        self.mail_language_label.setBuddy(self.mail_language)
        bar.insertWidget(bar.indexOf(self.buttons["eml"]), self.mail_language)
        bar.insertWidget(bar.indexOf(self.mail_language), self.mail_language_label)
        self.layout_.insertLayout(0, bar)
        self.due_model, self.visit_model, self.action_model = DueTableModel(self), VisitListModel(self), \
            ActionsTableModel(self)  # fmt: skip
        self.due_table = make_table(self.due_model, _("Partners to visit"), self)
        self.visit_table = make_table(self.visit_model, _("Visits list"), self)
        self.action_table = make_table(self.action_model, _("Actions list"), self)
        self.due_table.sortByColumn(DueTableModel.PLACE, Qt.SortOrder.AscendingOrder)
        self.due_table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.visit_table.doubleClicked.connect(lambda _i: self.open_selected())
        self.action_table.doubleClicked.connect(lambda _i: self.action_done_selected())
        self.due_table.doubleClicked.connect(lambda _i: self.plan_selected())
        self.stack = QStackedWidget()
        # Actions' due column: "23 déc. 2025 (en retard)" fits.
        widths = {self.due_table: (130, 260, 90, 150, 120, 120), self.visit_table: (150, 90, 280, 280, 90),
                  self.action_table: (340, 240, 160, 185, 90)}  # fmt: skip
        for table, key in ((self.due_table, "due"), (self.visit_table, "visits"), (self.action_table, "actions")):
            for column, width in enumerate(widths[table]):
                table.setColumnWidth(column, width)
            remember_header(ctx.settings, table.horizontalHeader(), f"visits.{key}")
            table.verticalScrollBar().valueChanged.connect(lambda value, t=table: self._scrolled(t, value))
            self.stack.addWidget(table)
        self.layout_.addWidget(self.stack, 1)
        self.calendar = CalendarPanel(ctx)
        self.calendar.hide()
        self.layout_.addWidget(self.calendar, 1)
        self.setFocusProxy(self.chooser)
        self._sync_widgets()

    def show_display(self, display: str) -> None:
        """Show the lists (``"list"``) or the calendar (``"calendar"``: week and month views)."""
        calendar = display == "calendar"
        if self.display.currentData() != display:
            self.display.setCurrentIndex(self.display.findData(display))
            return
        for widget in (self.chooser, self.mine, self.group, self.stack, self.summary, *self.buttons.values()):
            widget.setVisible(not calendar)
        self.calendar.setVisible(calendar)
        if calendar:
            self.calendar.view.setFocus()
        else:
            self._sync_widgets()

    @property
    def table(self) -> QTableView:
        """The table shown."""
        return self.stack.currentWidget()  # type: ignore[return-value]

    @property
    def model(self) -> RowTableModel[Any]:
        """The model of the table shown."""
        return {"to_plan": self.due_model, "actions": self.action_model}.get(self.view, self.visit_model)

    def show_view(self, view: str) -> None:
        """Switch to a list (``VIEWS`` key) and load it."""
        if view == self.view and self.chooser.currentData() == view and not self._dirty:
            self.refresh()
            return
        self.view = view
        self._limit = PAGE
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(self.chooser.findData(view))
        self.chooser.blockSignals(False)
        self._sync_widgets()
        self.refresh()

    def _sync_widgets(self) -> None:
        table = {"to_plan": self.due_table, "actions": self.action_table}.get(self.view, self.visit_table)
        self.stack.setCurrentWidget(table)
        self.group.setVisible(self.view == "to_plan")
        shown = {"to_plan": {"plan"}, "upcoming": {"open", "done", "cancel"}, "to_close": {"done", "cancel", "open"},
                 "to_write_up": {"report", "open"}, "history": {"report", "eml", "mailto", "open"},
                 "actions": {"action_done", "action_edit"}}[self.view]  # fmt: skip
        if self.view not in ("to_plan", "actions"):
            shown = shown | {"ics"}
        for name, button in self.buttons.items():
            button.setVisible(name in shown)
        self.mail_language.setVisible("eml" in shown)
        self.mail_language_label.setVisible("eml" in shown)

    def retire(self) -> None:
        """Close the tab's windows (reports write their drafts) before the tab goes away."""
        for window in self.windows:
            window.close()
        self.windows = []
        self.action_windows.close_all()
        self.calendar.retire()
        super().retire()

    # --- loading ---
    def refresh(self) -> None:
        """Load the list shown again (what to load is read from the widgets here, on the GUI thread).

        As many rows as are shown now are read again (at least a page), so a list scrolled far down
        stays where it is after a change.
        """
        self._params = (self.view, self.mine.isChecked(), self.group.currentData() or "city", self._limit)
        super().refresh()

    def _first_page(self) -> None:
        self._limit = PAGE
        self.refresh()

    def _scrolled(self, table: QTableView, value: int) -> None:
        """At the bottom of a list that has more rows, read the next page."""
        bar = table.verticalScrollBar()
        if table is self.table and self._more and not self.loading and value > 0 and value >= bar.maximum():
            self._limit = self.model.rowCount() + PAGE
            self._keep_scroll = True
            self.refresh()

    def fetch(self, uow: Any) -> Any:
        """Read the rows (worker thread: no widget is touched here); one more than wanted says more are left."""
        view, mine, group, limit = self._params
        me = get_profile(uow).me_member_id
        owner = me if mine and owns_any_partner(uow, me) else None  # owning nothing yet: the team's
        if view == "to_plan":
            rows = to_plan(uow, date.today(), owner_id=owner, limit=limit + 1)
            more, rows = len(rows) > limit, rows[:limit]
            ordered = [r for _key, members in group_by_place(rows, group) for r in members]
            return view, me, group, ordered, more
        if view == "actions":
            kind = "mine" if owner else "all"
            rows = report.list_actions(uow, kind, member_id=me, limit=limit + 1)
        else:
            rows = lists.list_visits(uow, view, owner_id=owner, limit=limit + 1)
        return view, me, group, rows[:limit], len(rows) > limit

    def show_rows(self, result: Any) -> None:
        view, self.me, group, rows, self._more = result
        if view != self.view:
            return
        if view == "to_plan":
            self.due_model.group_by = group
        bar = self.table.verticalScrollBar()
        keep, self._keep_scroll = (bar.value() if self._keep_scroll else 0), False
        selected = {_row_key(r) for r in self._selected()}
        self.model.set_rows(rows)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the services' order: what matters first
        if keep:
            self.table.doItemsLayout()
            bar.setValue(keep)
        if selected:
            self._reselect(selected)
        count = format_number(len(rows))
        if not rows:
            self.summary.setText(_("Nothing in this list."))
        elif self._more:
            self.summary.setText(_("{count} rows shown; scroll down for more.", count=count))
        else:
            self.summary.setText(_n("{count} row.", "{count} rows.", len(rows), count=count))

    def _reselect(self, ids: set[Any]) -> None:
        """Select again the rows that were selected before a reload."""
        model, selection = self.table.model(), self.table.selectionModel()
        for proxy_row in range(model.rowCount()):
            row = source_row(self.table, proxy_row)
            if _row_key(row) in ids:
                selection.select(model.index(proxy_row, 0), selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)  # fmt: skip

    # --- actions ---
    def _selected(self) -> list[Any]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()} if self.table.selectionModel() else set()
        return [source_row(self.table, r) for r in sorted(rows)]

    def _run(self, label: str, work: Any, then: Any = None) -> None:
        def done(result: object) -> None:
            self.ctx.changed("visits")
            if then is not None:
                then(result)

        self.ctx.tasks.submit_write(label, lambda _p: work(), on_done=done)

    def plan_selected(self) -> None:
        """Plan one visit with the selected partners (defaults), then open it."""
        rows = self._selected()
        if rows:
            uow, ids = self.ctx.app.uow, [r.partner_id for r in rows]
            self._run(_("Planning a visit"), lambda: editing.plan_visit(uow, ids), self.open_visit)

    def open_selected(self) -> None:
        """Open the selected visit in the form."""
        rows = self._selected()
        if rows:
            self.open_visit(rows[0].id)

    def open_visit(self, visit_id: str) -> None:
        """Load a visit and show it in a form window."""
        uow = self.ctx.app.uow
        def load(_p: object) -> tuple[editing.VisitDetail, PeopleChoices]:
            detail = editing.get_visit(uow, visit_id)
            return detail, people_choices(uow, detail.partner_ids)

        self.ctx.tasks.run(_("Opening the visit"), load, on_done=self._show_form)

    def _show_form(self, result: tuple[editing.VisitDetail, PeopleChoices]) -> None:
        self._window(visit_form(self.ctx, *result, parent=self))

    def _window(self, widget: QWidget) -> None:
        # Closed windows are only hidden (they belong to the tab); they are let go when the next one opens.
        for old in [w for w in self.windows if not w.isVisible()]:
            self.windows.remove(old)
            old.deleteLater()
        widget.setWindowFlag(Qt.WindowType.Window, True)
        self.windows.append(widget)
        widget.resize(640, 560)
        widget.show()

    def mark_done_selected(self) -> None:
        """Mark the selected visit done and open its report."""
        rows = self._selected()
        if rows:
            uow, visit_id = self.ctx.app.uow, rows[0].id
            self._run(_("Marking the visit done"), lambda: editing.mark_done(uow, visit_id),
                      lambda _r: self.open_report(visit_id))  # fmt: skip

    def cancel_selected(self) -> None:
        """Ask why, then cancel the selected visit."""
        rows = self._selected()
        if not rows:
            return
        reason, ok = QInputDialog.getText(self, _("Cancel visit"), _("Why is the visit cancelled?"))
        if ok:
            self.cancel_with_reason(rows[0].id, reason)

    def cancel_with_reason(self, visit_id: str, reason: str) -> None:
        """Cancel a visit (the reason is checked by the service; errors go to the summary line)."""
        uow = self.ctx.app.uow
        self.ctx.tasks.submit_write(_("Cancelling the visit"),
                                    lambda _p: editing.cancel_visit(uow, visit_id, reason),
                                    on_done=lambda _r: self.ctx.changed("visits"),
                                    on_error=lambda exc, _t: self.summary.setText(str(exc)))  # fmt: skip

    def report_selected(self) -> None:
        """Open the selected visit's report."""
        rows = self._selected()
        if rows:
            self.open_report(rows[0].id)

    def open_report(self, visit_id: str) -> None:
        """Load a visit's report and show the editor."""
        uow = self.ctx.app.uow
        self.ctx.tasks.run(_("Opening the report"), lambda _p: report_parts(uow, visit_id), on_done=self._show_report)

    def _show_report(self, result: Any) -> None:
        self._window(report_editor(self.ctx, *result, parent=self))

    def eml_selected(self) -> None:
        """Save the selected visit's report as an e-mail draft (.eml)."""
        rows = self._selected()
        if not rows:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("E-mail draft"), "report.eml", _("E-mail (*.eml)"))
        if path:
            self.write_eml(rows[0].id, path)

    def write_eml(self, visit_id: str, path: str) -> None:
        """Write the report draft of a visit to ``path`` (shared content only)."""
        uow, lang = self.ctx.app.uow, self.mail_language.currentData()
        self._run(_("Writing the e-mail draft"),
                  lambda: Path(path).write_bytes(sending.report_eml(uow, visit_id, lang)),
                  lambda _r: self.ctx.status(_("E-mail draft written to {path}.", path=path)))  # fmt: skip

    def ics_selected(self) -> None:
        """Save the selected visits (one or more) as an iCalendar file for Outlook or Google Calendar."""
        rows = self._selected()
        if not rows:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export .ics…"), "visits.ics", _("iCalendar (*.ics)"))
        if path:
            self.write_ics([r.id for r in rows], path)

    def write_ics(self, visit_ids: list[str], path: str) -> None:
        """Write these visits to ``path`` as an iCalendar file (off the GUI thread)."""
        from prm_desktop.services.visits.ics_export import export_ics

        uow, lang = self.ctx.app.uow, get_language()
        done = _("Calendar file written to {path}.", path=path)
        self.ctx.tasks.run(_("Writing the calendar file"),
                           lambda _p: Path(path).write_bytes(export_ics(uow, visit_ids=visit_ids, lang=lang)[0]),
                           on_done=lambda _r: self.ctx.status(done))  # fmt: skip

    def mailto_selected(self) -> None:
        """Open the mail client on the selected visit's report (shared content only)."""
        rows = self._selected()
        if rows:
            uow, lang, visit_id = self.ctx.app.uow, self.mail_language.currentData(), rows[0].id
            self.ctx.tasks.run(_("Preparing the e-mail"), lambda _p: sending.report_mailto(uow, visit_id, lang),
                               on_done=lambda url: QDesktopServices.openUrl(QUrl(url)))  # fmt: skip

    def action_done_selected(self) -> None:
        """Mark the selected action done (or open again when it is done), in one click."""
        rows = self._selected()
        if rows:
            uow, item = self.ctx.app.uow, rows[0]
            self._run(_("Updating the action"), lambda: report.set_action_done(uow, item.id, item.status != "done"))

    def action_edit_selected(self) -> None:
        """Open the selected action in the action form (description, owner, due date)."""
        rows = self._selected()
        if rows:
            self.action_windows.open_action(rows[0].id)
