"""Partners assigned a tier the active program does not have say so in the list (not a bare id).

A portfolio built under one program and switched to another (the Cisco example after the default one)
keeps each partner's assigned tier. The Tier column and the Tier filter show the program's tier names;
a tier id the program does not know used to appear as the bare id ("silver", in lower case), as if it
were one of the program's tiers.
"""

from __future__ import annotations

from pathlib import Path

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.partner_queries import filter_options
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.programs import import_program

CISCO = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples" / "cisco-2026.toml"


def test_a_tier_of_another_program_is_named_as_such(uow) -> None:
    create_partner(uow, PartnerInput(name="Nuage Conseil", assigned_tier="silver"))  # the default program's
    import_program(uow, CISCO.read_text(encoding="utf-8"))
    try:
        set_language("en")
        tiers = dict(filter_options(uow).tiers)
        assert tiers["select"] == "Select" and tiers["gold"] == "Gold Integrator"
        assert tiers["silver"] == "silver (not in the program)"
        set_language("fr")
        assert dict(filter_options(uow).tiers)["silver"] == "silver (hors programme)"
    finally:
        set_language("en")
