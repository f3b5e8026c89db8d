"""The partner editor (detail pane): the form, the contacts, Save / Cancel / Delete / Restore.

Fields are checked by the domain's ``validate_partner`` as the user leaves them (only fields already
touched show a message) and all at once on save; the service's own checks (owner, parent, look-alikes)
come back the same way. Nothing is written while a field is wrong. Saving a partner that looks like an
existing one shows the duplicate banner instead of saving.

With a task runner, a save is submitted to its serial write queue and its outcome comes back by
signal: several quick saves commit in the order they were made (a save queued behind the creation of
a new partner updates that partner), and the window waits for them before it closes.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import PartnerInput, validate_partner
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.partners import (
    DuplicatePartnerError,
    PartnerNotFoundError,
    create_partner,
    delete_partner,
    get_partner,
    restore_partner,
    update_partner,
)
from prm_desktop.ui.form_scroll import FormScrollArea
from prm_desktop.ui.partners.activity_pages import ActivityPages
from prm_desktop.ui.partners.confirm import ConfirmFn
from prm_desktop.ui.partners.contacts_panel import ContactsPanel
from prm_desktop.ui.partners.duplicate_banner import DuplicateBanner
from prm_desktop.ui.partners.editor_chrome import build_buttons, build_empty_actions, build_title_row
from prm_desktop.ui.partners.editor_form import PartnerForm
from prm_desktop.ui.partners.form_fields import ERROR_STYLE
from prm_desktop.ui.partners.people_pages import NotesPage, PeoplePage
from prm_desktop.ui.partners.pickers import SearchFn
from prm_desktop.ui.partners.standing_page import StandingPage
from prm_desktop.ui.sync.partner_link import PartnerConflictsLink

__all__ = ["PartnerEditor"]

log = logging.getLogger(__name__)


class _Target:
    """The partner one editing session writes to; a queued create stores the new id for later saves."""

    __slots__ = ("id",)

    def __init__(self, partner_id: str | None) -> None:
        self.id = partner_id


class PartnerEditor(QWidget):
    """The detail pane of the Partners tab.

    Args:
        uow: The unit-of-work factory.
        search: Partner suggestions for the parent and distributor pickers.
        confirm: Asks yes/no questions (replaced in tests).
        program: Returns the active program (for tier validation), or None.
        timezone: The user's IANA time zone, for "last changed" times (None: UTC).
        writes: The task runner whose write queue saves go through (None: save on the spot).
    """

    saved = Signal(str)  # partner id
    deleted = Signal(str, str)  # partner id, name
    restored = Signal(str)  # partner id
    open_requested = Signal(str)  # partner id (from the duplicate banner)
    closed = Signal()  # a new partner was cancelled
    contacts_changed = Signal(str)  # partner id
    new_requested = Signal()  # "New partner" in the empty pane
    import_requested = Signal()  # "Import a spreadsheet…" in the empty pane
    open_changed = Signal(bool)  # a partner (or a new one) is shown, or nothing
    close_requested = Signal()  # the close button: give the list its width back
    review_requested = Signal(str)  # "Review pack…" (partner id)
    save_failed = Signal(str)  # message, for a save that failed after the editor moved on

    def __init__(self, uow: Any, search: SearchFn, confirm: ConfirmFn, program: Any = None,
                 timezone: str | None = None, writes: Any = None) -> None:
        super().__init__()
        self._writes = writes
        self._target = _Target(None)
        self._pending_saves = 0
        #: The name of the partner last saved (it may no longer be the one shown).
        self.saved_name = ""
        self._timezone = timezone
        self.setObjectName("partnerEditor")
        self._uow = uow
        self._confirm = confirm
        self._program = program or (lambda: None)
        self._partner_id: str | None = None
        self._deleted = False
        self._baseline: PartnerInput | None = None
        self._touched: set[str] = set()
        title_row = build_title_row(self)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.sync_conflicts = PartnerConflictsLink(uow)  # opens Sync › Conflicts… of this partner
        self.empty_actions = build_empty_actions(self)
        self.banner = DuplicateBanner()
        self.banner.open_requested.connect(self.open_requested)
        self.banner.restore_requested.connect(self.restore)
        self.banner.save_anyway.connect(lambda: self.save(allow_duplicates=True))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setAccessibleName(_("Editor message"))
        self.message.hide()
        self.form = PartnerForm(search)
        self.form.edited.connect(self._on_edited)
        self.form.left_field.connect(self._on_left_field)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.contacts = ContactsPanel(uow, confirm, writes)
        self.contacts.changed.connect(self._on_contacts_changed)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.addTab(scroll, _("Details"))
        self.standing = StandingPage(uow)
        self.tabs.addTab(self.standing, _("Standing"))
        # Scrolls when the window is short (1366×768 at 150 %): the contact form's messages never squeeze it.
        self.contacts_page = FormScrollArea(self.contacts, grow_window=False)
        self.tabs.addTab(self.contacts_page, _("Contacts"))
        # Visits, Notes, People and Actions (they load once given a context: `set_context`).
        self.notes = NotesPage()
        self.tabs.addTab(self.notes, _("Notes"))
        self.people = PeoplePage()
        self.tabs.addTab(self.people, _("People"))
        self.activity = ActivityPages(self.tabs, before=self.notes)
        self.tabs.tabBar().moveTab(self.tabs.indexOf(self.activity.actions), self.tabs.count() - 1)
        buttons = build_buttons(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.sync_conflicts)
        layout.addWidget(self.empty_actions)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self.clear()

    # --- state ---------------------------------------------------------------------------------

    @property
    def partner_id(self) -> str | None:
        """The partner shown (None for a new one or nothing)."""
        return self._partner_id

    def is_open(self) -> bool:
        """Whether a partner (or a new one) is being shown."""
        return self._baseline is not None

    def is_dirty(self) -> bool:
        """Whether there are changes not saved yet."""
        return self._baseline is not None and not self._deleted and self.form.collect() != self._baseline

    def set_choices(self, tiers: list[tuple[str, str]], owners: list[tuple[str, str]]) -> None:
        """Fill the tier and owner combos."""
        self.form.set_choices(tiers, owners)

    # --- loading -------------------------------------------------------------------------------

    def saving(self) -> bool:
        """Whether a save was submitted and its outcome has not come back yet."""
        return self._pending_saves > 0

    def clear(self) -> None:
        """Show nothing (no partner selected)."""
        self._target = _Target(None)
        self._partner_id, self._baseline, self._deleted = None, None, False
        self.form.load(PartnerInput())
        self.contacts.set_partner(None, [])
        self.standing.set_partner(None)
        self.activity.set_partner(None)
        self.notes.set_partner(None)
        self.people.set_partner(None)
        self.sync_conflicts.set_partner(None)
        self.title.setText(_("No partner selected"))
        self.subtitle.setText(_("Select a partner in the list, or create one with New partner (Ctrl+N)."))
        self._finish_load(enabled=False)

    def new_partner(self) -> None:
        """Start a new partner (empty form, cursor in Name)."""
        self._target = _Target(None)
        self._partner_id, self._deleted = None, False
        self.form.load(PartnerInput())
        self._baseline = self.form.collect()
        self.contacts.set_partner(None, [])
        self.standing.set_partner(None)
        self.activity.set_partner(None)
        self.notes.set_partner(None)
        self.people.set_partner(None)
        self.title.setText(_("New partner"))
        self.subtitle.setText(_("Fields marked * are required. Save with Ctrl+S, cancel with Esc."))
        self._finish_load(enabled=True)
        self.tabs.setCurrentIndex(0)
        self.form.edit("name").setFocus()

    def load_partner(self, partner_id: str) -> bool:
        """Show a partner (live or deleted). Returns False when it no longer exists."""
        try:
            detail = get_partner(self._uow, partner_id)
        except PartnerNotFoundError:
            self.clear()
            return False
        self._show_detail(detail)
        return True

    def _show_detail(self, detail: Any) -> None:
        if self._target.id != detail.id:
            self._target = _Target(detail.id)
        self._partner_id, self._deleted = detail.id, detail.deleted
        self.form.load(detail.to_input(), detail.parent.name if detail.parent else "",
                       [(d.id, d.name) for d in detail.distributors])
        self._baseline = self.form.collect()
        self.contacts.set_partner(detail.id, list(detail.contacts))
        self.standing.set_partner(None if detail.deleted else detail.id)
        self.activity.set_partner(None if detail.deleted else detail.id)
        self.notes.set_partner(None if detail.deleted else detail.id, detail.name)
        self.people.set_partner(None if detail.deleted else detail.id, detail.name)
        self.sync_conflicts.set_partner(detail.id)
        self.title.setText(detail.name)
        if detail.deleted:
            when = format_datetime(detail.deleted_at, self._timezone, style="short")
            self.subtitle.setText("⚠ " + _("Deleted on {date}. Restore it to edit it again.", date=when))
        else:
            when = format_datetime(detail.updated_at, self._timezone, style="short")
            self.subtitle.setText(_("Last changed {date}", date=when))
        self._finish_load(enabled=not detail.deleted)

    def _finish_load(self, enabled: bool) -> None:
        self._touched = set()
        self.banner.hide()
        self._set_message("")
        self.tabs.setVisible(self.is_open())
        self.empty_actions.setVisible(not self.is_open())
        self.form.setEnabled(enabled)
        self.contacts.setEnabled(enabled)
        saved = self._partner_id is not None
        self._contacts_title(saved)
        self.save_button.setVisible(self.is_open() and not self._deleted)
        self.cancel_button.setVisible(self.is_open() and not self._deleted)
        self.save_button.setEnabled(enabled)
        self.cancel_button.setEnabled(enabled)
        self.delete_button.setVisible(saved and not self._deleted)
        self.restore_button.setVisible(self._deleted)
        self.review_button.setVisible(saved and not self._deleted)
        self.close_button.setVisible(self.is_open())
        self.open_changed.emit(self.is_open())

    # --- actions -------------------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        """Check every field; returns field → message (the form is not changed)."""
        errors = dict(self.form.unresolved_errors())
        try:
            validate_partner(self.form.collect(), self._program())
        except ValidationErrors as exc:
            errors = {**exc.by_field(), **errors}
        return errors

    def save(self, allow_duplicates: bool = False) -> bool:
        """Write the partner; shows errors next to their fields or the duplicate banner.

        Returns:
            False when nothing was written because a field is wrong. With a write queue, True means
            the save was submitted: ``saved`` (or the service's errors, or the duplicate banner)
            follows; without one, True means saved.
        """
        if not self.is_open() or self._deleted:
            return False
        errors = self.validate()
        if not errors and self._writes is not None:
            self._submit(self.form.collect(), allow_duplicates)
            return True
        if not errors:
            data = self.form.collect()
            try:
                if self._partner_id is None:
                    detail = create_partner(self._uow, data, allow_duplicates=allow_duplicates)
                else:
                    detail = update_partner(self._uow, self._partner_id, data, allow_duplicates=allow_duplicates)
            except ValidationErrors as exc:
                errors = exc.by_field()
            except DuplicatePartnerError as exc:
                self.banner.show_hits(exc.hits)
                self._set_message("")
                return False
            except PartnerNotFoundError as exc:
                self._set_message(str(exc))
                return False
            else:
                self._show_detail(detail)
                self.saved_name = detail.name
                self.saved.emit(detail.id)
                return True
        self._show_errors(errors)
        return False

    def _submit(self, data: PartnerInput, allow_duplicates: bool) -> None:
        """Queue the save of ``data``; the form counts as saved until the outcome says otherwise."""
        uow, target, before = self._uow, self._target, self._baseline

        def work(_progress: Any) -> Any:
            if target.id is None:
                detail = create_partner(uow, data, allow_duplicates=allow_duplicates)
                target.id = detail.id
                return detail
            return update_partner(uow, target.id, data, allow_duplicates=allow_duplicates)

        self._pending_saves += 1
        self._baseline = data
        self.form.show_errors({})
        self._set_message("")
        self._writes.submit_write(_("Saving {name}", name=data.name), work,
                                  on_done=lambda detail: self._saved(target, data, detail),
                                  on_error=lambda exc, trace: self._save_failed(target, data, before, exc, trace))

    def _saved(self, target: _Target, data: PartnerInput, detail: Any) -> None:
        self._pending_saves -= 1
        if target is self._target and not self._deleted:
            if self.form.collect() == data:
                self._show_detail(detail)
            else:  # typed on since: keep the form, it now edits the saved partner
                self._partner_id = detail.id
                self.delete_button.setVisible(True)
        self.saved_name = detail.name
        self.saved.emit(detail.id)

    def _save_failed(self, target: _Target, data: PartnerInput, before: PartnerInput | None,
                     exc: BaseException, trace: str) -> None:
        self._pending_saves -= 1
        if target is not self._target:
            log.warning("Save of %s failed after the editor moved on: %s", data.name, trace)
            self.save_failed.emit(_("{name} was not saved: {error}", name=data.name, error=exc))
            return
        if self._baseline == data:
            self._baseline = before
        if isinstance(exc, ValidationErrors):
            self._show_errors(exc.by_field())
        elif isinstance(exc, DuplicatePartnerError):
            self.banner.show_hits(exc.hits)
            self._set_message("")
        elif isinstance(exc, PartnerNotFoundError):
            self._set_message(str(exc))
        else:
            log.error("Save failed: %s", trace)
            self._set_message(_("{name} was not saved: {error}", name=data.name, error=exc))

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._touched |= set(errors)
        self.form.show_errors(errors)
        self._set_message(_("Nothing was saved: correct the fields marked ⚠."))
        widget = self.form.first_error_field()
        if widget is not None:
            self.tabs.setCurrentIndex(0)
            widget.setFocus()

    def cancel(self) -> None:
        """Drop the changes not saved (a new partner is closed)."""
        if self._partner_id is None:
            if self.is_open():
                self.clear()
                self.closed.emit()
            return
        self.load_partner(self._partner_id)

    def delete(self) -> bool:
        """Delete the partner shown, after confirmation. True when deleted (with a write queue: submitted).

        With a write queue the editor closes at once; ``deleted`` follows the commit.
        """
        if self._partner_id is None or self._deleted:
            return False
        name = self.title.text()
        if not self._confirm(_("Delete partner"),
                             _("Delete {name}? You can bring it back with Edit › Undo or from the "
                               "Deleted partners view.", name=name)):  # fmt: skip
            return False
        partner_id, uow = self._partner_id, self._uow
        if self._writes is not None:
            self.clear()
            self._writes.submit_write(_("Deleting {name}", name=name), lambda _p: delete_partner(uow, partner_id),
                                      on_done=lambda _r: self.deleted.emit(partner_id, name),
                                      on_error=lambda exc, trace: self._write_failed(name, exc, trace))  # fmt: skip
            return True
        try:
            delete_partner(uow, partner_id)
        except PartnerNotFoundError as exc:
            self._set_message(str(exc))
            return False
        self.clear()
        self.deleted.emit(partner_id, name)
        return True

    def restore(self, partner_id: str | None) -> bool:
        """Bring a deleted partner back and show it. True when restored (with a write queue: submitted)."""
        if not partner_id:
            return False
        uow = self._uow
        if self._writes is not None:
            name = self.title.text()
            self._writes.submit_write(_("Restoring {name}", name=name), lambda _p: restore_partner(uow, partner_id),
                                      on_done=lambda detail: self._restored(partner_id, detail),
                                      on_error=lambda exc, trace: self._write_failed(name, exc, trace))  # fmt: skip
            return True
        try:
            detail = restore_partner(uow, partner_id)
        except PartnerNotFoundError as exc:
            self._set_message(str(exc))
            return False
        self._restored(partner_id, detail)
        return True

    def _restored(self, partner_id: str, detail: Any) -> None:
        self._show_detail(detail)
        self.restored.emit(partner_id)

    def _write_failed(self, name: str, exc: BaseException, trace: str) -> None:
        """A queued delete or restore failed: said in the editor, or in the status bar once it moved on."""
        if isinstance(exc, PartnerNotFoundError):
            message = str(exc)
        else:
            log.error("Write failed: %s", trace)
            message = _("{name} was not saved: {error}", name=name, error=exc)
        if self.is_open():
            self._set_message(message)
        else:
            self.save_failed.emit(message)

    # --- internals -----------------------------------------------------------------------------

    def _on_edited(self) -> None:
        if self.banner.isVisible():
            self.banner.hide()

    def _on_left_field(self, name: str) -> None:
        if not self.is_open() or self._deleted:
            return
        self._touched.add(name)
        errors = self.validate()
        self.form.show_errors(errors, only=self._touched)
        if not any(n in errors for n in self._touched):
            self._set_message("")

    def _on_contacts_changed(self) -> None:
        self._contacts_title(True)
        if self._partner_id:
            self.contacts_changed.emit(self._partner_id)

    def _contacts_title(self, saved: bool) -> None:
        title = _("Contacts ({count})", count=self.contacts.count()) if saved else _("Contacts")
        self.tabs.setTabText(self.tabs.indexOf(self.contacts_page), title)

    def _set_message(self, text: str) -> None:
        self.message.setText("⚠ " + text if text else "")
        self.message.setVisible(bool(text))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Esc cancels (when no popup took it)."""
        if event.key() == Qt.Key.Key_Escape and self.is_open():
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)
