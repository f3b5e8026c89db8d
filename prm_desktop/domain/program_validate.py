"""Value checks used by the program loader, collecting ``line N: path: message`` problems.

Every message is an English source string with ``{name}`` parameters, translated when the error is
shown (:class:`~prm_desktop.domain.program.ProgramError` renders them in English or French).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program import Problem

__all__ = [
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_TEXT",
    "Checker",
    "is_non_negative_number",
    "is_plain_date",
]

_REQUIRED = object()
#: Largest amount (euros) a threshold may take.
MAX_AMOUNT = 1e12
#: Largest count (people, references, competencies) a minimum may take.
MAX_COUNT = 10_000
#: Longest id, name, code or alias, in characters.
MAX_TEXT = 200

# Messages shared by several checks (marked for extraction; translated by ProgramError).
REQUIRED = N_("is required")
NON_EMPTY_STRING = N_("must be a non-empty string")
NON_NEGATIVE_NUMBER = N_("must be a non-negative number")


def is_non_negative_number(value: object) -> bool:
    """Whether ``value`` is an int or float (not bool), finite and ≥ 0 (any size of int)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return value >= 0
    return math.isfinite(value) and value >= 0


def is_plain_date(value: object) -> bool:
    """Whether ``value`` is a date without a time."""
    return isinstance(value, date) and not isinstance(value, datetime)


