"""Formatting a list's cells does not parse the CLDR locale for every cell (issue 9.4)."""

from __future__ import annotations

from datetime import date

from babel import Locale

from prm_desktop.domain.formatting import format_date, format_money, format_number


def test_locales_are_parsed_once_not_per_cell(monkeypatch):
    parsed: list[str] = []
    real = Locale.parse.__func__

    def spy(cls, identifier, *args, **kwargs):
        if isinstance(identifier, str):
            parsed.append(identifier)
        return real(cls, identifier, *args, **kwargs)

    monkeypatch.setattr(Locale, "parse", classmethod(spy))
    cells = []
    for i in range(50):
        cells += [format_money(1000 + i, "fr", decimals=0), format_number(i / 3, "fr", decimals=1),
                  format_date(date(2026, 1, 1 + i % 28), "fr"), format_money(i, "en")]  # fmt: skip
    assert cells[:4] == ["1\u202f000\u00a0€", "0,0", "1 janv. 2026", "€0.00"]
    assert len(parsed) <= 2  # at most once per language (none when an earlier test parsed them)
