"""A notes timeline (of a partner or a person) with its editor.

The list shows pinned notes first, then newest first; the selected note is rendered from its
Markdown (bold, lists, links); a click on a mention asks for that person (``person_requested``).
The editor autosaves what is typed as a draft (:mod:`prm_desktop.ui.autosave`) under ``note:<id>`` or
``note:new:<subject>`` until the note is saved.
Writes go through the tab's ``write`` function (the task runner).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.domain.notes_markdown import mention
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.drafts import Drafts
from prm_desktop.services.people.notes import NoteInfo
from prm_desktop.ui.autosave import Autosave
from prm_desktop.ui.partners.flow_layout import FlowLayout
from prm_desktop.ui.partners.form_fields import ERROR_STYLE, line_edit
from prm_desktop.ui.stakeholders.note_history import NoteHistoryDialog

__all__ = ["NotesTimeline", "note_line"]


def note_line(note: NoteInfo, subject_partner: bool = False, subject_person: bool = False) -> str:
    """One line of the timeline: marks, date, what it is about (but the timeline's own subject), the text's start."""
    marks = []
    if note.pinned:
        marks.append(_("Pinned"))
    if note.internal_only:
        marks.append(_("Internal"))
    first = next((line for line in note.plain_text.splitlines() if line.strip()), "")
    about = " · ".join(
        filter(None, ("" if subject_partner else note.partner_name, "" if subject_person else note.stakeholder_name))
    )
    tags = " ".join(f"#{tag}" for tag in note.tags)
    head = " · ".join(filter(None, (*marks, format_date(note.created_at), about, tags)))
    return f"{head} — {first[:120]}"


class NotesTimeline(QWidget):
    """Notes of one subject (partner or person) and a note editor.

    Args:
        drafts: The drafts store (None: no autosave).
        write: ``write(label, work, on_done, on_error)`` runs a service call off the GUI thread.
    """

    #: Emitted with the note id (None for a new note) once a note was written.
    saved = Signal(object)
    #: A mention was clicked in the selected note (stakeholder id): open that person.
    person_requested = Signal(str)
    #: The history window shows a note's versions (tests wait for it).
    history_shown = Signal()
    #: "Action…": make an action item from the selected note (NoteInfo, suggested title).
    action_requested = Signal(object, str)

    def __init__(self, drafts: Drafts | None, write: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drafts = drafts
        self._write = write
        self._read: Callable[..., None] | None = None
        self.history_dialog: NoteHistoryDialog | None = None
        self.partner_id: str | None = None
        self.stakeholder_id: str | None = None
        self.subject = ""
        self.editing_id: str | None = None
        self.notes: list[NoteInfo] = []
        self.list = QListWidget()
        self.list.setAccessibleName(_("Notes timeline"))
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_current)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Selected note"))
        self.preview.setOpenExternalLinks(False)
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._open_link)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.new_button = QPushButton(_("New note"))
        self.edit_button = QPushButton(_("Edit note"))
        self.pin_button = QPushButton(_("Pin"))
        self.delete_button = QPushButton(_("Remove note"))
        self.history_button = QPushButton(_("History…"))
        self.history_button.setToolTip(_("Every saved version of the selected note"))
        self.history_button.clicked.connect(self.show_history)
        self.action_button = QPushButton(_("Action…"))
        self.action_button.setToolTip(_("Make an action item from the selected note (listed in the Actions view)"))
        self.action_button.clicked.connect(self.request_action)
        self.action_button.hide()  # shown once a place handles `action_requested`
        self.new_button.clicked.connect(self.start_new)
        self.edit_button.clicked.connect(self.edit_current)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QWidget()  # wraps in a narrow pane (the partner editor) instead of widening it
        row = FlowLayout(buttons, spacing=6)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.new_button, self.edit_button, self.pin_button, self.delete_button, self.history_button,
                       self.action_button):  # fmt: skip
            row.addWidget(button)
        self.editor = self._build_editor()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.preview, 2)
        layout.addWidget(buttons)
        layout.addWidget(self.editor, 3)
        self.editor.hide()
        self.autosave = Autosave(self.body, drafts, "note:none") if drafts is not None else None
        self._update_buttons()

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(_("Note"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(_("Note text"))
        self.body.setPlaceholderText(_("Write the note: **bold**, lists with “- ”, links as [label](https://…)."))
        self.tags = line_edit(_("Tags"), _("Tags, separated by commas"))
        self.pinned = QCheckBox(_("Pinned"))
        self.internal = QCheckBox(_("Internal only (never in partner documents)"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.mention_combo = QComboBox()
        self.mention_combo.setAccessibleName(_("Mention a person"))
        self.mention_combo.setToolTip(_("Insert a mention: the note then shows on that person’s timeline too."))
        self.mention_combo.activated.connect(self._insert_mention)
        self.mention_combo.setMaximumWidth(240)
        self.set_people([])
        self.draft_label = QLabel()
        self.save_button = QPushButton(_("Save note"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.close_editor)
        flags = QHBoxLayout()  # the tags on their own line: a narrow pane keeps them readable
        flags.addWidget(self.pinned)
        flags.addWidget(self.internal)
        flags.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.mention_combo)
        row.addWidget(self.draft_label, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.tags)
        layout.addLayout(flags)
        layout.addWidget(self.error)
        layout.addLayout(row)
        return box

    # --- public --------------------------------------------------------------------------------

    def set_subject(
        self, partner_id: str | None, stakeholder_id: str | None, subject: str, notes: list[NoteInfo]
    ) -> None:
        """Show the notes of a partner or a person (``subject`` is its name)."""
        if (partner_id, stakeholder_id) != (self.partner_id, self.stakeholder_id):
            self.close_editor()
        self.partner_id, self.stakeholder_id, self.subject = partner_id, stakeholder_id, subject
        self.notes = list(notes)
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for note in self.notes:
            item = QListWidgetItem(note_line(note, partner_id is not None, stakeholder_id is not None))
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.list.addItem(item)
            if note.id == current:
                self.list.setCurrentItem(item)
        if self.notes and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.empty.setText(
            _("No note yet about {name}. Use New note to write the first one.", name=subject) if not notes else ""
        )
        self.empty.setVisible(not notes)
        self._show_current(self.list.currentRow())
        self._update_buttons()

    def set_reader(self, read: Callable[..., None]) -> None:
        """``read(label, work, on_done, on_error)`` runs a services read off the GUI thread (the history needs it)."""
        self._read = read
        self._update_buttons()

    def show_history(self) -> None:
        """Open the window of the selected note's saved versions."""
        from prm_desktop.services.people.note_history import note_history
        from prm_desktop.services.profile import get_profile

        note, subject = self.current_note(), self.subject
        if note is None or self._read is None:
            return

        def shown(result: Any) -> None:
            history, timezone = result
            if self.history_dialog is None:
                self.history_dialog = NoteHistoryDialog(self)
            self.history_dialog.set_history(subject or note.partner_name or note.stakeholder_name, history, timezone)
            self.history_dialog.show()
            self.history_dialog.raise_()
            self.history_shown.emit()

        self._read(_("Loading"), lambda uow: (note_history(uow, note.id), get_profile(uow).timezone), shown,
                   self._failed)  # fmt: skip

    def offer_actions(self) -> None:
        """Show "Action…" (the owner connected `action_requested`)."""
        self.action_button.show()

    def request_action(self) -> None:
        """Ask for an action item from the selected note; its first line is the suggested title."""
        note = self.current_note()
        if note is not None:
            first = next((line.strip() for line in note.plain_text.splitlines() if line.strip()), "")
            self.action_requested.emit(note, first[:200])

    def set_drafts(self, drafts: Drafts | None) -> None:
        """Autosave what is typed to this drafts store (None: no autosave)."""
        self._drafts = drafts
        self.autosave = Autosave(self.body, drafts, "note:none") if drafts is not None else None

    def set_people(self, people: list[tuple[str, str]]) -> None:
        """The people a note can mention, as (id, name)."""
        self.mention_combo.clear()
        self.mention_combo.addItem(_("Mention…"), None)
        for person_id, name in people:
            self.mention_combo.addItem(name, person_id)

    def current_note(self) -> NoteInfo | None:
        """The selected note."""
        row = self.list.currentRow()
        return self.notes[row] if 0 <= row < len(self.notes) else None

    def start_new(self) -> None:
        """Open the editor on a new note (a draft typed earlier comes back)."""
        self._open(None, "", "", False, False)

    def edit_current(self) -> None:
        """Open the editor on the selected note."""
        note = self.current_note()
        if note is not None:
            self._open(note.id, note.body, ", ".join(note.tags), note.pinned, note.internal_only)

    def value(self) -> NoteInput:
        """The note as typed."""
        return NoteInput(
            self.body.toPlainText(), self.partner_id, self.stakeholder_id, self.tags.text(),
            self.pinned.isChecked(), self.internal.isChecked(),
        )  # fmt: skip

    def save(self) -> None:
        """Write the note through the services."""
        from prm_desktop.services.people.notes import create_note, update_note

        data, note_id = self.value(), self.editing_id
        self.error.hide()

        def work(uow: Any) -> Any:
            return update_note(uow, note_id, data) if note_id else create_note(uow, data)

        self._write(_("Save note"), work, self._saved, self._failed)

    def toggle_pin(self) -> None:
        """Pin the selected note, or unpin it."""
        from prm_desktop.services.people.notes import set_pinned

        note = self.current_note()
        if note is not None:
            pinned = not note.pinned
            self._write(_("Pin note") if pinned else _("Unpin note"), lambda uow: set_pinned(uow, note.id, pinned),
                        lambda r: self.saved.emit(r.id), self._failed)  # fmt: skip

    def delete_current(self) -> None:
        """Remove the selected note (Edit › Undo brings it back)."""
        from prm_desktop.services.people.notes import delete_note

        note = self.current_note()
        if note is not None:
            self._write(_("Remove note"), lambda uow: delete_note(uow, note.id), lambda _r: self.saved.emit(None),
                        self._failed)  # fmt: skip

    def close_editor(self) -> None:
        """Hide the editor (its draft stays until the note is saved)."""
        if self.autosave is not None:
            self.autosave.flush()
        self.editor.hide()
        self.editing_id = None

    # --- private -------------------------------------------------------------------------------

    def _draft_key(self, note_id: str | None) -> str:
        return f"note:{note_id}" if note_id else f"note:new:{self.partner_id or ''}:{self.stakeholder_id or ''}"

    def _open(self, note_id: str | None, body: str, tags: str, pinned: bool, internal: bool) -> None:
        if self.autosave is not None:
            self.autosave.set_key(self._draft_key(note_id), _("Note about {name}", name=self.subject))
        self.editing_id = note_id
        self.editor.setTitle(_("Edit note") if note_id else _("New note about {name}", name=self.subject))
        self.body.blockSignals(True)
        self.body.setPlainText(body)
        self.body.blockSignals(False)
        self.tags.setText(tags)
        self.pinned.setChecked(pinned)
        self.internal.setChecked(internal)
        restored = self.autosave.restore() if self.autosave is not None else False
        self.draft_label.setText(_("Unsaved text brought back from your draft.") if restored else "")
        self.error.hide()
        self.editor.show()
        self.body.setFocus()

    def _saved(self, note: NoteInfo) -> None:
        if not self.editor.isHidden() and self.autosave is not None:
            self.autosave.discard()
        self.editor.hide()
        self.editing_id = None
        self.saved.emit(note.id)

    def _failed(self, exc: BaseException, _trace: str = "") -> None:
        if isinstance(exc, ValidationErrors):
            self.error.setText("\n".join(e.message for e in exc))
        else:
            self.error.setText(str(exc))
        self.error.show()

    def _insert_mention(self, index: int) -> None:
        person_id = self.mention_combo.itemData(index)
        if person_id:
            self.body.insertPlainText(mention(self.mention_combo.itemText(index), person_id) + " ")
            self.body.setFocus()
        self.mention_combo.setCurrentIndex(0)

    def _open_link(self, url: QUrl) -> None:
        """A mention opens the person; any other link opens in the system's browser or mail client."""
        if url.scheme() == "stakeholder":
            self.person_requested.emit(url.path())
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _show_current(self, row: int) -> None:
        note = self.notes[row] if 0 <= row < len(self.notes) else None
        self.preview.setMarkdown(note.body if note else "")
        self.preview.setVisible(note is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        note = self.current_note()
        has_subject = bool(self.partner_id or self.stakeholder_id)
        self.new_button.setEnabled(has_subject)
        for button in (self.edit_button, self.pin_button, self.delete_button):
            button.setEnabled(note is not None)
        self.history_button.setEnabled(note is not None and self._read is not None)
        self.action_button.setEnabled(note is not None)
        self.pin_button.setText(_("Unpin") if note is not None and note.pinned else _("Pin"))