def suggestion(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to a misspelt ``word`` (difflib), or None."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not found:
        folded = {c.casefold(): c for c in choices}
        found = [folded[word.casefold()]] if word.casefold() in folded else []
    return found[0] if found else None


class Checker:
    """Collects validation problems; each check method returns the value, or None when invalid."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []

    def add(self, line: int, path: str, message: str, **params: Any) -> None:
        """Record one problem (``message`` is an English source string with ``{name}`` params)."""
        self.errors.append(Problem(line, path, message, tuple(params.items())))

    def keys(
        self, raw: dict[str, Any], allowed: Sequence[str], path: str, line: int, lines: dict[str, int] | None = None
    ) -> None:
        """Report every key of ``raw`` not in ``allowed``, with a "did you mean" when one is close.

        ``lines`` gives the line of a key when known (else ``line``, where its table starts).
        """
        for key in raw:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else key
            line = (lines or {}).get(key, line)
            close = suggestion(key, allowed)
            if close is not None:
                self.add(line, where, N_("unknown key; did you mean {suggestion}?"), suggestion=close)
            else:
                self.add(line, where, N_("unknown key (expected one of: {allowed})"), allowed=", ".join(allowed))

    def table_array(
        self, container: dict[str, Any], key: str, line: int, path: str | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        """An optional array of tables (``[[key]]``) of at most ``limit`` entries; [] when absent or invalid."""
        value = container.get(key)
        if value is None:
            return []
        shown = path or key
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(line, shown, N_("must be an array of tables ([[{table}]])"), table=shown)
            return []
        if len(value) > limit:
            self.add(line, shown, N_("at most {max} entries are allowed"), max=limit)
            return []
        return value

    def text(self, raw: dict[str, Any], key: str, path: str, line: int, required: bool = True) -> Any:
        """A non-empty string of at most :data:`MAX_TEXT` characters."""
        if key not in raw:
            if required:
                self.add(line, f"{path}.{key}", REQUIRED)
            return None
        value = raw[key]
        if not isinstance(value, str) or not value.strip():
            self.add(line, f"{path}.{key}", NON_EMPTY_STRING)
            return None
        if len(value.strip()) > MAX_TEXT:
            self.add(line, f"{path}.{key}", N_("must be at most {max} characters long"), max=MAX_TEXT)
            return None
        return value.strip()

    def integer(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        line: int,
        minimum: int = 0,
        maximum: int = MAX_COUNT,
        default: Any = _REQUIRED,
        ranged: bool = False,
    ) -> Any:
        """An integer from ``minimum`` to ``maximum``; ``default`` when absent (required when no default).

        With ``ranged``, any invalid value is reported as "must be an integer from MIN to MAX".
        """
        if key not in raw:
            if default is _REQUIRED:
                self.add(line, f"{path}.{key}", REQUIRED)
                return None
            return default
        value = raw[key]
        where = f"{path}.{key}"
        if ranged and (isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum):
            self.add(line, where, N_("must be an integer from {min} to {max}"), min=minimum, max=maximum)
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            if minimum == 0:
                self.add(line, where, N_("must be a non-negative integer"))
            elif minimum == 1:
                self.add(line, where, N_("must be a positive integer"))
            else:
                self.add(line, where, N_("must be an integer from {min} to {max}"), min=minimum, max=maximum)
            return None
        if value > maximum:
            if minimum > 1:
                self.add(line, where, N_("must be an integer from {min} to {max}"), min=minimum, max=maximum)
            else:
                self.add(line, where, N_("must be at most {max}"), max=maximum)
            return None
        return value

    def number(self, raw: dict[str, Any], key: str, path: str, line: int, default: Any = _REQUIRED) -> Any:
        """A non-negative finite number up to :data:`MAX_AMOUNT`, returned as float."""
        if key not in raw:
            if default is _REQUIRED:
                self.add(line, f"{path}.{key}", REQUIRED)
                return None
            return default
        value = raw[key]
        if not is_non_negative_number(value):
            self.add(line, f"{path}.{key}", NON_NEGATIVE_NUMBER)
            return None
        if value > MAX_AMOUNT:
            self.add(line, f"{path}.{key}", N_("must be at most {max}"), max="1e12")
            return None
        return float(value)

    def day(self, raw: dict[str, Any], key: str, path: str, line: int) -> Any:
        """A required date (TOML date, or an ISO ``YYYY-MM-DD`` string)."""
        if key not in raw:
            self.add(line, f"{path}.{key}", REQUIRED)
            return None
        value = raw[key]
        if is_plain_date(value):
            return value
        if isinstance(value, str) and len(value.strip()) == 10:
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(line, f"{path}.{key}", N_("must be a date (YYYY-MM-DD)"))
        return None

    def text_list(
        self, raw: dict[str, Any], key: str, path: str, line: int, required: bool, limit: int = 200
    ) -> Any:
        """A list of at most ``limit`` non-empty strings (a non-empty list when required)."""
        if key not in raw:
            if required:
                self.add(line, f"{path}.{key}", REQUIRED)
            return None
        value = raw[key]
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not ok or (required and not value):
            if required:
                self.add(line, f"{path}.{key}", N_("must be a non-empty list of strings"))
            else:
                self.add(line, f"{path}.{key}", N_("must be a list of strings"))
            return None
        if len(value) > limit:
            self.add(line, f"{path}.{key}", N_("at most {max} entries are allowed"), max=limit)
            return None
        if any(len(v.strip()) > MAX_TEXT for v in value):
            self.add(line, f"{path}.{key}", N_("must be at most {max} characters long"), max=MAX_TEXT)
            return None
        return [v.strip() for v in value]

    def choices(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        line: int,
        allowed: Sequence[str],
        unknown_message: str,
        default: tuple[str, ...],
    ) -> Any:
        """An optional non-empty list of values among ``allowed``, returned as a tuple.

        ``unknown_message`` takes ``{value}`` and ``{allowed}``.
        """
        if key not in raw:
            return default
        value = raw[key]
        listed = ", ".join(allowed)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.add(line, f"{path}.{key}", N_("must be a non-empty list among: {allowed}"), allowed=listed)
            return None
        unknown = [v for v in value if v not in allowed]
        if unknown:
            self.add(line, f"{path}.{key}", unknown_message, value=repr(unknown[0]), allowed=listed)
            return None
        return tuple(dict.fromkeys(value))

    def unique(self, items: list[tuple[Any, str, int]], attr: str) -> None:
        """Report values of ``attr`` seen twice (strings compared case-insensitively).

        ``items`` are (value or None, path, line).
        """
        seen: dict[Any, str] = {}
        for value, path, line in items:
            if value is None:
                continue
            key = value.casefold() if isinstance(value, str) else value
            if key in seen:
                shown = f'"{value}"' if isinstance(value, str) else str(value)
                self.add(line, f"{path}.{attr}", N_("duplicate {attr} {value} (also {other})"),
                         attr=attr, value=shown, other=seen[key])
            else:
                seen[key] = path
