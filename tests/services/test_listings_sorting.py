"""The stakeholder list sorts names the French way (accents folded), like the partner list."""

from __future__ import annotations

from prm_desktop.services.listings import list_stakeholders
from prm_desktop.storage.models import Stakeholder


def test_stakeholders_sort_with_accents_folded(uow) -> None:
    with uow(label="people") as work:
        work.session.add_all([Stakeholder(name=n) for n in ("Zoé Petit", "Ève Ventes", "Paul Presales", "élise Roy")])
        work.commit()
    assert [p.name for p in list_stakeholders(uow).rows] == ["élise Roy", "Ève Ventes", "Paul Presales", "Zoé Petit"]
