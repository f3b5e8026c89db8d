"""Value checks used by the program loader, collecting ``line N: path: message`` errors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from prm_desktop.domain.i18n import N_, _

__all__ = ["Checker", "is_non_negative_number", "is_plain_date"]

_REQUIRED = object()


def is_non_negative_number(value: object) -> bool:
    """Whether ``value`` is an int or float (not bool), finite and ≥ 0."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def is_plain_date(value: object) -> bool:
    """Whether ``value`` is a date without a time."""
    return isinstance(value, date) and not isinstance(value, datetime)


class Checker:
    """Collects validation errors; each ``check`` method returns the value, or None when invalid."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._lines: list[int] = []

    def add(self, line: int, path: str, message: str, **params: Any) -> None:
        """Record one error, translated now (``message`` is an English msgid marked with ``N_``).

        Args:
            line: Line of the program file.
            path: Key path, e.g. ``tiers[0].min_revenue``.
            message: English message; ``{name}`` placeholders are filled from ``params``.
            **params: Values of the placeholders.
        """
        text = _(message, **params) if params else _(message)
        self.errors.append(_("line {line}: {path}: {message}", line=line, path=path, message=text))
        self._lines.append(line)

    def sorted_errors(self) -> list[str]:
        """The errors in line order (errors of one line keep the order they were found in)."""
        order = sorted(range(len(self.errors)), key=lambda i: self._lines[i])
        return [self.errors[i] for i in order]

    def table_array(
        self, container: dict[str, Any], key: str, line: int, path: str | None = None
    ) -> list[dict[str, Any]]:
        """An optional array of tables (``[[key]]``); an empty list when absent or invalid."""
        value = container.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(line, path or key, N_("must be an array of tables ([[{name}]])"), name=path or key)
            return []
        return value

    def text(self, raw: dict[str, Any], key: str, path: str, line: int, required: bool = True) -> Any:
        """A non-empty string."""
        if key not in raw:
            if required:
                self.add(line, f"{path}.{key}", N_("is required"))
            return None
        value = raw[key]
        if not isinstance(value, str) or not value.strip():
            self.add(line, f"{path}.{key}", N_("must be a non-empty string"))
            return None
        return value.strip()

    def integer(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        line: int,
        minimum: int = 0,
        maximum: int | None = None,
        default: Any = _REQUIRED,
    ) -> Any:
        """An integer within bounds; ``default`` when absent (required when no default)."""
        if key not in raw:
            if default is _REQUIRED:
                self.add(line, f"{path}.{key}", N_("is required"))
                return None
            return default
        value = raw[key]
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok and value >= minimum and (maximum is None or value <= maximum)
        if not ok:
            if maximum is not None:
                message = N_("must be an integer from {minimum} to {maximum}")
            elif minimum == 0:
                message = N_("must be a non-negative integer")
            elif minimum == 1:
                message = N_("must be a positive integer")
            else:
                message = N_("must be an integer ≥ {minimum}")
            self.add(line, f"{path}.{key}", message, minimum=minimum, maximum=maximum)
            return None
        return value

    def number(self, raw: dict[str, Any], key: str, path: str, line: int) -> Any:
        """A required non-negative number, returned as float."""
        if key not in raw:
            self.add(line, f"{path}.{key}", N_("is required"))
            return None
        value = raw[key]
        if not is_non_negative_number(value):
            self.add(line, f"{path}.{key}", N_("must be a non-negative number"))
            return None
        return float(value)

    def day(self, raw: dict[str, Any], key: str, path: str, line: int) -> Any:
        """A required date (TOML date, or an ISO ``YYYY-MM-DD`` string)."""
        if key not in raw:
            self.add(line, f"{path}.{key}", N_("is required"))
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

    def text_list(self, raw: dict[str, Any], key: str, path: str, line: int, required: bool) -> Any:
        """A list of non-empty strings (non-empty list when required)."""
        if key not in raw:
            if required:
                self.add(line, f"{path}.{key}", N_("is required"))
            return None
        value = raw[key]
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not ok or (required and not value):
            message = N_("must be a non-empty list of strings") if required else N_("must be a list of strings")
            self.add(line, f"{path}.{key}", message)
            return None
        return [v.strip() for v in value]

    def choices(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        line: int,
        allowed: Sequence[str],
        noun: str,
        default: tuple[str, ...],
    ) -> Any:
        """An optional non-empty list of values among ``allowed``, returned as a tuple."""
        if key not in raw:
            return default
        value = raw[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.add(line, f"{path}.{key}", N_("must be a non-empty list among: {allowed}"), allowed=", ".join(allowed))
            return None
        unknown = [v for v in value if v not in allowed]
        if unknown:
            self.add(
                line,
                f"{path}.{key}",
                N_("unknown {noun} {value!r} (expected one of: {allowed})"),
                noun=_(noun),
                value=unknown[0],
                allowed=", ".join(allowed),
            )
            return None
        return tuple(dict.fromkeys(value))

    def unique(self, items: list[tuple[Any, str, int]], attr: str) -> None:
        """Report values of ``attr`` seen twice; ``items`` are (value or None, path, line)."""
        seen: dict[Any, str] = {}
        for value, path, line in items:
            if value is None:
                continue
            if value in seen:
                shown = f'"{value}"' if isinstance(value, str) else str(value)
                self.add(line, f"{path}.{attr}", N_("duplicate {key} {value} (also {other})"),
                         key=attr, value=shown, other=seen[value])
            else:
                seen[value] = path
