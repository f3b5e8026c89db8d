"""The Partners tab: the list, search, filters, the editor, import and export.

The shell creates it with ``create_tab(ctx)``; the returned widget offers ``new_partner()``,
``import_file(path=None)``, ``export_list()`` and ``focus_search()`` for the menus (and registers
them as ``ctx`` commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prm_desktop.ui.context import UiContext
    from prm_desktop.ui.partners.tab import PartnersTab

__all__ = ["create_tab"]


def create_tab(ctx: UiContext) -> PartnersTab:
    """Build the Partners tab.

    Args:
        ctx: The shared UI context.

    Returns:
        The tab widget.
    """
    from prm_desktop.ui.partners.tab import PartnersTab

    return PartnersTab(ctx)
