"""Fixtures of the review pack tests: a portfolio with one fully seeded partner and two plain ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner
from tests.reports.seed import seed_partner, seed_profile


@dataclass(frozen=True)
class Portfolio:
    partner_id: str
    all_ids: list[str]
    names: list[str]


@pytest.fixture
def portfolio(app_ctx) -> Portfolio:  # noqa: ANN001
    me = seed_profile(app_ctx.uow)
    pid = seed_partner(app_ctx.uow, owner_id=me)
    others = [create_partner(app_ctx.uow, PartnerInput(name=n, owner_id=me, city="Brest")).id
              for n in ("Ébénisterie Numérique", "Zéphyr Intégration")]  # fmt: skip
    names = ["Ébénisterie Numérique", "Société Œuvre & Fils", "Zéphyr Intégration"]
    return Portfolio(pid, [others[0], pid, others[1]], names)


def pdf_text(path: str | Path) -> str:
    """All the text of a PDF, page after page."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
