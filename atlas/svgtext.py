"""Text in server-drawn SVG (maps, charts): widths measured in DejaVu Sans so that labels can be wrapped and
placed without being cut, and escaped <text> elements."""

from __future__ import annotations

import functools
import html

from PIL import ImageFont

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
TEXT_COLOUR = "#333"


@functools.lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100)
    except OSError:  # font absent: estimate from the number of characters
        return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of a text in DejaVu Sans (the font the SVGs ask for), measured when the font is installed."""
    font = _font(bold)
    if font is None:
        return len(text) * size * (0.62 if bold else 0.56)
    return font.getlength(text) * size / 100


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Lines of text no wider than width (a single word wider than width stays whole on its line)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def text(x: float, y: float, text: str, size: float, fill: str = TEXT_COLOUR, **attributes: str) -> str:
    """A <text> element at (x, y) rounded to the pixel, its content escaped; attribute names use '-' for '_'
    (font_weight -> font-weight)."""
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attributes.items())
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size:.1f}" fill="{fill}"{extra}>{html.escape(text)}</text>'
