"""Table models of the Stakeholders tab: a partner's or a person's links, and a timeline's notes."""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.stakeholders import INFLUENCE_LABELS, RELATION_LABELS, STANCE_LABELS, Influence, Stance
from prm_desktop.services.people.links import LinkInfo
from prm_desktop.ui.tables import RowTableModel

__all__ = ["LinksTableModel", "influence_label", "relation_label", "stance_label"]

_INFLUENCE_RANK = {Influence.HIGH.value: 0, Influence.MEDIUM.value: 1, Influence.LOW.value: 2}
_STANCE_RANK = {Stance.CHAMPION.value: 0, Stance.NEUTRAL.value: 1, Stance.SCEPTIC.value: 2}


def relation_label(value: str) -> str:
    """The relation as the user reads it."""
    return next((_(label) for key, label in RELATION_LABELS.items() if key.value == value), value)


def influence_label(value: str) -> str:
    """The influence as the user reads it ("High influence")."""
    return next((_(label) for key, label in INFLUENCE_LABELS.items() if key.value == value), value)


def stance_label(value: str) -> str:
    """The stance as the user reads it."""
    return next((_(label) for key, label in STANCE_LABELS.items() if key.value == value), value)


class LinksTableModel(RowTableModel[LinkInfo]):
    """Links: partner, person, business unit, relation, influence, stance."""

    PARTNER, PERSON, BUSINESS_UNIT, RELATION, INFLUENCE, STANCE = range(6)
    HEADERS = (N_("Partner"), N_("Person"), N_("Business unit"), N_("Relation"), N_("Influence level"), N_("Stance"))

    def display(self, item: LinkInfo, column: int) -> str:
        if column == self.PARTNER:
            return item.partner_name
        if column == self.PERSON:
            return item.stakeholder_name
        if column == self.BUSINESS_UNIT:
            return item.business_unit
        if column == self.RELATION:
            return relation_label(item.relation)
        if column == self.INFLUENCE:
            return influence_label(item.influence)
        return stance_label(item.stance)

    def sort_key(self, item: LinkInfo, column: int) -> Any:
        if column == self.INFLUENCE:
            return _INFLUENCE_RANK.get(item.influence, 9)
        if column == self.STANCE:
            return _STANCE_RANK.get(item.stance, 9)
        return super().sort_key(item, column)
