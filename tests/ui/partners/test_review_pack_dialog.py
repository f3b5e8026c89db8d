"""Partners tab › Review pack…: audience asked every time (partner preselected), built in a worker
process with progress and cancel, previewed with QtPdf, printed through a QPrinter, saved."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner
from tests.reports.seed import NAME, SECRETS, SHARED, seed_partner, seed_profile


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


@pytest.fixture
def seeded(ui_ctx) -> str:
    me = seed_profile(ui_ctx.app.uow)
    pid = seed_partner(ui_ctx.app.uow, owner_id=me)
    for name in ("Ébénisterie Numérique", "Zéphyr Intégration"):
        create_partner(ui_ctx.app.uow, PartnerInput(name=name, owner_id=me))
    return pid


def _open_dialog(tab, qtbot, settle, pid: str) -> None:
    tab.list.refresh()
    settle(tab)
    tab.open_partner(pid)
    assert tab.editor.review_button.isVisible()
    tab.editor.review_button.click()


def _dialog(tab):
    from prm_desktop.ui.reviews.pack_dialog import ReviewPackDialog

    found = tab.findChildren(ReviewPackDialog)
    assert len(found) == 1
    return found[0]


def test_the_partner_pack_is_built_previewed_printed_and_saved(tab, seeded, qtbot, settle, tmp_path: Path) -> None:
    _open_dialog(tab, qtbot, settle, seeded)
    dialog = _dialog(tab)
    qtbot.addWidget(dialog)
    assert dialog.for_partner.isChecked() and not dialog.for_internal.isChecked()  # asked, partner preselected
    assert dialog.scope_one.isChecked() and NAME in dialog.scope_one.text()
    steps: list[tuple[int, int]] = []
    tab.ctx.tasks.progressed.connect(lambda _id, done, total, _m: steps.append((done, total)))
    assert dialog.build()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview, timeout=60000)
    [pack] = dialog.preview.files
    assert pack.parent == Path(tab.ctx.app.paths.data_dir) / "review-packs" and "interne" not in pack.name
    text = _text(pack)
    assert SHARED["note"] in text and not any(secret in text for secret in SECRETS.values())
    assert (2, 2) in steps
    assert dialog.preview.document.pageCount() == len(pypdf.PdfReader(str(pack)).pages)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.preview.print_to(printer)
    assert len(pypdf.PdfReader(str(tmp_path / "printed.pdf")).pages) == dialog.preview.document.pageCount()

    assert dialog.preview.save_to(tmp_path / "saved" / "revue.pdf")
    assert (tmp_path / "saved" / "revue.pdf").read_bytes() == pack.read_bytes()
    assert dialog.preview.folder() == tmp_path / "saved"


def test_an_internal_portfolio_of_the_list_is_one_file(tab, seeded, qtbot, settle) -> None:
    _open_dialog(tab, qtbot, settle, seeded)
    dialog = _dialog(tab)
    qtbot.addWidget(dialog)
    assert "3" in dialog.scope_list.text()
    dialog.scope_list.setChecked(True)
    dialog.for_internal.setChecked(True)
    assert dialog.build()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.preview, timeout=60000)
    [pack] = dialog.preview.files
    assert pack.name.endswith("-interne.pdf")
    reader = pypdf.PdfReader(str(pack))
    assert [item.title for item in reader.outline] == ["Ébénisterie Numérique", NAME, "Zéphyr Intégration"]
    assert all(secret in _text(pack) for secret in SECRETS.values())


def test_a_portfolio_build_can_be_cancelled(tab, seeded, qtbot, settle) -> None:
    _open_dialog(tab, qtbot, settle, seeded)
    dialog = _dialog(tab)
    qtbot.addWidget(dialog)
    dialog.scope_list.setChecked(True)
    dialog.for_internal.setChecked(True)
    with qtbot.waitSignal(tab.ctx.tasks.cancelled, timeout=60000):
        assert dialog.build()
        assert dialog.progress.isVisible() and not dialog.build_button.isEnabled()
        dialog.cancel_or_close()
    assert "Cancelled" in dialog.status.text()
    assert dialog.build_button.isEnabled() and not dialog.progress.isVisible()
    folder = Path(tab.ctx.app.paths.data_dir) / "review-packs"
    assert not folder.exists() or not any(folder.iterdir())
