"""The TrueType fonts every pack embeds (DejaVu, shipped in ``resources/fonts/`` with their licence).

Embedded fonts make accents, ``œ``, ``€``, U+00A0 and U+202F print the same on every machine, with
no network and whatever fonts the system has. They are registered with ReportLab once per process.
"""

from __future__ import annotations

import importlib.resources
import threading
from pathlib import Path

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "FONT_FILES", "ITALIC", "SANS", "SERIF", "SERIF_BOLD", "fonts_dir", "register_fonts"]

SANS, BOLD, ITALIC, BOLD_ITALIC = "PrmSans", "PrmSans-Bold", "PrmSans-Oblique", "PrmSans-BoldOblique"
SERIF, SERIF_BOLD = "PrmSerif", "PrmSerif-Bold"

#: ReportLab font name → file in ``resources/fonts``.
FONT_FILES: dict[str, str] = {
    SANS: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    """The ``fonts`` folder of the shipped resources (installed package, or the source checkout)."""
    try:
        root = Path(str(importlib.resources.files("prm_desktop.resources")))
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "resources"
    return root / "fonts"


def register_fonts() -> None:
    """Register the pack fonts with ReportLab (once; later calls do nothing)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        for family, normal, bold in ((SANS, SANS, BOLD), (SERIF, SERIF, SERIF_BOLD)):
            addMapping(family, 0, 0, normal)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, ITALIC if family == SANS else normal)
            addMapping(family, 1, 1, BOLD_ITALIC if family == SANS else bold)
        # Charts start from ReportLab's default state (Helvetica, a font that is not embedded): ours instead.
        STATE_DEFAULTS["fontName"] = SANS
        _registered = True
