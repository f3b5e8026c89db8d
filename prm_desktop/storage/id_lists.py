"""Lists of ids bound as one JSON array parameter (SQLite's ``json_each``): one statement per chunk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, text

__all__ = ["ids_param_members"]


def ids_param_members() -> Select[Any]:
    """``SELECT value FROM json_each(:ids)``: use with ``column.in_(…)`` and bind ``ids`` to a JSON array."""
    return select(text("value")).select_from(text("json_each(:ids)"))
