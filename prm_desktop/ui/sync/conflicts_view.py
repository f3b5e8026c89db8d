"""Sync › Conflicts…: every conflict with both values, who and when; edits set aside, exported and dismissed.

A conflict about a deletion reads in words ("Deleted", "Restored with: City: Lyon") and its buttons say
what they do ("Keep it deleted" / "Restore it", or "Keep it" / "Delete it").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import N_, _, _n
from prm_desktop.services import sync_conflicts as service
from prm_desktop.services.sync_conflicts import (
    KEEP_CURRENT,
    KEEP_OTHER,
    ConflictRow,
    describe_value,
    other_value,
    reason_text,
)
from prm_desktop.services.sync_session import user_timezone
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.confirm import ConfirmFn, message_box_confirm
from prm_desktop.ui.partners.import_preview import field_label

KIND_TEXT = {
    "field": "",
    "edit_deleted": N_("Edited after it was deleted"),
    "delete_lost": N_("Deleted while someone edited it"),
}


def field_words(table: str, field: str | None) -> str:
    """“City”, “Contact: Phone”: a conflict's field as the user knows it."""
    name = field_label(field.removesuffix("_id")) if field and field != "deleted_at" else _("Deletion")
    if table == "partners":
        return name
    return f"{field_label(table.removesuffix('s'))}: {name}"


def _field(name: str) -> str:
    return field_label(name.removesuffix("_id"))


#: The two buttons' words per kind of conflict: (keep the current state, take the other one).
BUTTONS = {
    "field": (N_("Keep the value now"), N_("Keep the other value")),
    "edit_deleted": (N_("Keep it deleted"), N_("Restore it")),
    "delete_lost": (N_("Keep it"), N_("Delete it")),
}
TIPS = {
    "field": (N_("Close the conflict: the value stays as it is now"),
              N_("Write the other value back (an ordinary edit, sent at the next sync)")),
    "edit_deleted": (N_("Close the conflict: the row stays deleted and the edit that met the deletion is dropped"),
                     N_("Bring the row back with the edit that met the deletion (an ordinary edit, sent at the "
                        "next sync)")),
    "delete_lost": (N_("Close the conflict: the row stays, as edited later"),
                    N_("Delete the row after all (an ordinary edit, sent at the next sync)")),
}


