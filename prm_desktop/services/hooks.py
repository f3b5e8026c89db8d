"""Commit hooks run by every unit of work before it commits (derived tables stay in step)."""

from __future__ import annotations

from prm_desktop.storage.unit_of_work import CommitHook

_HOOKS: list[CommitHook] = []


def register(hook: CommitHook) -> CommitHook:
    """Add a commit hook (used as a decorator by modules that maintain derived tables)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def commit_hooks() -> list[CommitHook]:
    """Every registered hook, in registration order."""
    return list(_HOOKS)
