"""The Partners tab: the list, search, filters, the editor, import and export.

The shell creates it with ``create_tab(ctx)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from prm_desktop.ui.context import UiContext

__all__ = ["create_tab"]


def create_tab(ctx: UiContext) -> QWidget:
    """Build the Partners tab.

    Args:
        ctx: The shared UI context.

    Returns:
        The tab widget (it offers ``new_partner()``, ``import_file()``, ``export_list()`` and
        ``focus_search()`` once complete).
    """
    from prm_desktop.domain.i18n import _

    widget = QWidget()
    widget.setObjectName("partnersTab")
    layout = QVBoxLayout(widget)
    layout.addWidget(QLabel(_("Partners")))
    return widget
