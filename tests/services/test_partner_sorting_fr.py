"""The partner list sorts text the French way: accents and ligatures folded (issue 11.6).

"Île Œnologie Digitale" sorts with the I's (Œ as OE), not after V; "Évry" with the E's; lower-case
initials with the upper-case ones. Same in the filter widgets' choices and the deleted view.
"""

from __future__ import annotations

from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows, filter_options, partner_ids
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner
from prm_desktop.services.team import TeamMemberInput, create_team_member

PARTNERS = (  # name, city, region, owner
    ("Vega Systèmes", "Versailles", "Provence", "Victor Hugo"),
    ("Île Œnologie Digitale", "Évry", "Île-de-France", "Élodie Martin"),
    ("Azur Data", "Ajaccio", "Corse", "Anne Roux"),
    ("Oeuvre Numérique", "Orléans", "Centre", "Œdipe Roi"),
    ("élan Conseil", "ézy-sur-Eure", "Normandie", "émile Zola"),
)


def _portfolio(uow) -> dict[str, str]:
    owners = {o: create_team_member(uow, TeamMemberInput(name=o)).id for *_rest, o in PARTNERS}
    made = {}
    for name, city, region, owner in PARTNERS:
        made[name] = create_partner(uow, PartnerInput(name=name, city=city, region=region, owner_id=owners[owner]),
                                    allow_duplicates=True).id  # fmt: skip
    return made


def _names(uow, key: str, descending: bool = False, deleted: bool = False) -> list[str]:
    return [r.name for r in fetch_partner_rows(uow, PartnerFilter(deleted=deleted), key, descending)]


def test_name_city_region_and_owner_sort_with_accents_folded(uow):
    _portfolio(uow)
    assert _names(uow, "name") == ["Azur Data", "élan Conseil", "Île Œnologie Digitale", "Oeuvre Numérique",
                                   "Vega Systèmes"]  # fmt: skip
    # Cities: Ajaccio, Évry, ézy-sur-Eure, Orléans, Versailles.
    assert _names(uow, "city") == ["Azur Data", "Île Œnologie Digitale", "élan Conseil", "Oeuvre Numérique",
                                   "Vega Systèmes"]  # fmt: skip
    assert _names(uow, "city", descending=True) == _names(uow, "city")[::-1]
    # Regions: Centre, Corse, Île-de-France, Normandie, Provence.
    assert _names(uow, "region") == ["Oeuvre Numérique", "Azur Data", "Île Œnologie Digitale", "élan Conseil",
                                     "Vega Systèmes"]  # fmt: skip
    # Owners: Anne, Élodie, émile, Œdipe, Victor.
    assert _names(uow, "owner_name") == ["Azur Data", "Île Œnologie Digitale", "élan Conseil", "Oeuvre Numérique",
                                         "Vega Systèmes"]  # fmt: skip
    assert len(partner_ids(uow, PartnerFilter(), "city")) == 5


def test_filter_choices_are_in_french_order(uow):
    _portfolio(uow)
    options = filter_options(uow)
    assert options.cities == ["Ajaccio", "Évry", "ézy-sur-Eure", "Orléans", "Versailles"]
    assert options.regions == ["Centre", "Corse", "Île-de-France", "Normandie", "Provence"]
    assert [name for _id, name in options.owners] == ["Anne Roux", "Élodie Martin", "émile Zola", "Œdipe Roi",
                                                      "Victor Hugo"]  # fmt: skip


def test_deleted_view_sorts_the_same_way(uow):
    made = _portfolio(uow)
    for partner_id in made.values():
        delete_partner(uow, partner_id)
    assert _names(uow, "city", deleted=True) == ["Azur Data", "Île Œnologie Digitale", "élan Conseil",
                                                 "Oeuvre Numérique", "Vega Systèmes"]  # fmt: skip
    assert _names(uow, "owner_name", deleted=True)[:2] == ["Azur Data", "Île Œnologie Digitale"]
