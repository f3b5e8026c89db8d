"""A page of the partner editor that reads one partner's content off the GUI thread.

It loads when shown, again when another partner is loaded while it is shown and when the data it
shows changes; a result that comes back for a partner no longer shown is dropped. Without a
`UiContext` (``set_context``) a page stays empty. The Notes, People, Visits and Actions pages build on it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.context import UiContext

__all__ = ["PartnerPage"]


class PartnerPage(QWidget):
    """A page of one partner that reads its content on the task runner when shown.

    Subclasses give ``TOPICS`` (the data changes that reload it, besides ``"*"``), ``LOAD_LABEL``
    (the progress text), `fetch` and `show_result`.
    """

    loaded = Signal()  # content shown (tests wait for it)
    TOPICS: frozenset[str] = frozenset({"*"})
    LOAD_LABEL = N_("Loading")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: UiContext | None = None
        self.partner_id: str | None = None
        self.partner_name = ""
        self._dirty = False
        self._generation = 0

    def set_context(self, ctx: UiContext) -> None:
        """Use the application's task runner and follow its data changes."""
        self.ctx = ctx
        ctx.signals.data_changed.connect(self._on_data_changed)

    def set_partner(self, partner_id: str | None, name: str = "") -> None:
        """Show a partner (None: nothing); loaded now if the page is visible, else when shown."""
        self.partner_id, self.partner_name = partner_id, name
        self._generation += 1
        self.show_result(None)
        self._dirty = partner_id is not None
        if self._dirty and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the content again, off the GUI thread."""
        if self.partner_id is None or self.ctx is None:
            return
        self._dirty = False
        generation, partner_id, uow = self._generation, self.partner_id, self.ctx.app.uow
        self.ctx.tasks.run(_(self.LOAD_LABEL), lambda _p: self.fetch(uow, partner_id),
                           on_done=lambda result: self._show(generation, result),
                           on_error=lambda exc, _t: self._show(generation, exc), quiet=True)  # fmt: skip

    def fetch(self, uow: Any, partner_id: str) -> Any:
        """Read the content (worker thread: no widget is touched here)."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        """Show what `fetch` read (None: nothing; an exception: its message)."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Load when first shown after a change."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_data_changed(self, what: str) -> None:
        if (what == "*" or what in self.TOPICS) and self.partner_id is not None:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def _show(self, generation: int, result: Any) -> None:
        if generation == self._generation:
            self.show_result(result)
            self.loaded.emit()
