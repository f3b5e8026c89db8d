"""Programs in the window.

Import a program file (errors with line and key path), see its rules, activate it (the portfolio is
re-evaluated with progress), and see who gains or loses a tier or a level under another program.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.evaluation_metrics import program_currency
from prm_desktop.domain.formatting import format_date, format_money, format_number
from prm_desktop.domain.i18n import N_, _, _n, get_language
from prm_desktop.domain.program import Program, ProgramError
from prm_desktop.domain.program_words import rule_sentences
from prm_desktop.services.programs import ProgramSummary, get_program, list_programs
from prm_desktop.services.standing_programs import ImpactRow, ProgramImpact, program_impact
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.tables import RowTableModel, make_table, source_row

__all__ = ["ImpactTableModel", "ProgramsPanel", "ProgramsTableModel", "program_html"]

ORDER = {"loss": 0, "gain": 1, "levels": 2}
CHANGES = {"gain": N_("▲ Gains a tier"), "loss": N_("▼ Loses a tier"), "levels": N_("• Levels change")}


class ProgramsTableModel(RowTableModel[ProgramSummary]):
    """Imported programs, the active one first."""

    ACTIVE, ID, NAME, VALID_FROM, TIERS, COMPETENCIES = range(6)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Active"), N_("Id"), N_("Name"), N_("Valid from"), N_("Tiers"),
                                          N_("Competencies"))
    NUMERIC = frozenset({TIERS, COMPETENCIES})

    def display(self, item: ProgramSummary, column: int) -> str:
        if column == self.ACTIVE:
            return _("✓ Active") if item.active else ""
        if column == self.ID:
            return item.id
        if column == self.NAME:
            return item.name
        if column == self.VALID_FROM:
            return format_date(item.valid_from) if item.valid_from else ""
        return format_number(item.tiers if column == self.TIERS else item.competencies)


class ImpactTableModel(RowTableModel[ImpactRow]):
    """Partners whose tier or levels change under the other program."""

    PARTNER, CHANGE, TIER_NOW, TIER_OTHER, GAINED, LOST = range(6)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Partner"), N_("Change"), N_("Tier today"),
                                          N_("Tier under the other program"), N_("Levels gained"),
                                          N_("Levels lost"))

    def display(self, item: ImpactRow, column: int) -> str:
        if column == self.PARTNER:
            return item.name
        if column == self.CHANGE:
            return _(CHANGES[item.change])
        if column == self.TIER_NOW:
            return item.tier_now or _("No tier")
        if column == self.TIER_OTHER:
            return item.tier_other or _("No tier")
        return ", ".join(item.gained if column == self.GAINED else item.lost)

    def sort_key(self, item: ImpactRow, column: int) -> Any:
        if column == self.CHANGE:
            return f"{ORDER[item.change]}{super().sort_key(item, self.PARTNER)}"
        return super().sort_key(item, column)


def program_html(program: Program) -> str:
    """The rules of a program in words: tiers and what each competency level needs."""
    lang, currency = get_language(), program_currency(program)
    parts = [f"<h3>{escape(program.name)}</h3><p><b>{escape(_('Tiers'))}</b></p><ul>"]
    for tier in program.tiers:
        parts.append("<li>" + escape(_n("{tier}: {revenue} of revenue and {count} competency",
                                        "{tier}: {revenue} of revenue and {count} competencies",
                                        tier.min_competencies, tier=tier.name,
                                        revenue=format_money(tier.min_revenue, decimals=0, currency=currency),
                                        count=format_number(tier.min_competencies))) + "</li>")
    parts.append(f"</ul><p><b>{escape(_('Competencies'))}</b></p><ul>")
    for comp in program.competencies:
        levels = "; ".join(
            _("{level}: {people}, {revenue}, {references}", level=level.name,
              people=_n("{count} accredited person", "{count} accredited people", level.min_accredited,
                        count=format_number(level.min_accredited)),
              revenue=format_money(level.min_revenue, decimals=0, currency=currency),
              references=_n("{count} validated reference", "{count} validated references", level.min_references,
                            count=format_number(level.min_references)))
            for level in comp.levels)
        parts.append(f"<li><b>{escape(comp.display_name(lang))}</b> — {escape(levels)}</li>")
    parts.append("</ul>")
    sentences = rule_sentences(program, "fr" if lang == "fr" else "en")
    if sentences:
        parts.append(f"<p><b>{escape(_('Other rules'))}</b></p><ul>")
        parts += [f"<li>{escape(s)}</li>" for s in sentences]
        parts.append("</ul>")
    return "".join(parts)


class ProgramsPanel(QWidget):
    """Import, see, activate and compare programs."""

    impact_loaded = Signal(object)  # ProgramImpact
    programs_loaded = Signal()
    partner_selected = Signal(str)  # partner id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ProgramsTableModel(self)
        self.table = make_table(self.model, _("Imported programs"), self)
        self.table.setColumnWidth(0, 80)
        self.table.setSortingEnabled(False)
        self.table.model().sort(-1)  # the active program first, as listed
        self.table.setMaximumHeight(120)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_rules())
        self.import_button = QPushButton(_("Import a program file…"))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.activate_button = QPushButton(_("Activate"))
        self.activate_button.setToolTip(_("Make the selected program the active one; every partner is re-evaluated"))
        self.activate_button.clicked.connect(self.activate_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.activate_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Program message"))
        self.rules = QTextBrowser()
        self.rules.setAccessibleName(_("Rules of the selected program"))
        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName(_("Program to compare with"))
        self.compare_button = QPushButton(_("Who changes under this program?"))
        self.compare_button.clicked.connect(self.compare)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_combo, 1)
        compare_row.addWidget(self.compare_button)
        self.impact_label = QLabel()
        self.impact_label.setWordWrap(True)
        self.impact_label.setMinimumHeight(self.impact_label.fontMetrics().lineSpacing() * 3)
        self.impact_model = ImpactTableModel(self)
        self.impact = make_table(self.impact_model, _("Partners affected by the program change"), self)
        for column, width in ((0, 150), (1, 130), (2, 95), (3, 95)):
            self.impact.setColumnWidth(column, width)
        self.impact.sortByColumn(ImpactTableModel.CHANGE, Qt.SortOrder.AscendingOrder)
        self.impact.selectionModel().selectionChanged.connect(self._impact_selected)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.message)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.rules, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(compare_row)
        bottom_layout.addWidget(self.impact_label)
        bottom_layout.addWidget(self.impact, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def refresh(self) -> None:
        """Load the list of programs."""
        uow = self.ctx.app.uow
        self.ctx.tasks.run(_("Loading"), lambda _p: list_programs(uow), on_done=self._show_programs, quiet=True)

    def import_file(self, path: str | Path | None = None) -> None:
        """Import (and activate) a program file; errors are shown with their line and key path."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Import a program file"), "",
                                                          _("Program files (*.toml)"))
            if not chosen:
                return
            path = chosen
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            self._say(_("Could not read {path}: {error}", path=str(path), error=exc.strerror or str(exc)), error=True)
            return
        self._write(_("Importing the program"), "program_import", text)

    def activate_selected(self) -> None:
        """Activate the selected program (the portfolio is re-evaluated)."""
        rows = self.table.selectionModel().selectedRows()
        item = source_row(self.table, rows[0].row()) if rows else None
        if item is None or item.active:
            return
        self._write(_("Activating the program"), "program_activate", item.id)

    def compare(self) -> None:
        """Evaluate the portfolio under the chosen program, with progress, and list who changes."""
        other = self.compare_combo.currentData()
        if not other:
            return
        uow = self.ctx.app.uow
        self.compare_button.setEnabled(False)
        self.impact_label.setText(_("Evaluating the portfolio under both programs…"))

        def work(progress: Any) -> ProgramImpact:
            return program_impact(uow, other, progress=progress, cancelled=lambda: progress.cancelled)

        self.ctx.tasks.run(_("Comparing programs"), work, on_done=self._show_impact, on_error=self._compare_failed)

    # --- internals -----------------------------------------------------------------------------

    def _write(self, label: str, job: str, argument: str) -> None:
        """Run a program job of `prm_desktop.worker.jobs` in a worker process (it re-evaluates the portfolio)."""
        self.import_button.setEnabled(False)
        self.activate_button.setEnabled(False)
        self._say(_("{label}: the portfolio is being re-evaluated…", label=label))
        self.ctx.tasks.run_in_process(label, f"prm_desktop.worker.jobs:{job}",
                                      (str(self.ctx.app.paths.data_dir), argument),
                                      on_done=self._written, on_error=self._write_failed)  # fmt: skip

    def _written(self, summary: ProgramSummary) -> None:
        self.import_button.setEnabled(True)
        self.activate_button.setEnabled(True)
        state = _("active") if summary.active else _("not active")
        self._say(_("Program {id} ({name}), {state}.", id=summary.id, name=summary.name, state=state))
        self.ctx.changed("program")
        self.refresh()

    def _write_failed(self, exc: BaseException, _trace: str) -> None:
        self.import_button.setEnabled(True)
        self.activate_button.setEnabled(True)
        if isinstance(exc, ProgramError):
            self._say(_("The program file has errors; nothing was imported:") + "\n" + "\n".join(exc.errors),
                      error=True)
        else:
            self._say(str(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(("⚠ " if error else "") + text)

    def _show_programs(self, programs: list[ProgramSummary]) -> None:
        self.model.set_rows(programs)
        self.compare_combo.clear()
        for summary in programs:
            if not summary.active:
                self.compare_combo.addItem(f"{summary.name} ({summary.id})", summary.id)
        self.compare_button.setEnabled(self.compare_combo.count() > 0)
        if not self.compare_combo.count():
            self.impact_label.setText(_("Import another program to see who would gain or lose a tier under it."))
        if programs:
            self.table.selectRow(0)
        self.programs_loaded.emit()

    def _show_rules(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = source_row(self.table, rows[0].row()) if rows else None
        if item is None:
            self.rules.setHtml("")
            return
        self.activate_button.setEnabled(not item.active)
        self.rules.setHtml(program_html(get_program(self.ctx.app.uow, item.id)))

    def _show_impact(self, impact: ProgramImpact) -> None:
        self.compare_button.setEnabled(True)
        self.impact_model.set_rows(impact.rows)
        losses = sum(1 for r in impact.rows if r.change == "loss")
        gains = sum(1 for r in impact.rows if r.change == "gain")
        self.impact_label.setText(_("Under {program}, of {total} partners, {losses} would lose a tier, {gains} "
                                    "would gain one, and {levels} would only see their levels change.",
                                    program=impact.other_id, total=format_number(impact.evaluated),
                                    losses=format_number(losses),
                                    gains=format_number(gains),
                                    levels=format_number(len(impact.rows) - losses - gains)))
        self.impact_loaded.emit(impact)

    def _compare_failed(self, exc: BaseException, _trace: str) -> None:
        self.compare_button.setEnabled(True)
        self.impact_label.setText("⚠ " + str(exc))

    def _impact_selected(self, *_args: Any) -> None:
        rows = self.impact.selectionModel().selectedRows()
        item = source_row(self.impact, rows[0].row()) if rows else None
        if item is not None:
            self.partner_selected.emit(item.partner_id)
