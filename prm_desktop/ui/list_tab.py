"""A tab that shows one list from the database, loaded off the GUI thread when it is first shown.

Subclasses give the services call (`fetch`), what data changes concern them (``TOPICS``) and how to
show the rows (`show_rows`). A tab reloads when it becomes visible after a change, never for a
change while hidden; a late answer from an older load is ignored.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.ui.context import UiContext


class ListTab(QWidget):
    """Base of the simple list tabs (Visits, Competencies, Stakeholders)."""

    #: What ``data_changed`` topics concern this tab ("*" always does).
    TOPICS: ClassVar[frozenset[str]] = frozenset()
    #: Emitted on the GUI thread once rows are shown (tests wait for it).
    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self._generation = 0
        self.loading = False
        self.summary = QLabel(_("Loading…"))
        self.summary.setAccessibleName(_("List summary"))
        self.summary.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)
        ctx.signals.data_changed.connect(self._on_data_changed)

    def fetch(self, uow: Any) -> Any:
        """Read the rows with services on ``uow`` (runs on a worker thread: no widgets here)."""
        raise NotImplementedError

    def show_rows(self, result: Any) -> None:
        """Put the rows fetched in the widgets (GUI thread)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Load the rows again now."""
        if self._generation < 0:
            return
        self._dirty = False
        self._generation += 1
        generation = self._generation
        self.loading = True
        uow, fetch = self.ctx.app.uow, self.fetch
        self.ctx.tasks.run(
            _("Loading"),
            lambda _progress: fetch(uow),
            on_done=lambda result: self._apply(generation, result),
            on_error=lambda exc, trace: self._failed(generation, exc, trace),
            quiet=True,
        )

    def retire(self) -> None:
        """Ignore every load still under way (the tab is about to be deleted)."""
        self._generation = -1
        self._dirty = False
        self.ctx.signals.data_changed.disconnect(self._on_data_changed)

    def _apply(self, generation: int, result: Any) -> None:
        if generation != self._generation or result is None:
            return
        self.loading = False
        self.show_rows(result)
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException, trace: str) -> None:
        self.loading = False
        if generation == self._generation:
            self.summary.setText(_("This list could not be loaded: {error}", error=exc))
            import logging

            logging.getLogger(__name__).error("Loading %s failed:\n%s", type(self).__name__, trace)

    def _on_data_changed(self, what: str) -> None:
        if what != "*" and what not in self.TOPICS:
            return
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._dirty:
            self.refresh()
