"""The to-plan list names a partner's tier as the program does (as the partner list does), not by its id."""

from __future__ import annotations

from datetime import date

from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.programs import get_program
from prm_desktop.services.visits.due import to_plan
from prm_desktop.ui.visits.models import DueTableModel


def test_the_to_plan_list_shows_the_program_tier_name(uow, qapp) -> None:
    names = {t.id: t.name for t in get_program(uow).tiers}
    tier = next(t for t, name in names.items() if name != t)
    create_partner(uow, PartnerInput(name="Acme", assigned_tier=tier), allow_duplicates=True)
    create_partner(uow, PartnerInput(name="Globex"), allow_duplicates=True)
    model = DueTableModel()
    model.set_rows(to_plan(uow, date(2030, 1, 1)))
    shown = {model.data(model.index(r, DueTableModel.PARTNER)): model.data(model.index(r, DueTableModel.TIER))
             for r in range(model.rowCount())}  # fmt: skip
    assert shown == {"Acme": names[tier], "Globex": ""}
