"""The Stakeholders tab: the directory of our people, a person's partners and notes, a partner's map.

Left: the directory (table and inline form). Right, three pages: *Person* (the partners they touch
with relation, influence and stance, a form to link them to a partner, and the notes about or
mentioning them), *Partner map* (the map drawn and the same as a table, with gaps in words) and
*Partner notes* (the partner's timeline). Every read and write runs on the task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.domain.stakeholders import INFLUENCE_LABELS, RELATION_LABELS, STANCE_LABELS, LinkInput
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.listings import Listing, StakeholderRow, list_stakeholders
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows
from prm_desktop.services.people import directory, links, notes
from prm_desktop.services.people.purge import purge_stakeholder
from prm_desktop.services.people.units import UnitInfo, business_units
from prm_desktop.services.visits.report import list_actions
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_header
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.partners.confirm import message_box_confirm
from prm_desktop.ui.partners.form_fields import ERROR_STYLE
from prm_desktop.ui.partners.pickers import PartnerPicker
from prm_desktop.ui.stakeholders.links_model import LinksTableModel
from prm_desktop.ui.stakeholders.map_widget import gap_text
from prm_desktop.ui.stakeholders.model import StakeholdersTableModel
from prm_desktop.ui.stakeholders.notes_timeline import NotesTimeline
from prm_desktop.ui.stakeholders.person_form import PersonForm
from prm_desktop.ui.stakeholders.units_model import UnitsTableModel
from prm_desktop.ui.stakeholders.view_parts import build_map_page, combo_of, link_column_widths
from prm_desktop.ui.tables import make_table, source_row
from prm_desktop.ui.visits.models import ActionsTableModel
from prm_desktop.ui.visits.windows import VisitWindows

__all__ = ["StakeholdersTab"]


class StakeholdersTab(ListTab):
    """People of our own company, where each stands with each partner, and what was said."""

    TOPICS = frozenset({"stakeholders", "partners", "notes", "visits"})  # visits: actions a person owns

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("stakeholdersTab")
        self.setAccessibleName(_("Stakeholders"))
        self.person_id: str | None = None
        self.partner_id: str | None = None
        self.model = StakeholdersTableModel(self)
        self.table = make_table(self.model, _("Internal stakeholders list"), self)
        self.table.sortByColumn(StakeholdersTableModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in ((0, 170), (1, 140), (2, 160), (3, 80), (4, 100)):
            self.table.setColumnWidth(column, width)
        remember_header(ctx.settings, self.table.horizontalHeader(), "stakeholders")
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._select_person(current.row()))
        self.table.doubleClicked.connect(lambda _i: self.edit_person())
        self.new_button = QPushButton(_("New person"))
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setAccessibleName(_("Edit person"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove person"))
        self.purge_button = QPushButton(_("Purge…"))
        self.purge_button.setAccessibleName(_("Purge personal data…"))
        self.purge_button.setToolTip(_("Erase this person’s personal data everywhere, on their request."))
        self.purge_button.clicked.connect(self.purge_person)
        self.confirm = message_box_confirm(self)
        self.new_button.clicked.connect(lambda: self.form.start())
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.form = PersonForm()
        self.form.submitted.connect(self._save_person)
        self.form.cancelled.connect(self.form.hide)
        self.form.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button, self.purge_button):
            row.addWidget(button)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.form)
        self.pages = QTabWidget()
        self.pages.setAccessibleName(_("Stakeholder details"))
        self.pages.addTab(self._build_person_page(), _("Person"))
        self.pages.addTab(build_map_page(self), _("Partner map"))
        self.partner_notes = NotesTimeline(ctx.drafts, self._write)
        self.partner_notes.saved.connect(lambda _id: self._load_partner())
        self.partner_notes.person_requested.connect(self.open_person)
        self.partner_notes.set_reader(self._read)
        self.pages.addTab(self.partner_notes, _("Partner notes"))
        self.windows = VisitWindows(ctx, self)
        for timeline in (self.partner_notes, self.person_notes):
            timeline.action_requested.connect(
                lambda note, title: self.windows.new_action_from_note(note.id, note.partner_id, title))
            timeline.offer_actions()
        self.units = UnitsTableModel(self)
        self.units_table = make_table(self.units, _("Business units and the partners they touch"), self)
        for column, width in ((0, 180), (1, 260), (2, 80)):
            self.units_table.setColumnWidth(column, width)
        self.pages.addTab(self.units_table, _("Business units"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 880])
        self.layout_.addWidget(self.splitter, 1)
        self.setFocusProxy(self.table)
        self._name_tool_buttons()
        self._update_buttons()

    def _name_tool_buttons(self) -> None:
        """Give Qt's own small buttons (clear a field, scroll the pages) a name screen readers say."""
        names = {"ScrollLeftButton": _("Previous pages"), "ScrollRightButton": _("Next pages")}
        for button in self.findChildren(QToolButton):
            if not button.accessibleName() and not button.text():
                button.setAccessibleName(names.get(button.objectName(), _("Clear the field")))

    # --- pages ---------------------------------------------------------------------------------

    def _build_person_page(self) -> QWidget:
        page = QWidget()
        self.person_header = QLabel(_("Choose a person in the list to see the partners they work with."))
        self.person_header.setWordWrap(True)
        self.person_header.setTextFormat(Qt.TextFormat.PlainText)
        self.person_links = LinksTableModel(self)
        self.person_links_table = make_table(self.person_links, _("Partners this person works with"), page)
        for column in (LinksTableModel.PERSON, LinksTableModel.BUSINESS_UNIT):
            self.person_links_table.setColumnHidden(column, True)
        link_column_widths(self.person_links_table)
        self.person_links_table.setToolTip(_("Double-click a partner to see its stakeholder map."))
        self.person_links_table.doubleClicked.connect(lambda index: self._open_link_partner(index.row()))
        self.link_picker = PartnerPicker(self._suggest, _("Partner to link"), _("Type a partner’s name"))
        self.relation_combo = combo_of(_("Relation"), RELATION_LABELS)
        self.influence_combo = combo_of(_("Influence level"), INFLUENCE_LABELS)
        self.influence_combo.setCurrentIndex(1)
        self.stance_combo = combo_of(_("Stance"), STANCE_LABELS)
        self.stance_combo.setCurrentIndex(1)
        self.link_button = QPushButton(_("Link"))
        self.link_button.clicked.connect(self.link_person)
        self.unlink_button = QPushButton(_("Unlink"))
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.link_message = QLabel()
        self.link_message.setStyleSheet(ERROR_STYLE)
        self.link_message.setWordWrap(True)
        self.link_message.hide()
        link_row = QHBoxLayout()
        link_label = QLabel(_("Link to a partner:"))
        link_label.setBuddy(self.link_picker.edit)
        pick_row = QHBoxLayout()
        pick_row.addWidget(link_label)
        pick_row.addWidget(self.link_picker, 1)
        for widget in (
            self.relation_combo,
            self.influence_combo,
            self.stance_combo,
            self.link_button,
            self.unlink_button,
        ):
            link_row.addWidget(widget)
        link_row.addStretch(1)
        self.person_actions = ActionsTableModel(self)
        self.person_actions_table = make_table(self.person_actions, _("Open actions this person owns"), page)
        self.person_actions_table.setMaximumHeight(140)
        self.person_actions_table.setColumnHidden(ActionsTableModel.OWNER, True)  # the person shown
        for column, width in ((ActionsTableModel.TITLE, 300), (ActionsTableModel.PARTNER, 190),
                              (ActionsTableModel.DUE, 150)):  # fmt: skip
            self.person_actions_table.setColumnWidth(column, width)
        self.person_notes = NotesTimeline(self.ctx.drafts, self._write)
        self.person_notes.saved.connect(lambda _id: self._load_person())
        self.person_notes.person_requested.connect(self.open_person)
        self.person_notes.set_reader(self._read)
        layout = QVBoxLayout(page)
        layout.addWidget(self.person_header)
        layout.addWidget(self.person_links_table, 1)
        layout.addLayout(pick_row)
        layout.addLayout(link_row)
        layout.addWidget(self.link_message)
        layout.addWidget(QLabel(_("Open actions this person owns")))
        layout.addWidget(self.person_actions_table)
        layout.addWidget(QLabel(_("Notes about or mentioning this person")))
        layout.addWidget(self.person_notes, 2)
        return page

    # --- list ----------------------------------------------------------------------------------

    def fetch(self, uow: Any) -> tuple[Listing[StakeholderRow], list[UnitInfo]]:
        return list_stakeholders(uow), business_units(uow)

    def show_rows(self, fetched: tuple[Listing[StakeholderRow], list[UnitInfo]]) -> None:
        result, units = fetched
        self.model.set_rows(result.rows)
        self.units.set_rows(units)
        people = [(row.id, row.name) for row in result.rows]
        self.person_notes.set_people(people)
        self.partner_notes.set_people(people)
        if not result.total:
            self.summary.setText(
                _(
                    "No internal stakeholders yet: the people of your company who work "
                    "with partners (sales, presales, marketing…) will be listed here."
                )
            )
        else:
            self.summary.setText(
                _n(
                    "{count} person in your company works with partners.",
                    "{count} people in your company work with partners.",
                    result.total,
                    count=format_number(result.total),
                )
            )
        if self.person_id:
            self._load_person()
        self._update_buttons()

    # --- directory -----------------------------------------------------------------------------

    def selected_person(self) -> StakeholderRow | None:
        """The person selected in the directory."""
        index = self.table.currentIndex()
        return source_row(self.table, index.row()) if index.isValid() else None

    def edit_person(self) -> None:
        """Open the form on the selected person."""
        row = self.selected_person()
        if row is None:
            return
        uow = self.ctx.app.uow
        self.ctx.tasks.run(
            _("Loading"), lambda _p: directory.get_stakeholder(uow, row.id),
            on_done=lambda info: self.form.start(info.as_input(), info.id), on_error=self._show_error, quiet=True,
        )  # fmt: skip

    def remove_person(self) -> None:
        """Remove the selected person and their links (Edit › Undo brings them back)."""
        row = self.selected_person()
        if row is not None:
            self._write(
                _("Remove stakeholder"), lambda uow: directory.delete_stakeholder(uow, row.id), self._person_removed
            )

    def purge_person(self) -> None:
        """Erase the selected person's personal data, after a confirmation."""
        row = self.selected_person()
        if row is None:
            return
        question = _(
            "Erase the personal data of {name}? Their fields are blanked and their name, e-mail and phone are "
            "removed from the history, the notes, the search index and the drafts. This cannot be undone; "
            "backups made before today still hold the old values until they are deleted.",
            name=row.name,
        )
        if not self.confirm(_("Purge personal data"), question):
            return
        drafts = self.ctx.drafts
        self._write(_("Purge personal data"), lambda uow: purge_stakeholder(uow, row.id, drafts), self._person_removed)

    def _person_removed(self, _result: Any) -> None:
        self.person_id = None
        self._show_person(None)

    def _save_person(self, data: Any, stakeholder_id: str | None) -> None:
        def work(uow: Any) -> Any:
            if stakeholder_id:
                return directory.update_stakeholder(uow, stakeholder_id, data)
            return directory.create_stakeholder(uow, data)

        def done(info: Any) -> None:
            self.form.hide()
            self.person_id = info.id
            self.ctx.status(_("{name} saved.", name=info.name))

        self._write(_("Save person"), work, done, self._form_error)

    def _form_error(self, exc: BaseException, _trace: str = "") -> None:
        if isinstance(exc, ValidationErrors):
            self.form.show_errors(exc)
        else:
            self._show_error(exc)

    # --- person --------------------------------------------------------------------------------

    def open_person(self, stakeholder_id: str) -> None:
        """Show a person (a search hit): selected in the directory when listed, on the Person page."""
        self.pages.setCurrentIndex(0)
        for proxy_row in range(self.table.model().rowCount()):
            row = source_row(self.table, proxy_row)
            if row is not None and row.id == stakeholder_id:
                self.table.setCurrentIndex(self.table.model().index(proxy_row, 0))
                break
        self.person_id = stakeholder_id
        self._update_buttons()
        self._load_person()

    def _select_person(self, proxy_row: int) -> None:
        row = source_row(self.table, proxy_row) if proxy_row >= 0 else None
        self.person_id = row.id if row is not None else None
        self._update_buttons()
        self._load_person()

    def _load_person(self) -> None:
        person_id, uow = self.person_id, self.ctx.app.uow
        if person_id is None:
            self._show_person(None)
            return

        def work(_progress: Any) -> Any:
            try:
                info = directory.get_stakeholder(uow, person_id)
            except directory.StakeholderNotFoundError:
                return None
            return info, links.links_of_person(uow, person_id), notes.person_timeline(uow, person_id), \
                list_actions(uow, "stakeholder", stakeholder_id=person_id)  # fmt: skip

        self.ctx.tasks.run(_("Loading"), work, on_done=self._show_person, on_error=self._show_error, quiet=True)

    def _show_person(self, result: Any) -> None:
        if result is None:
            self.person_header.setText(_("Choose a person in the list to see the partners they work with."))
            self.person_links.set_rows([])
            self.person_notes.set_subject(None, None, "", [])
            self.person_actions.set_rows([])
            return
        info, person_links, timeline, owned = result
        if info.id != self.person_id:
            return
        details = " · ".join(filter(None, (info.business_unit, info.role, info.email, info.phone)))
        manager = _("Manager: {name}", name=info.manager) if info.manager else ""
        touched = len({x.partner_id for x in person_links})
        count = (
            _n("Works with {count} partner.", "Works with {count} partners.", touched, count=format_number(touched))
            if touched
            else _("Not linked to any partner yet: choose one below.")
        )
        self.person_header.setText("\n".join(filter(None, (info.name, details, manager, count))))
        self.person_links.set_rows(person_links)
        self.person_notes.set_subject(None, info.id, info.name, timeline)
        self.person_actions.set_rows(owned)

    def link_person(self) -> None:
        """Link the selected person to the partner chosen in the picker."""
        partner_id, person_id = self.link_picker.value(), self.person_id
        self.link_message.hide()
        if person_id is None:
            return
        if partner_id is None:
            self.link_message.setText(_("Choose a partner among the suggestions first."))
            self.link_message.show()
            return
        data = LinkInput(
            self.relation_combo.currentData(), self.influence_combo.currentData(), self.stance_combo.currentData()
        )
        self._write(_("Link stakeholder"), lambda uow: links.link_stakeholder(uow, person_id, partner_id, data),
                    lambda _r: self._load_person(), self._link_error)  # fmt: skip

    def unlink_selected(self) -> None:
        """Remove the selected link of the person."""
        index = self.person_links_table.currentIndex()
        if index.isValid():
            link = source_row(self.person_links_table, index.row())
            self._write(_("Unlink stakeholder"), lambda uow: links.unlink(uow, link.id), lambda _r: self._load_person())

    def _link_error(self, exc: BaseException, _trace: str = "") -> None:
        message = "\n".join(e.message for e in exc) if isinstance(exc, ValidationErrors) else str(exc)
        self.link_message.setText(message)
        self.link_message.show()

    def _open_link_partner(self, proxy_row: int) -> None:
        link = source_row(self.person_links_table, proxy_row)
        self.show_partner(link.partner_id, link.partner_name)

    # --- partner -------------------------------------------------------------------------------

    def show_partner(self, partner_id: str, name: str = "") -> None:
        """Show a partner's map (and its notes on the next page)."""
        self.partner_id = partner_id
        self.map_picker.set_value(partner_id, name)
        self.pages.setCurrentIndex(1)
        self._load_partner()

    def _pick_map_partner(self, partner_id: str | None, label: str) -> None:
        if partner_id:
            self.show_partner(partner_id, label)

    def _load_partner(self) -> None:
        partner_id, uow = self.partner_id, self.ctx.app.uow
        if partner_id is None:
            return
        self.ctx.tasks.run(
            _("Loading"), lambda _p: (links.partner_map(uow, partner_id), notes.partner_timeline(uow, partner_id)),
            on_done=self._show_partner, on_error=self._show_error, quiet=True,
        )  # fmt: skip

    def _show_partner(self, result: Any) -> None:
        partner_map, timeline = result
        if partner_map.partner_id != self.partner_id:
            return
        self.map_widget.set_map(partner_map)
        self.map_gaps.setText(gap_text(partner_map))
        self.map_gaps.setStyleSheet(ERROR_STYLE if partner_map.gaps else "")
        self.map_links.set_rows(partner_map.links)
        self.partner_notes.set_subject(partner_map.partner_id, None, partner_map.partner_name, timeline)

    # --- helpers -------------------------------------------------------------------------------

    def _write(self, label: str, work: Callable[[Any], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException, str], None] | None = None) -> None:  # fmt: skip
        """Run one service write through the write queue (in order; waited for at closing), then refresh."""
        uow = self.ctx.app.uow

        def done(result: Any) -> None:
            on_done(result)
            self.ctx.changed("stakeholders")

        self.ctx.tasks.submit_write(label, lambda _p: work(uow), on_done=done, on_error=on_error or self._show_error)

    def _read(self, label: str, work: Callable[[Any], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException, str], None] | None = None) -> None:  # fmt: skip
        """Run one services read on the task runner."""
        uow = self.ctx.app.uow
        self.ctx.tasks.run(label, lambda _p: work(uow), on_done=on_done, on_error=on_error or self._show_error,
                           quiet=True)  # fmt: skip

    def _show_error(self, exc: BaseException, _trace: str = "") -> None:
        message = "\n".join(e.message for e in exc) if isinstance(exc, ValidationErrors) else str(exc)
        self.message.setText(message)
        self.message.show()

    def _suggest(self, text: str) -> list[tuple[str, str]]:
        rows = fetch_partner_rows(self.ctx.app.uow, PartnerFilter(text=text), "name", False, 0, 12)
        return [(r.id, f"{r.name} ({r.city})" if r.city else r.name) for r in rows]

    def _update_buttons(self) -> None:
        has_person = self.person_id is not None
        self.edit_button.setEnabled(has_person)
        self.remove_button.setEnabled(has_person)
        self.purge_button.setEnabled(has_person)
        self.link_button.setEnabled(has_person)
        self.unlink_button.setEnabled(has_person)
