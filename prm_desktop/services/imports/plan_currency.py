"""The currency column of revenue and targets imports: ISO codes, checked against the active program.

A row's currency (EUR when the file has no currency column or the cell is empty) must be the active
program's currency or one it declares a rate for (``[exchange_rates]``); any other is a row error,
never a silent conversion. EUR is stored as NULL, like every row written before currencies existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.validation import ValidationError

if TYPE_CHECKING:
    from prm_desktop.services.imports.builder import PlanBuilder

__all__ = ["parse_currency", "stored_currency"]


def parse_currency(value: Any) -> str:
    """An ISO currency code (``eur``, `` USD `` → ``EUR``, ``USD``); € and $ are read as EUR and USD.

    Raises:
        ValidationError: Not a three-letter code.
    """
    text = str(value).strip().upper()
    text = {"€": "EUR", "$": "USD", "£": "GBP", "$US": "USD"}.get(text, text)
    if len(text) != 3 or not text.isalpha() or not text.isascii():
        raise ValidationError("currency", N_('"{value}" is not an ISO currency code (e.g. EUR, USD, GBP)'),
                              value=str(value).strip()[:20])
    return text


def stored_currency(b: PlanBuilder, record: dict[str, Any]) -> str | None | Literal[False]:
    """The currency to store for a row (None for EUR), or False after a row error (mismatch)."""
    code = record.get("currency") or "EUR"
    program = b.active_program_or_none()
    if program is not None:
        from prm_desktop.domain.evaluation_metrics import CurrencyMismatchError, check_currencies, program_currency

        try:
            check_currencies(program, {code})
        except CurrencyMismatchError:
            b.error(record["_line"], "currency" if record.get("currency") else "amount",
                    _("amount in {code}, but program {id} counts in {currency} and declares no exchange rate for "
                      "{code}: convert the amount or declare the rate in the program file",
                      code=code, id=program.id, currency=program_currency(program)))
            return False
    return None if code == "EUR" else code
