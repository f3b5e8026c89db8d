"""Sync › Conflicts…: every conflict with both values, who and when; edits set aside, exportable."""

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
from prm_desktop.services.sync_conflicts import KEEP_CURRENT, KEEP_OTHER, describe_value, other_value, reason_text
from prm_desktop.services.sync_session import user_timezone
from prm_desktop.ui.context import UiContext
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

    ``resolved`` is emitted after a conflict was resolved (the caller starts a sync).
    """

    resolved = Signal()

    def __init__(self, ctx: UiContext, partner_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.partner_id = ctx, partner_id
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
        aside_intro = QLabel(_("Edits you made that could not be sent: the partner is no longer shared with you, "
                               "or the server refused them. They are kept here; export them to pass them on."))
        aside_intro.setWordWrap(True)
        aside_page = QWidget()
        aside_layout = QVBoxLayout(aside_page)
        aside_layout.addWidget(aside_intro)
        aside_layout.addWidget(self.aside)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export)
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
        self.reload()

    def reload(self) -> None:
        """Read the conflicts and set-aside edits again."""
        uow = self.ctx.app.uow
        tz = user_timezone(uow)
        self.rows = service.list_conflicts(uow, self.partner_id)
        self.conflicts.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            what = _(KIND_TEXT[c.kind]) if KIND_TEXT.get(c.kind) else field_words(c.table, c.field)
            now = c.current_value if c.kind == "field" else c.kept_value
            other = other_value(c) if c.kind == "field" else c.lost_value
            when = format_datetime(c.created_at, tz, style="short")
            cells = [c.partner_name or _("(partner not on this laptop)"), what, describe_value(now, _field),
                     describe_value(other, _field), c.author or _("(unknown)"), when]
            for col, text in enumerate(cells):
                self.conflicts.setItem(r, col, QTableWidgetItem(text))
        self.conflicts.resizeRowsToContents()
        aside = service.list_set_aside(uow)
        self.aside.setRowCount(len(aside))
        for r, c in enumerate(aside):
            cells = [c.partner_name or c.partner_id or "", reason_text(c.kept_value),
                     describe_value(c.lost_value, _field), format_datetime(c.created_at, tz, style="short")]
            for col, text in enumerate(cells):
                self.aside.setItem(r, col, QTableWidgetItem(text))
        self.export.setEnabled(bool(aside))
        self.tabs.setTabText(0, _("Conflicts ({count})", count=len(self.rows)))
        self.tabs.setTabText(1, _("Edits set aside ({count})", count=len(aside)))
        if self.rows:
            self.conflicts.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.conflicts.currentRow() if self.conflicts.selectedItems() else -1
        chosen = self.rows[row] if 0 <= row < len(self.rows) else None
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
