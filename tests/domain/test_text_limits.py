"""Every text a partner export writes has a bounded length at entry (issue 10.6: Excel holds 32,767)."""

from __future__ import annotations

import pytest

from prm_desktop.domain.partner_rules import validate_partner
from prm_desktop.domain.validation import ValidationErrors

LONG = 40_000


@pytest.mark.parametrize("field", ["name", "legal_name", "address", "city", "region", "country", "external_id",
                                   "website", "email", "phone"])
def test_a_text_longer_than_excel_can_hold_is_refused_with_the_fields_message(field) -> None:
    value = {"website": "https://www.example.fr/" + "a" * LONG, "email": "a" * LONG + "@example.fr",
             "phone": "0" * LONG}.get(field, "a" * LONG)
    with pytest.raises(ValidationErrors) as refused:
        validate_partner({"name": "Acme", "type": "reseller", "status": "active", field: value})
    assert field in refused.value.by_field()
    if field == "website":
        assert refused.value.by_field()["website"] == "At most 2000 characters."
