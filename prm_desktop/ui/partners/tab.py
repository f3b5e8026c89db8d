"""The Partners tab: filter bar and list on the left, the editor on the right.

Keyboard: Ctrl+F search, Ctrl+N new partner, Ctrl+S save, Esc cancel, Delete (in the list) deletes
the selected partner after confirmation. The shell's File menu reaches the same actions through
``ctx.register_command`` and the public methods :meth:`PartnersTab.new_partner`,
:meth:`PartnersTab.import_file`, :meth:`PartnersTab.export_list` and :meth:`PartnersTab.focus_search`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QSplitter, QTableView, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows
from prm_desktop.services.profile import get_profile
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.ui.context import CMD_EXPORT, CMD_IMPORT, CMD_NEW_PARTNER, UiContext
from prm_desktop.ui.partners.confirm import ConfirmFn, message_box_confirm
from prm_desktop.ui.partners.editor import PartnerEditor
from prm_desktop.ui.partners.filter_bar import FilterBar
from prm_desktop.ui.partners.list_controller import ListController
from prm_desktop.ui.partners.standing_page import install_standing_tips
from prm_desktop.ui.partners.transfer import TransferActions

__all__ = ["PartnersTab"]

log = logging.getLogger(__name__)

#: ``data_changed`` topics that reload the list ("evaluations": the background refresh after start
#: filled the qualified tier, movement and at-risk columns).
_TOPICS = frozenset({"*", "partners", "contacts", "visits", "program", "revenue", "targets", "import", "undo",
                     "evaluations"})  # fmt: skip
#: Default share of the width between the list and the editor (the list gets the larger one).
SPLIT_LIST, SPLIT_EDITOR = 7, 3
_KEYS = {
    "new": QKeySequence(QKeySequence.StandardKey.New),
    "save": QKeySequence(QKeySequence.StandardKey.Save),
    "find": QKeySequence(QKeySequence.StandardKey.Find),
}


class PartnersTab(QWidget):
    """The Partners tab.

    Args:
        ctx: The shared UI context.
        confirm: Asks yes/no questions; default a message box (tests pass a function).
    """

    def __init__(self, ctx: UiContext, confirm: ConfirmFn | None = None) -> None:
        super().__init__()
        self.setObjectName("partnersTab")
        self.ctx = ctx
        self.confirm = confirm or message_box_confirm(self)
        self._shown_once = False
        #: The partner the editor just saved (shown from the save's answer: not read again on the GUI thread).
        self._just_saved: str | None = None
        uow = ctx.app.uow
        self.bar = FilterBar()
        self.table = QTableView()
        self.list = ListController(uow, ctx.settings, self.bar, self.table, tasks=ctx.tasks)
        self.editor = PartnerEditor(uow, self._suggest, self.confirm, self._program, _user_timezone(uow),
                                    writes=ctx.tasks)
        self.editor.save_failed.connect(ctx.status)
        self.editor.sync_conflicts.requested.connect(self._open_sync_conflicts)
        self.transfer = TransferActions(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.bar)
        left_layout.addWidget(self.table, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, SPLIT_LIST)
        self.splitter.setStretchFactor(1, SPLIT_EDITOR)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([SPLIT_LIST * 100, SPLIT_EDITOR * 100])
        state = ctx.settings.value("partners/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_a: ctx.settings.setValue("partners/splitter", self.splitter.saveState()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self.list.current_changed.connect(self._on_current_changed)
        self.list.filtered.connect(self._after_filter)
        self.list.choices_loaded.connect(self.editor.set_choices)
        self.editor.saved.connect(self._on_saved)
        self.editor.deleted.connect(self._on_deleted)
        self.editor.restored.connect(self._on_restored)
        self.editor.open_requested.connect(self.open_partner)
        self.editor.closed.connect(self._after_close)
        self.editor.new_requested.connect(self.new_partner)
        self.editor.import_requested.connect(lambda: self.import_file())
        self.editor.contacts_changed.connect(lambda _pid: ctx.changed("contacts"))
        self.editor.open_changed.connect(self._show_editor)
        self.editor.close_requested.connect(self.close_editor)
        self.editor.review_requested.connect(lambda _pid: self.review_pack())
        self.editor.standing.set_runner(ctx.tasks)
        self.editor.activity.set_context(ctx)
        self.editor.notes.set_context(ctx)
        self.editor.people.set_context(ctx)
        self.editor.standing.open_full_view.connect(ctx.signals.open_standing)
        self.standing_tips = install_standing_tips(self.table, self.list.model, ctx)
        self._show_editor(self.editor.is_open())
        ctx.signals.data_changed.connect(self._on_data_changed)
        ctx.signals.open_partner.connect(self.open_partner)
        for name, handler in ((CMD_NEW_PARTNER, self.new_partner), (CMD_IMPORT, self.import_file),
                              (CMD_EXPORT, self.export_list)):  # fmt: skip
            ctx.register_command(name, handler)
        self._choices_timer = QTimer(self)
        self._choices_timer.setSingleShot(True)
        self._choices_timer.setInterval(250)
        self._choices_timer.timeout.connect(self.reload_choices)
        self.reload_choices()

    # --- public API (menus) --------------------------------------------------------------------

    def new_partner(self) -> None:
        """Start a new partner in the editor (File › New partner, Ctrl+N)."""
        if not self._may_leave_editor():
            return
        self.list.clear_selection()
        self.editor.new_partner()

    def import_file(self, path: str | None = None) -> Any:
        """Open the import wizard (File › Import…), on ``path`` when given. Returns the wizard."""
        return self.transfer.import_file(path)

    def export_list(self, path: str | None = None, excel_fr: bool = False) -> Any:
        """Export the list as filtered now (File › Export…); asks for a file when ``path`` is None."""
        return self.transfer.export_list(path, excel_fr)

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.bar.focus_search()

    def save(self) -> bool:
        """Save the partner being edited (Ctrl+S)."""
        return self.editor.save()

    def delete_selected(self) -> bool:
        """Delete the selected partner after confirmation (Delete in the list)."""
        if self.editor.partner_id is None or self.editor.partner_id != self.list.current_id():
            return False
        return self.editor.delete()

    def open_partner(self, partner_id: str) -> None:
        """Show a partner in the editor, selecting it in the list when it is listed."""
        if not self._may_leave_editor():
            return
        if self.editor.load_partner(partner_id):
            if not self.list.select_id(partner_id):
                self.list.clear_selection()

    def close_editor(self) -> bool:
        """Close the editor (asking first about unsaved changes): the list gets the width. True when closed."""
        if not self._may_leave_editor():
            return False
        self.list.clear_selection()
        self.editor.clear()
        return True

    def review_pack(self) -> Any:
        """Open the Review pack dialog: the partner shown preselected, or every partner of the list."""
        from prm_desktop.ui.reviews.pack_dialog import ReviewPackDialog

        pid = self.editor.partner_id
        partner = (pid, self.editor.form.collect().name or "") if pid else None
        dialog = ReviewPackDialog(self.ctx, partner, self.current_filter(), self.list.model.rowCount(), self)
        dialog.open()
        return dialog

    def current_filter(self) -> PartnerFilter:
        """The filter of the list as shown (exports use it)."""
        return self.list.model.filter

    def reload_choices(self) -> None:
        """Refresh the filter combos and the editor's tier and owner choices (off the GUI thread)."""
        self.list.reload_choices()

    # --- keyboard ------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """The first time the tab is shown, the cursor waits in the search box."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._focus_search_if_idle)

    def _focus_search_if_idle(self) -> None:
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus) or focus is self.table:
            self.focus_search()

    def event(self, event: QEvent) -> bool:
        """Claim our keys before window-wide shortcuts when the focus is inside the tab."""
        if event.type() == QEvent.Type.ShortcutOverride and self._key_action(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+N, Ctrl+S, Ctrl+F, Esc and Delete (list only)."""
        action = self._key_action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        event.accept()
        if action == "new":
            self.new_partner()
        elif action == "save":
            self.save()
        elif action == "find":
            self.focus_search()
        elif action == "cancel":
            self.editor.cancel()
        elif action == "delete":
            self.delete_selected()

    def _key_action(self, event: QKeyEvent) -> str | None:
        combo = QKeySequence(QKeyCombination(event.modifiers(), Qt.Key(event.key())))
        for name, sequence in _KEYS.items():
            if combo.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch:
                return name
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() == Qt.Key.Key_Escape and self.editor.is_open():
            return "cancel"
        if plain and event.key() == Qt.Key.Key_Delete and self.table.hasFocus():
            return "delete"
        return None

    # --- reactions -----------------------------------------------------------------------------

    def _may_leave_editor(self) -> bool:
        if not self.editor.is_dirty():
            return True
        return self.confirm(_("Unsaved changes"),
                            _("{name} has changes that are not saved. Discard them?",
                              name=self.editor.title.text()))  # fmt: skip

    def _on_current_changed(self, partner_id: str | None) -> None:
        if partner_id is None or partner_id == self.editor.partner_id:
            return
        if not self._may_leave_editor():
            if self.editor.partner_id and not self.list.select_id(self.editor.partner_id):
                self.list.clear_selection()
            return
        self.editor.load_partner(partner_id)

    def _after_filter(self) -> None:
        if self.editor.partner_id:
            self.list.select_id(self.editor.partner_id)

    def _after_close(self) -> None:
        current = self.list.current_id()
        if current:
            self.editor.load_partner(current)

    def _on_saved(self, partner_id: str) -> None:
        self._just_saved = partner_id
        try:
            self.ctx.changed("partners")
        finally:
            self._just_saved = None
        self.ctx.status(_("Saved {name}.", name=self.editor.saved_name or self.editor.title.text()))

    def _on_deleted(self, partner_id: str, name: str) -> None:
        self.ctx.changed("partners")
        self.ctx.status(_("Deleted {name}. Edit › Undo or the Deleted partners view bring it back.", name=name))

    def _on_restored(self, partner_id: str) -> None:
        self.ctx.changed("partners")
        self.ctx.status(_("Restored {name}.", name=self.editor.title.text()))

    def _on_data_changed(self, what: str) -> None:
        if what not in _TOPICS:
            return
        self.list.refresh(select_id=self.editor.partner_id)
        self._choices_timer.start()
        if self.editor.partner_id and not self.editor.is_dirty() and self.editor.partner_id != self._just_saved:
            if not self.editor.load_partner(self.editor.partner_id):
                self.list.clear_selection()

    def _show_editor(self, shown: bool) -> None:
        """The editor takes room only while it shows a partner; otherwise the list gets the width."""
        if not shown:
            self.editor.hide()
            return
        self.editor.show()
        sizes = self.splitter.sizes()
        if sizes[1] == 0:  # first opening (or a state saved collapsed): the default share
            total = sum(sizes)
            self.splitter.setSizes([total * SPLIT_LIST // 10, total * SPLIT_EDITOR // 10])

    # --- helpers -------------------------------------------------------------------------------

    def _open_sync_conflicts(self, partner_id: str) -> None:
        """The partner page's link: Sync › Conflicts… of this partner."""
        handler = self.ctx.commands.get("sync.conflicts")
        if handler is not None:
            handler(partner_id)

    def _suggest(self, text: str) -> list[tuple[str, str]]:
        rows = fetch_partner_rows(self.ctx.app.uow, PartnerFilter(text=text), "name", False, 0, 12)
        exclude = self.editor.partner_id
        return [(r.id, f"{r.name} ({r.city})" if r.city else r.name) for r in rows if r.id != exclude]

    def _program(self) -> Any:
        try:
            return get_program(self.ctx.app.uow)
        except ProgramNotFoundError:
            return None


def _user_timezone(uow: Any) -> str | None:
    try:
        return get_profile(uow).timezone
    except Exception:  # noqa: BLE001 - times then show in UTC
        log.exception("Reading the user profile failed")
        return None
