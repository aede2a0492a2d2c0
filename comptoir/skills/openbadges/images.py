"""The default badge picture: a round badge in the achievement colour with its initials."""

import io
import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-’']+", name) if w and w[0].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


def _colour(value: str) -> str:
    return value if _COLOUR.match(value or "") else "#1d5fa8"


def _rgb(value: str) -> tuple[int, int, int]:
    value = _colour(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _text_colour(value: str) -> str:
    red, green, blue = _rgb(value)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#1a1a1a" if luminance > 150 else "#ffffff"


@cache
def _font(size: int):
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ):
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def default_badge_png(name: str, colour: str) -> bytes:
    """A 400×400 PNG: a disc in `colour` with a white ring and the initials."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=_rgb(colour))
    draw.ellipse((34, 34, SIZE - 34, SIZE - 34), outline=(255, 255, 255), width=8)
    draw.text(
        (SIZE / 2, SIZE / 2),
        initials(name),
        fill=_text_colour(colour),
        font=_font(150),
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def default_badge_svg(name: str, colour: str) -> str:
    """The same design as `default_badge_png`, as SVG text."""
    fill = _colour(colour)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f'<circle cx="200" cy="200" r="192" fill="{fill}"/>'
        '<circle cx="200" cy="200" r="162" fill="none" stroke="#ffffff" stroke-width="8"/>'
        f'<text x="200" y="200" text-anchor="middle" dominant-baseline="central" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="150" '
        f'fill="{_text_colour(colour)}">{escape(initials(name))}</text>'
        "</svg>\n"
    )


def png_as_svg(png_bytes: str | bytes, name: str) -> str:
    """An SVG wrapping an uploaded PNG (so it can be baked as SVG too)."""
    import base64

    data = base64.b64encode(png_bytes).decode("ascii")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f'<image width="{SIZE}" height="{SIZE}" href="data:image/png;base64,{data}"/>'
        "</svg>\n"
    )
