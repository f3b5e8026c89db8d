"""Render resources/icons/prm-desktop.svg to the PNG sizes, the Windows ICO and the macOS ICNS.

Run after editing the SVG (the outputs are committed): ``.venv/bin/python tools/make_icons.py``.
Qt renders the SVG (QtSvg, offscreen); Pillow writes the ICO and ICNS from the rendered PNGs.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "prm-desktop"
#: PNG sizes: the freedesktop hicolor sizes, which also cover Windows and macOS.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> Image.Image:
    """The SVG drawn on a transparent square of ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    """Write prm-desktop-<size>.png, prm-desktop.ico and prm-desktop.icns next to the SVG."""
    QGuiApplication(sys.argv[:1])
    svg = ICONS / f"{NAME}.svg"
    images = {size: render(svg, size) for size in SIZES}
    for size, image in images.items():
        image.save(ICONS / f"{NAME}-{size}.png", optimize=True)
    images[256].save(ICONS / f"{NAME}.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)],
                     append_images=[images[s] for s in (16, 24, 32, 48, 64, 128)])  # fmt: skip
    images[512].save(ICONS / f"{NAME}.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256)])
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
