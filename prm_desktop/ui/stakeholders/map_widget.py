"""The stakeholder map of one partner, drawn with QPainter.

Our people on the left, the partner in the middle, the partner's contacts on the right. A person's
stance is shown by colour AND by a written label; their influence by the size of their disc. The
gaps (no executive sponsor, no presales) are written at the top in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.people.links import PartnerMap
from prm_desktop.ui.stakeholders.links_model import influence_label, relation_label, stance_label

__all__ = ["INFLUENCE_RADIUS", "STANCE_COLOURS", "MapNode", "StakeholderMapWidget", "gap_text", "layout_nodes"]

#: Fill colour of a stance (green champion, grey neutral, orange sceptic); the label is always written too.
STANCE_COLOURS = {"champion": "#1b7837", "neutral": "#8c8c8c", "sceptic": "#d95f02"}
#: Disc radius by influence, in pixels.
INFLUENCE_RADIUS = {"high": 17, "medium": 12, "low": 8}
CONTACT_COLOUR = "#4a6fa5"
_ROW_HEIGHT = 46
_TOP = 30
#: Room kept between the texts and the partner's box for the connecting lines.
_LANE = 44


@dataclass(frozen=True)
class MapNode:
    """A disc and its two lines of text."""

    centre: QPointF
    radius: float
    colour: str
    title: str
    detail: str
    left_side: bool


def gap_text(partner_map: PartnerMap | None) -> str:
    """The gaps of the map in words, or that there are none."""
    if partner_map is None:
        return ""
    if not partner_map.gaps:
        return _("No gap: an executive sponsor and presales are assigned.")
    return _("Gaps: {gaps}", gaps=" · ".join(_(g.message) for g in partner_map.gaps))


def layout_nodes(partner_map: PartnerMap, width: int, box_width: float = 150) -> tuple[list[MapNode], QRectF]:
    """Where each person and contact is drawn, and the partner's box (pure geometry, no painting)."""
    nodes: list[MapNode] = []
    left_x, right_x = 40.0, width - 40.0
    for row, link in enumerate(partner_map.links):
        detail = _("{relation} · {stance}", relation=relation_label(link.relation), stance=stance_label(link.stance))
        nodes.append(
            MapNode(
                QPointF(left_x, _TOP + row * _ROW_HEIGHT + 20),
                INFLUENCE_RADIUS.get(link.influence, 12),
                STANCE_COLOURS.get(link.stance, "#8c8c8c"),
                link.stakeholder_name,
                detail,
                True,
            )
        )
    for row, contact in enumerate(partner_map.contacts):
        detail = contact.role or ""
        if contact.is_primary:
            detail = _("{role} (primary contact)", role=detail) if detail else _("Primary contact")
        nodes.append(
            MapNode(QPointF(right_x, _TOP + row * _ROW_HEIGHT + 20), 10, CONTACT_COLOUR, contact.name, detail, False)
        )
    rows = max(len(partner_map.links), len(partner_map.contacts), 1)
    middle = _TOP + (rows * _ROW_HEIGHT) / 2
    box = QRectF(width / 2 - box_width / 2, middle - 22, box_width, 44)
    return nodes, box


class StakeholderMapWidget(QWidget):
    """Draws a :class:`PartnerMap`; ``set_map(None)`` shows a hint instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partner_map: PartnerMap | None = None
        self.setAccessibleName(_("Stakeholder map"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(520, 220)
        self.setAutoFillBackground(True)

    def set_map(self, partner_map: PartnerMap | None) -> None:
        """Show this partner's map."""
        self.partner_map = partner_map
        rows = max(len(partner_map.links), len(partner_map.contacts), 1) if partner_map else 1
        self.setMinimumHeight(_TOP + rows * _ROW_HEIGHT + 20)
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(640, self.minimumHeight())

    def describe(self) -> str:
        """The map in words (accessible description and tooltips)."""
        m = self.partner_map
        if m is None:
            return ""
        people = "; ".join(
            f"{link.stakeholder_name}: {relation_label(link.relation)}, {stance_label(link.stance)}, "
            f"{influence_label(link.influence)}"
            for link in m.links
        )
        return " ".join(filter(None, (m.partner_name, people, gap_text(m))))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text_colour = palette.text().color()
        m = self.partner_map
        if m is None:
            painter.setPen(text_colour)
            painter.drawText(
                self.rect().adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _("Choose a partner to see who works with it."),
            )
            return
        width = self.width()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setPen(text_colour)
        painter.drawText(QRectF(12, 4, width / 2, 20), Qt.AlignmentFlag.AlignLeft, _("Our people"))
        painter.drawText(QRectF(width / 2, 4, width / 2 - 12, 20), Qt.AlignmentFlag.AlignRight, _("Partner contacts"))
        painter.setFont(bold)
        box_width = min(max(110.0, painter.fontMetrics().horizontalAdvance(m.partner_name) + 24.0), width / 4)
        painter.setFont(self.font())
        nodes, box = layout_nodes(m, width, box_width)
        painter.setPen(QPen(QColor("#b0b0b0"), 1))
        for node in nodes:
            start = QPointF(box.left() - _LANE + 6 if node.left_side else box.right() + _LANE - 6, node.centre.y())
            end = QPointF(box.left() if node.left_side else box.right(), box.center().y())
            painter.drawLine(start, end)
        painter.setPen(QPen(text_colour, 1.5))
        painter.setBrush(palette.alternateBase())
        painter.drawRoundedRect(box, 8, 8)
        painter.setFont(bold)
        elided = painter.fontMetrics().elidedText(m.partner_name, Qt.TextElideMode.ElideRight, int(box.width()) - 12)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)
        if not m.links:
            painter.setFont(self.font())
            painter.drawText(QRectF(12, _TOP, box.left() - 24, 40), Qt.TextFlag.TextWordWrap, _("Nobody linked yet."))
        if not m.contacts:
            painter.setFont(self.font())
            painter.drawText(
                QRectF(box.right() + 12, _TOP, width - box.right() - 24, 40),
                Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap,
                _("No contact at this partner."),
            )
        for node in nodes:
            self._draw_node(painter, node, box, bold, text_colour)
        painter.end()

    def _draw_node(self, painter: QPainter, node: MapNode, box: QRectF, bold: QFont, text_colour: QColor) -> None:
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor(node.colour))
        painter.drawEllipse(node.centre, node.radius, node.radius)
        room = (
            (box.left() - node.centre.x() - 22 - _LANE)
            if node.left_side
            else (node.centre.x() - box.right() - 22 - _LANE)
        )
        x = node.centre.x() + 22 if node.left_side else node.centre.x() - 22 - room
        align = Qt.AlignmentFlag.AlignLeft if node.left_side else Qt.AlignmentFlag.AlignRight
        painter.setPen(text_colour)
        painter.setFont(bold)
        metrics = painter.fontMetrics()
        painter.drawText(
            QRectF(x, node.centre.y() - 19, room, 18),
            align,
            metrics.elidedText(node.title, Qt.TextElideMode.ElideRight, int(room)),
        )
        painter.setFont(self.font())
        painter.setPen(QColor(node.colour) if node.left_side else text_colour)
        metrics = painter.fontMetrics()
        painter.drawText(
            QRectF(x, node.centre.y() + 1, room, 18),
            align,
            metrics.elidedText(node.detail, Qt.TextElideMode.ElideRight, int(room)),
        )
