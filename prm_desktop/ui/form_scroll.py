"""A scroll area for forms whose inline messages come and go: the form is never squeezed.

A form shown in a window of fixed size squeezes its fields when a message appears under one of them
(a line edit shrinks to a sliver, a wrapped message loses its last line). In a
:class:`FormScrollArea` the form always gets its full height for its width (word-wrapped messages
included): the window grows to show it when the screen has room, and the area scrolls when it has
not (1366×768 at 150 %).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

__all__ = ["FormScrollArea", "grow_to_fit", "keep_height"]

#: Room kept free around a window grown to fit its content (title bar, task bar).
_SCREEN_MARGIN = 60


class FormScrollArea(QScrollArea):
    """A frameless, vertically scrolling area holding one form.

    Args:
        form: The form widget (its layout gives its height for a width).
        grow_window: Grow the window (up to the screen) when the form needs more height.
    """

    def __init__(self, form: QWidget, grow_window: bool = True) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setWidget(form)
        self._grow_window = grow_window
        self._grow_timer = QTimer(self)
        self._grow_timer.setSingleShot(True)
        self._grow_timer.setInterval(0)
        self._grow_timer.timeout.connect(self._grow)
        form.installEventFilter(self)

    def content_height(self, width: int | None = None) -> int:
        """The height the form needs at ``width`` (default: the width it has now)."""
        form = self.widget()
        if width is None or width <= 0:
            width = self.viewport().width() if self.isVisible() else form.sizeHint().width()
        if form.hasHeightForWidth():
            return max(form.heightForWidth(width), form.minimumSizeHint().height())
        return form.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As wide as the form wants, as tall as the form is for that width."""
        hint = self.widget().sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, self.content_height(hint.width()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As wide as the form beside a scroll bar, and short: it scrolls rather than outgrow the screen."""
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(self.widget().minimumSizeHint().width() + bar + 2 * self.frameWidth(), 60)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Shown: grow the window when its first size (at most 2/3 of the screen) is too short."""
        super().showEvent(event)
        if self._grow_window:
            self._grow_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The form's layout changed (a message shown or hidden): ask for room again."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            if self._grow_window and self.isVisible():
                self._grow_timer.start()
        return super().eventFilter(watched, event)

    def missing_height(self) -> int:
        """How many pixels the form lacks to be shown whole without scrolling (0 when it fits)."""
        return max(0, self.content_height() - self.viewport().height())

    def _grow(self) -> None:
        missing = self.missing_height()
        if missing:
            grow_to_fit(self.window(), missing)


def grow_to_fit(window: QWidget, extra_height: int) -> None:
    """Make a window taller by ``extra_height``, within the screen's available height.

    A maximised or full-screen window is left as it is.
    """
    if window.isMaximized() or window.isFullScreen():
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    limit = screen.availableGeometry().height() - _SCREEN_MARGIN if screen is not None else window.height()
    frame = window.frameGeometry().height() - window.height()
    height = min(window.height() + extra_height, limit - frame)
    if height > window.height():
        window.resize(window.width(), height)


def keep_height(widget: QWidget) -> QWidget:
    """Never let a layout make ``widget`` shorter than it wants (e.g. when a message appears below it).

    Returns:
        ``widget``, for chaining.
    """
    widget.setMinimumHeight(widget.sizeHint().height())
    return widget
