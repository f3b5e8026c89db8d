"""Commit hooks run by every unit of work before it commits (derived tables stay in step).

Hooks run in ``order`` (lowest first, then registration order): the partner summary (10) before
the search index (20) before anything registered with the default order (100), so that a hook
updating the summary's evaluation columns finds the summary rows of new partners already there.
"""

from __future__ import annotations

from collections.abc import Callable

from prm_desktop.storage.unit_of_work import CommitHook

DEFAULT_ORDER = 100

_HOOKS: list[tuple[int, int, CommitHook]] = []


def register(
    hook: CommitHook | None = None, *, order: int = DEFAULT_ORDER
) -> CommitHook | Callable[[CommitHook], CommitHook]:
    """Add a commit hook (used as a decorator by modules that maintain derived tables).

    Usable as ``@register`` or ``@register(order=10)``; registering the same hook twice keeps one.

    Args:
        hook: The hook, called with the session and the touched ``(table, row_id, partner_id)`` set.
        order: Position among hooks, lowest first (default 100).

    Returns:
        The hook itself (or a decorator when ``hook`` is omitted).
    """
    if hook is None:
        return lambda h: register(h, order=order)  # type: ignore[return-value]
    if all(h is not hook for _, _, h in _HOOKS):
        _HOOKS.append((order, len(_HOOKS), hook))
    return hook


def commit_hooks() -> list[CommitHook]:
    """Every registered hook, in order (importing the modules that keep derived tables first)."""
    from prm_desktop.services import partner_summary, portfolio, search_index  # noqa: F401 - they register hooks

    return [hook for _, _, hook in sorted(_HOOKS, key=lambda item: item[:2])]
