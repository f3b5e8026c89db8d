from __future__ import annotations

from collections.abc import Iterator

import pytest

from prm_desktop.domain import i18n


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Every domain test starts and ends in English, the catalog default."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")
