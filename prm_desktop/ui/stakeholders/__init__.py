"""The Stakeholders tab; the shell creates it with ``create_tab(ctx)``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prm_desktop.ui.context import UiContext

__all__ = ["create_tab"]


def create_tab(ctx: UiContext) -> QWidget:
    """Build the Stakeholders tab."""
    from prm_desktop.ui.stakeholders.view import StakeholdersTab

    return StakeholdersTab(ctx)
