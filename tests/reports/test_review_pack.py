"""Review packs read back with pypdf: what each audience sees, formatting per language, fonts, bookmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.review_files import select_partners, write_packs
from tests.reports.conftest import pdf_text
from tests.reports.seed import COMPANY, INFLUENCE, INFLUENCE_FR, NAME, SECRETS, SHARED, STANCE, STANCE_FR


@pytest.mark.parametrize(("lang", "stance", "influence"), [("fr", STANCE_FR, INFLUENCE_FR), ("en", STANCE, INFLUENCE)])
def test_the_partner_pack_leaves_out_every_internal_only_item(portfolio, app_ctx, tmp_path: Path, lang: str,
                                                              stance: str, influence: str) -> None:  # fmt: skip
    set_language(lang)
    shared = write_packs(app_ctx.uow, [portfolio.partner_id], "partner", tmp_path)[0]
    internal = write_packs(app_ctx.uow, [portfolio.partner_id], "internal", tmp_path)[0]
    shared_text, internal_text = pdf_text(shared.path), pdf_text(internal.path)
    for kind, secret in SECRETS.items():
        assert secret not in shared_text, kind
        assert secret in internal_text, kind
    for kind, text in SHARED.items():
        assert text in shared_text and text in internal_text, kind
    assert stance not in shared_text and influence not in shared_text
    assert stance in internal_text and influence in internal_text
    mark = "Confidentiel – usage interne" if lang == "fr" else "Confidential – internal use"
    assert mark not in shared_text
    assert all(mark in page.extract_text() for page in pypdf.PdfReader(internal.path).pages)


def test_names_amounts_and_dates_are_written_in_the_pack_language(portfolio, app_ctx, tmp_path: Path) -> None:
    set_language("fr")
    fr = pdf_text(write_packs(app_ctx.uow, [portfolio.partner_id], "partner", tmp_path / "fr")[0].path)
    set_language("en")
    en = pdf_text(write_packs(app_ctx.uow, [portfolio.partner_id], "partner", tmp_path / "en")[0].path)
    for text in (fr, en):
        assert NAME in text and "Zoë Lefèvre-Brûlé" in text and COMPANY in text and "Orléans" in text
    # U+202F groups the digits in French; the space before € is U+00A0 (drawn with the space glyph).
    assert re.search("1\u202f234\u202f567[ \u00a0]€", fr)
    assert re.search("2\u202f000\u202f000[ \u00a0]€", fr)
    assert "€1,234,567" in en and "€2,000,000" in en
    assert "1,234,567" not in fr and "€1" not in fr
    assert "Synthèse" in fr and "Chiffre d’affaires par trimestre face à l’objectif" in fr
    assert "Summary" in en and "Revenue by quarter against target" in en


def test_fonts_are_embedded_truetype(portfolio, app_ctx, tmp_path: Path) -> None:
    pack = write_packs(app_ctx.uow, [portfolio.partner_id], "internal", tmp_path)[0]
    fonts = {}
    for page in pypdf.PdfReader(pack.path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert "DejaVu" in name, name
        assert "/FontFile2" in font["/FontDescriptor"], name


def test_the_fixture_partner_pack_has_a_cover_and_a_few_pages(portfolio, app_ctx, tmp_path: Path) -> None:
    set_language("fr")
    pack = write_packs(app_ctx.uow, [portfolio.partner_id], "internal", tmp_path)[0]
    reader = pypdf.PdfReader(pack.path)
    assert 3 <= len(reader.pages) == pack.pages <= 7
    cover = reader.pages[0].extract_text()
    assert NAME in cover and "Période" in cover and COMPANY in cover and "Page 1" in cover
    assert f"{NAME} ·" in reader.pages[1].extract_text()  # the running header names the partner
    assert [item.title for item in reader.outline] == [NAME]


def test_an_internal_portfolio_is_one_file_with_contents_and_a_bookmark_per_partner(portfolio, app_ctx,
                                                                                    tmp_path: Path) -> None:
    set_language("fr")
    ids = select_partners(app_ctx.uow, everyone=True)
    assert sorted(ids) == sorted(portfolio.all_ids)
    steps = []
    written = write_packs(app_ctx.uow, ids, "internal", tmp_path, progress=lambda d, t, m: steps.append((d, t)))
    assert len(written) == 1 and written[0].path.endswith("-interne.pdf") and written[0].partners == 3
    reader = pypdf.PdfReader(written[0].path)
    assert [item.title for item in reader.outline] == portfolio.names
    first = reader.pages[0].extract_text()
    assert "Sommaire" in first and all(name in first for name in portfolio.names)
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    assert starts[0] == 2 and starts == sorted(starts)
    assert re.findall(r"^(\d+)$", first, re.M) == [str(n) for n in starts]  # the contents' page numbers
    assert steps[-1] == (6, 6) and [d for d, _t in steps] == sorted(d for d, _t in steps)


def test_partner_facing_packs_are_one_file_each_in_a_folder(portfolio, app_ctx, tmp_path: Path) -> None:
    written = write_packs(app_ctx.uow, portfolio.all_ids, "partner", tmp_path / "packs")
    assert len(written) == 3
    assert sorted(Path(w.path).name for w in written) == sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert not any("interne" in Path(w.path).name for w in written)
    for path, name in zip((w.path for w in written), portfolio.names, strict=True):
        assert [item.title for item in pypdf.PdfReader(path).outline] == [name]
    with pytest.raises(ValueError, match="folder"):
        write_packs(app_ctx.uow, portfolio.all_ids, "partner", tmp_path / "one.pdf")


def test_a_cancelled_portfolio_leaves_no_file(portfolio, app_ctx, tmp_path: Path) -> None:
    from prm_desktop.services.review_files import PackCancelled

    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 4

    with pytest.raises(PackCancelled):
        write_packs(app_ctx.uow, portfolio.all_ids, "internal", tmp_path / "out", cancelled=cancelled)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