def conflict_values(c: ConflictRow) -> tuple[str, str]:
    """The “Value now” and “Other value” cells of a conflict, in words."""
    if c.kind == "edit_deleted":
        edit = c.lost_value if isinstance(c.lost_value, dict) else {}
        other = _("Restored with: {edit}", edit=describe_value(edit, _field)) if 0 < len(edit) <= 3 else _("Restored")
        return _("Deleted"), other
    if c.kind == "delete_lost":
        return _("Not deleted (edited later)"), _("Deleted")
    now = c.current_value if c.kind == "field" else c.kept_value
    other = other_value(c) if c.kind == "field" else c.lost_value
    return describe_value(now, _field), describe_value(other, _field)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ConflictsDialog(QDialog):
    """Lists the open conflicts (of one partner, or all) and the edits set aside.

    ``resolved`` is emitted after a conflict was resolved (the caller starts a sync); ``dismissed``
    after edits set aside were dismissed (nothing to send: the caller recounts).
    """

    resolved = Signal()
    dismissed = Signal()

    def __init__(self, ctx: UiContext, partner_id: str | None = None, parent: QWidget | None = None,
                 confirm: ConfirmFn | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.partner_id = ctx, partner_id
        self.confirm = confirm or message_box_confirm(self)
        self.setObjectName("syncConflictsDialog")
        self.setWindowTitle(_("Sync conflicts"))
        self.intro = QLabel(_("When two people changed the same value before syncing, the later change is "
                              "kept and the other one is listed here. Choose which value to keep: your choice "
                              "is an ordinary edit, sent at the next sync."))
        self.intro.setWordWrap(True)
        self.conflicts = _table("syncConflictsTable", [_("Partner"), _("Field"), _("Value now"), _("Other value"),
                                                       _("Sent by"), _("When")])
        self.conflicts.horizontalHeaderItem(4).setToolTip(_("Who sent the change that met the other value."))
        self.keep_current = QPushButton(_("Keep the value now"))
        self.keep_current.setObjectName("syncKeepCurrent")
        self.keep_other = QPushButton(_("Keep the other value"))
        self.keep_other.setObjectName("syncKeepOther")
        self.keep_current.clicked.connect(lambda: self.resolve_selected(KEEP_CURRENT))
        self.keep_other.clicked.connect(lambda: self.resolve_selected(KEEP_OTHER))
        self.conflicts.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_current)
        buttons.addWidget(self.keep_other)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.intro)
        page_layout.addWidget(self.conflicts)
        page_layout.addLayout(buttons)
        self.aside = _table("syncSetAsideTable", [_("Partner"), _("Reason"), _("Your edit"), _("When")])
        self.export = QPushButton(_("Export to a file…"))
        self.export.setObjectName("syncExportSetAside")
        self.export.clicked.connect(self.ask_export)
        self.aside.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.aside.itemSelectionChanged.connect(self._aside_selection_changed)
        self.dismiss_selected = QPushButton(_("Dismiss the selected…"))
        self.dismiss_selected.setObjectName("syncDismissSelected")
        self.dismiss_selected.setToolTip(_("Take the selected edits off this list (they stay in the change log)"))
        self.dismiss_selected.clicked.connect(lambda: self.dismiss(self.selected_aside()))
        self.dismiss_all = QPushButton(_("Dismiss all…"))
        self.dismiss_all.setObjectName("syncDismissAll")
        self.dismiss_all.setToolTip(_("Empty this list (the edits stay in the change log)"))
        self.dismiss_all.clicked.connect(lambda: self.dismiss([c.id for c in self.aside_rows]))
        aside_intro = QLabel(_("Edits you made that could not be sent: the partner is no longer shared with you, "
                               "or the server refused them. They are kept here; export them to pass them on, "
                               "then dismiss them."))
        aside_intro.setWordWrap(True)
        aside_page = QWidget()
        aside_layout = QVBoxLayout(aside_page)
        aside_layout.addWidget(aside_intro)
        aside_layout.addWidget(self.aside)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export)
        export_row.addWidget(self.dismiss_selected)
        export_row.addWidget(self.dismiss_all)
        aside_layout.addLayout(export_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(page, _("Conflicts"))
        self.tabs.addTab(aside_page, _("Edits set aside"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(900, 480)
        self.rows: list = []
        self.aside_rows: list = []
        self.reload()

    def reload(self) -> None:
        """Read the conflicts and set-aside edits again."""
        uow = self.ctx.app.uow
        tz = user_timezone(uow)
        self.rows = service.list_conflicts(uow, self.partner_id)
        self.conflicts.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            what = _(KIND_TEXT[c.kind]) if KIND_TEXT.get(c.kind) else field_words(c.table, c.field)
            if KIND_TEXT.get(c.kind) and c.table != "partners":
                what = f"{field_label(c.table.removesuffix('s'))}: {what}"
            now, other = conflict_values(c)
            when = format_datetime(c.created_at, tz, style="short")
            cells = [c.partner_name or _("(partner not on this laptop)"), what, now, other, c.author or _("(unknown)"),
                     when]
            for col, text in enumerate(cells):
                self.conflicts.setItem(r, col, QTableWidgetItem(text))
        self.conflicts.resizeRowsToContents()
        aside = self.aside_rows = service.list_set_aside(uow)
        self.aside.setRowCount(len(aside))
        for r, c in enumerate(aside):
            cells = [c.partner_name or c.partner_id or "", reason_text(c.kept_value),
                     describe_value(c.lost_value, _field), format_datetime(c.created_at, tz, style="short")]
            for col, text in enumerate(cells):
                self.aside.setItem(r, col, QTableWidgetItem(text))
        self.export.setEnabled(bool(aside))
        self.dismiss_all.setEnabled(bool(aside))
        self._aside_selection_changed()
        self.tabs.setTabText(0, _("Conflicts ({count})", count=len(self.rows)))
        self.tabs.setTabText(1, _("Edits set aside ({count})", count=len(aside)))
        if self.rows:
            self.conflicts.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.conflicts.currentRow() if self.conflicts.selectedItems() else -1
        chosen = self.rows[row] if 0 <= row < len(self.rows) else None
        kind = chosen.kind if chosen is not None and chosen.kind in BUTTONS else "field"
        for button, text, tip in zip((self.keep_current, self.keep_other), BUTTONS[kind], TIPS[kind], strict=True):
            button.setText(_(text))
            button.setToolTip(_(tip))
        self.keep_current.setEnabled(chosen is not None)
        self.keep_other.setEnabled(chosen is not None and service.can_restore(chosen))

    def resolve_selected(self, keep: str) -> None:
        """Resolve the selected conflict (``keep``: ``"current"`` or ``"other"``) through the write queue."""
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self.rows):
            return
        conflict, uow = self.rows[row], self.ctx.app.uow
        self.keep_current.setEnabled(False)
        self.keep_other.setEnabled(False)
        self.ctx.tasks.submit_write(_("Resolving a conflict"), lambda _p: service.resolve(uow, conflict, keep),
                                    on_done=self._resolved)

    def _resolved(self, done: bool) -> None:
        if not done:
            self.ctx.status(_("This row no longer exists; nothing was changed."))
        self.ctx.changed("*")
        self.reload()
        self.resolved.emit()

    def ask_export(self) -> None:
        """Ask where to write the set-aside edits, then write them."""
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the edits set aside"), "edits-set-aside.csv",
                                                    _("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        """Write the set-aside edits to ``path`` (CSV); returns how many."""
        count = service.export_set_aside(self.ctx.app.uow, path)
        self.ctx.status(_n("{count} edit written to {path}.", "{count} edits written to {path}.", count,
                           count=count, path=path))
        return count

    # --- edits set aside: dismiss ----------------------------------------------------------------

    def selected_aside(self) -> list[str]:
        """Ids of the set-aside edits selected."""
        rows = sorted({index.row() for index in self.aside.selectedIndexes()})
        return [self.aside_rows[r].id for r in rows if 0 <= r < len(self.aside_rows)]

    def _aside_selection_changed(self) -> None:
        self.dismiss_selected.setEnabled(bool(self.selected_aside()))

    def dismiss(self, ids: list[str]) -> int:
        """Take set-aside edits off the list, after asking (they stay in the change log); returns how many."""
        if not ids:
            return 0
        question = _n("Dismiss {count} edit set aside? It will no longer be listed here.",
                      "Dismiss these {count} edits set aside? They will no longer be listed here.", len(ids),
                      count=len(ids))  # fmt: skip
        question += " " + _("They stay in the change log. Export them to a file first if someone still needs them.")
        if not self.confirm(_("Dismiss edits set aside"), question):
            return 0
        count = service.dismiss_set_aside(self.ctx.app.uow, ids)
        self.ctx.status(_n("{count} edit set aside dismissed.", "{count} edits set aside dismissed.", count,
                           count=count))  # fmt: skip
        self.reload()
        self.dismissed.emit()
        return count
