"""QR codes (segno), drawn the same way everywhere: error correction level M
(a code still reads with a smudge or a crease), dark modules black.

The SVG has no style attribute, so the strict CSP allows it inline, and
WeasyPrint draws it the same in a PDF.
"""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_code(data: str) -> segno.QRCode:
    return segno.make(data, error="m")


def qr_svg(
    data: str, *, scale: int, border: int = 0, decorative: bool = False, **options
) -> SafeString:
    """The code as inline SVG markup. `decorative`: hidden from screen readers,
    for pages that say in words what the code holds. Other options go to segno
    (`light`, `svgclass`, `lineclass`, `omitsize`)."""
    options = {"dark": "#000", "svgclass": "qr", "lineclass": None} | options
    svg = qr_code(data).svg_inline(scale=scale, border=border, **options)
    if decorative:
        svg = svg.replace("<svg ", '<svg role="img" aria-hidden="true" ', 1)
    return mark_safe(svg)


def qr_data_uri(data: str, *, scale: int, border: int = 4, **options) -> str:
    """The code as an SVG `data:` URI, for an <img> (the CSP allows data: images)."""
    options = {"dark": "#000"} | options
    return qr_code(data).svg_data_uri(scale=scale, border=border, **options)
