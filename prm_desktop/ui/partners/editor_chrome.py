"""The partner editor's chrome: its title row, the empty pane's buttons and the button row.

Laid out here so `editor.py` keeps the editor's behaviour; each function sets the widgets it makes as
attributes of the editor (tests and the tab reach them there) and returns what the editor lays out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.ui.partners.flow_layout import FlowLayout

__all__ = ["build_buttons", "build_empty_actions", "build_title_row"]


def build_title_row(editor: Any) -> QHBoxLayout:
    """The partner's name in large type with the close button; sets ``title`` and ``close_button``."""
    editor.title = QLabel(_("No partner selected"))
    font = QFont(editor.title.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    editor.title.setFont(font)
    # Wrapping, like the empty pane's buttons: the editor must not claim the list's width.
    editor.title.setWordWrap(True)
    editor.title.setAccessibleName(_("Partner being edited"))
    editor.close_button = QToolButton()
    editor.close_button.setText("✕")
    editor.close_button.setObjectName("partnerEditorClose")
    editor.close_button.setAutoRaise(True)
    editor.close_button.setAccessibleName(_("Close the editor"))
    editor.close_button.setToolTip(_("Close the editor: the list gets the whole width"))
    editor.close_button.clicked.connect(editor.close_requested)
    title_row = QHBoxLayout()
    title_row.setContentsMargins(0, 0, 0, 0)
    title_row.addWidget(editor.title, 1)
    title_row.addWidget(editor.close_button, 0, Qt.AlignmentFlag.AlignTop)
    return title_row


def build_empty_actions(editor: Any) -> QWidget:
    """New partner / Import a spreadsheet, shown while no partner is open."""
    empty_actions = QWidget()
    new_button = QPushButton(_("New partner"))
    new_button.setToolTip(_("Ctrl+N"))
    new_button.clicked.connect(editor.new_requested)
    import_button = QPushButton(_("Import a spreadsheet…"))
    import_button.clicked.connect(editor.import_requested)
    empty_row = FlowLayout(empty_actions, spacing=6)
    empty_row.setContentsMargins(0, 8, 0, 0)
    empty_row.addWidget(new_button)
    empty_row.addWidget(import_button)
    return empty_actions


def build_buttons(editor: Any) -> QHBoxLayout:
    """Delete, Restore, Review pack, Cancel and Save; sets each ``*_button`` on the editor."""
    editor.save_button = QPushButton(_("Save"))
    editor.save_button.setToolTip(_("Save the partner (Ctrl+S)"))
    editor.save_button.setDefault(True)
    editor.save_button.clicked.connect(lambda: editor.save())
    editor.cancel_button = QPushButton(_("Cancel"))
    editor.cancel_button.setToolTip(_("Undo the changes not saved yet (Esc)"))
    editor.cancel_button.clicked.connect(editor.cancel)
    editor.delete_button = QPushButton(_("Delete…"))
    editor.delete_button.setToolTip(_("Delete the partner; Edit › Undo or the Deleted partners view bring it back"))
    editor.delete_button.clicked.connect(editor.delete)
    editor.restore_button = QPushButton(_("Restore"))
    editor.restore_button.setToolTip(_("Bring this deleted partner back"))
    editor.restore_button.clicked.connect(lambda: editor.restore(editor.partner_id))
    editor.review_button = QPushButton(_("Review pack…"))
    editor.review_button.setToolTip(_("A PDF of this partner for a review meeting, for the partner or internal"))
    editor.review_button.clicked.connect(lambda: editor.review_requested.emit(editor.partner_id or ""))
    buttons = QHBoxLayout()
    buttons.addWidget(editor.delete_button)
    buttons.addWidget(editor.restore_button)
    buttons.addWidget(editor.review_button)
    buttons.addStretch(1)
    buttons.addWidget(editor.cancel_button)
    buttons.addWidget(editor.save_button)
    return buttons
