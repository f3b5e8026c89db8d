"""Autosave of a text editor into the drafts store: typing is never lost.

Usage in an editor (notes, visit reports)::

    self.autosave = Autosave(self.body_edit, ctx.drafts, key=f"note:{note_id or 'new:' + partner_id}",
                             label=_("Note about {name}", name=partner_name))
    self.autosave.restore()      # brings back what was typed before a crash or a close
    ...
    save_note(...)               # the real save, through a service
    self.autosave.discard()      # the draft is no longer needed

Each change is written shortly after the user pauses (``delay_ms``), and at least every
``max_wait_ms`` during continuous typing; focus leaving the editor, the editor closing and the
application quitting write at once.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from prm_desktop.services.drafts import Draft, Drafts

log = logging.getLogger(__name__)

Editor = QPlainTextEdit | QTextEdit | QLineEdit


def _text(editor: Editor) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()


def _set_text(editor: Editor, text: str) -> None:
    if isinstance(editor, QLineEdit):
        editor.setText(text)
    else:
        editor.setPlainText(text)


class Autosave(QObject):
    """Keeps the text of one editor as a draft under ``key`` while the user types."""

    #: Emitted after each write of the draft.
    saved = Signal()

    def __init__(
        self, editor: Editor, drafts: Drafts, key: str, label: str = "", delay_ms: int = 400, max_wait_ms: int = 2000
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.drafts = drafts
        self.key = key
        self.label = label
        self.max_wait = max_wait_ms / 1000
        self._pending_since: float | None = None
        self._restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        editor.textChanged.connect(self._changed)
        editor.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    @property
    def pending(self) -> bool:
        """True when typed text is not written yet."""
        return self._pending_since is not None

    def set_key(self, key: str, label: str = "") -> None:
        """Switch to another draft key (the editor now edits something else)."""
        self.flush()
        self.key, self.label = key, label

    def draft(self) -> Draft | None:
        """The stored draft of this key, if any."""
        return self.drafts.load(self.key)

    def restore(self) -> bool:
        """Put the stored draft in the editor; False when there is none (or it equals the text)."""
        found = self.drafts.load(self.key)
        if found is None or found.text == _text(self.editor):
            return False
        self._restoring = True
        try:
            _set_text(self.editor, found.text)
        finally:
            self._restoring = False
        return True

    def flush(self) -> None:
        """Write the draft now if anything is pending."""
        self._timer.stop()
        if self._pending_since is None:
            return
        self._pending_since = None
        try:
            self.drafts.save(self.key, _text(self.editor), self.label)
        except Exception:  # pragma: no cover - a full disk must not break typing
            log.exception("Could not save the draft %s", self.key)
            return
        self.saved.emit()

    def discard(self) -> None:
        """Forget the draft (after the real save succeeded)."""
        self._timer.stop()
        self._pending_since = None
        self.drafts.discard(self.key)

    def _changed(self, *_args: object) -> None:
        if self._restoring:
            return
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since >= self.max_wait:
            self.flush()
        else:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.editor and event.type() in (QEvent.Type.FocusOut, QEvent.Type.Hide, QEvent.Type.Close):
            self.flush()
        return False
