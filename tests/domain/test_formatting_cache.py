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


def test_whole_amounts_and_repeated_dates_do_not_call_babel_per_cell(monkeypatch):
    """A page of the partner list: whole euros, whole percentages and dates seen before are cheap."""
    import babel.dates
    import babel.numbers

    from prm_desktop.domain import formatting

    calls: list[str] = []
    for module, name in ((babel.numbers, "format_currency"), (babel.numbers, "format_decimal"),
                         (babel.dates, "format_date")):  # fmt: skip
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
        if hasattr(formatting, name):
            monkeypatch.setattr(formatting, name, getattr(module, name))
    monkeypatch.setattr(formatting, "_babel_format_date", babel.dates.format_date)
    for i in range(200):
        format_money(1000 * i + 7, "fr", decimals=0)
        format_number(i % 100, "en", decimals=0)
        format_date(date(2026, 3, 1 + i % 20), "fr", style="short")
    assert len(calls) <= 20 + 10  # the 20 dates once each, and a few samples per language and pattern
