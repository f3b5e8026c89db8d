"""The import wizard names every field of every kind in words, in English and in French."""

from __future__ import annotations

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.imports.columns import KINDS, field_names
from prm_desktop.ui.partners.import_preview import field_label


@pytest.mark.parametrize("kind", KINDS)
def test_every_import_field_has_a_label(kind: str) -> None:
    raw = [name for name in field_names(kind) if field_label(name) == name]
    assert raw == [], f"{kind}: fields shown by their raw name"


def test_the_id_columns_read_like_the_french_export_headers() -> None:
    set_language("fr")  # the autouse fixture of tests/conftest.py restores the language
    assert field_label("id") == "Identifiant"
    assert field_label("partner_id") == "ID partenaire"
