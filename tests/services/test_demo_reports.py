"""The demo's visit reports fill the report template's sections (a report never shows a section twice)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from prm_desktop.domain.i18n import translate
from prm_desktop.domain.visit_rules import SECTION_LABELS
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.visits.report import get_report


def test_demo_reports_fill_the_template_sections(uow) -> None:
    generate_demo(uow, partners=20, seed=3, today=date(2026, 5, 13))
    with uow.read() as session:
        written = [r[0] for r in session.execute(text(
            "SELECT DISTINCT visit_id FROM visit_report_sections WHERE body != '' AND deleted_at IS NULL"))]
    assert written
    for visit_id in written:
        report = get_report(uow, visit_id)
        shown = [translate(SECTION_LABELS[s.key], "fr") if s.key in SECTION_LABELS else s.key for s in report.sections]
        assert len(shown) == len(set(shown)) == len(SECTION_LABELS), shown  # the template's, each once
        assert any(s.body for s in report.sections)
