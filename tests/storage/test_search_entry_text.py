"""An entry's fields are normalised together in one pass, with the result of normalising each alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.services.partner_queries import search_partner_ids
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.storage.search.index import _join

_PIECES = st.sampled_from(["12", "34", " ", ".", "-", "_", "é", "Œ", "ß", "\u0301", "\u3000", "²", "x", "Ab", "İ",
                           "\n", ""])
_PARTS = st.lists(st.one_of(st.none(), st.text(), st.lists(_PIECES, max_size=6).map("".join)), max_size=6)


@given(_PARTS)
def test_fields_normalised_together_read_as_fields_normalised_alone(parts: list[str | None]) -> None:
    assert _join(*parts) == " ".join(filter(None, (normalize_text(p) for p in parts if p)))


def test_digits_of_two_fields_are_not_one_number(uow) -> None:
    partner = create_partner(uow, PartnerInput(name="Atelier 12", legal_name="34 Rue", city="Lyon"),
                             allow_duplicates=True)
    assert search_partner_ids(uow, "1234") == []
    assert search_partner_ids(uow, "atelier 34") == [partner.id]
