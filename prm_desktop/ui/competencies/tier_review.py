"""Tier review in the Competencies tab: the chosen promotion or demotion candidates given the tier they qualify for.

The button under the candidates asks first, naming each partner and its change ("Bravo Gold: Gold →
Silver"), from an evaluation made on the facts as they are (`qualified_tier_changes`); the write
evaluates again (`assign_qualified_tiers`), is one step of Edit › Undo, and the status bar says
what was done. The question is a plain yes/no box (tests replace :attr:`TierReview.confirm`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.tier_review import TierChange, assign_qualified_tiers, qualified_tier_changes
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.questions import ask_yes_no

__all__ = ["LISTED_MAX", "WORKER_FROM", "TierReview", "assign_button_text", "question_text"]

#: The question names at most this many partners, then says how many more.
LISTED_MAX = 12
#: From this many partners chosen, the evaluation and the write run in a worker process (heavy work: a
#: thread would hold the window up); fewer take less than the process would take to start.
WORKER_FROM = 200
_JOBS = "prm_desktop.worker.jobs:"


def assign_button_text(selected: int) -> str:
    """The button's text for ``selected`` chosen rows ("Assign the qualified tier to 3 partners…")."""
    if selected == 0:
        return _("Assign the qualified tier…")
    return _n("Assign the qualified tier to {count} partner…", "Assign the qualified tier to {count} partners…",
              selected, count=format_number(selected))


def _change_line(change: TierChange) -> str:
    return _("{partner}: {assigned} → {qualified}", partner=change.name,
             assigned=change.assigned_name or _("no tier"), qualified=change.qualified_name or _("no tier"))


def question_text(changes: Sequence[TierChange], selected: int) -> str:
    """The question asked before assigning: each partner's change, how many, and that Undo takes it back."""
    lines = [_change_line(c) for c in changes[:LISTED_MAX]]
    if len(changes) > LISTED_MAX:
        more = len(changes) - LISTED_MAX
        lines.append(_n("and {count} more partner", "and {count} more partners", more, count=format_number(more)))
    head = _n("Give {count} partner the tier it qualifies for today?",
              "Give {count} partners the tier they qualify for today?", len(changes),
              count=format_number(len(changes)))
    text = head + "\n\n" + "\n".join(lines)
    unchanged = selected - len(changes)
    if unchanged > 0:
        text += "\n\n" + _n("{count} selected partner already has that tier (or was deleted): left as it is.",
                            "{count} selected partners already have that tier (or were deleted): left as they are.",
                            unchanged, count=format_number(unchanged))
    return text + "\n\n" + _("Edit › Undo takes the whole change back.")


class TierReview(QObject):
    """Asks, then assigns the qualified tier to chosen partners.

    `done` carries the changes made; `finished` comes at every end (done, No, nothing to change, an error).
    """

    done = Signal(list)
    finished = Signal()

    def __init__(self, ctx: UiContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.confirm: Callable[[QWidget, str, str], bool] = ask_yes_no

    def start(self, partner_ids: Sequence[str]) -> None:
        """Work out the changes for these partners (off the GUI thread), then ask and assign."""
        ids = list(dict.fromkeys(partner_ids))
        if not ids:
            return
        label, on_done = _("Checking the qualified tiers"), (lambda changes: self._ask(ids, changes))
        if len(ids) >= WORKER_FROM:
            self.ctx.tasks.run_in_process(label, _JOBS + "tier_changes", (str(self.ctx.app.paths.data_dir), ids),
                                          on_done=on_done, on_error=self._failed)
            return
        uow = self.ctx.app.uow
        self.ctx.tasks.run(label, lambda progress: qualified_tier_changes(uow, ids, progress=progress),
                           on_done=on_done, on_error=self._failed)

    def _ask(self, ids: list[str], changes: list[TierChange]) -> None:
        if not changes:
            self.ctx.status(_n("The selected partner already has the tier it qualifies for.",
                               "The selected partners already have the tier they qualify for.", len(ids)))
            self.finished.emit()
            return
        if not self.confirm(self.parent_widget, _("Assign the qualified tier"), question_text(changes, len(ids))):
            self.finished.emit()
            return
        label = _("Assign the qualified tier")
        if len(ids) >= WORKER_FROM:
            self.ctx.tasks.run_in_process(label, _JOBS + "tier_assign", (str(self.ctx.app.paths.data_dir), ids),
                                          on_done=self._assigned, on_error=self._failed)
            return
        uow = self.ctx.app.uow
        self.ctx.tasks.submit_write(label, lambda progress: assign_qualified_tiers(uow, ids, progress=progress),
                                    on_done=self._assigned, on_error=self._failed)

    def _assigned(self, changes: list[TierChange]) -> None:
        if changes:
            self.ctx.changed("partners")
            self.ctx.status(_n("{count} partner now has the tier it qualifies for (Edit › Undo to take it back).",
                               "{count} partners now have the tier they qualify for (Edit › Undo to take it back).",
                               len(changes), count=format_number(len(changes))))
        self.done.emit(changes)
        self.finished.emit()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.ctx.status(_("Could not assign the qualified tier: {error}", error=str(exc)))
        self.finished.emit()
