"""The one QR helper (segno): level M, inline SVG without style attributes for
pages and PDFs, or a data: URI for an <img>."""

import re

import segno

from comptoir.kernel.qr import qr_code, qr_data_uri, qr_svg

URL = "https://comptoir.example.org/lieux/cafe-du-port/ateliers/12/"


def test_codes_use_level_m_and_hold_the_url():
    code = qr_code(URL)
    assert code.error == "M"
    assert code.mode == "byte" and not code.is_micro
    assert code.matrix == segno.make(URL, error="m").matrix


def test_the_inline_svg_is_black_with_the_given_size_and_no_style():
    svg = qr_svg(URL, scale=3)
    assert svg == segno.make(URL, error="m").svg_inline(
        scale=3, border=0, dark="#000", svgclass="qr", lineclass=None
    )
    assert svg.startswith("<svg ") and 'class="qr"' in svg
    assert "style=" not in svg
    assert hasattr(svg, "__html__")  # safe in a template


def test_a_decorative_code_is_hidden_from_screen_readers():
    svg = qr_svg(URL, scale=5, border=3, svgclass="qr-code", decorative=True)
    assert svg.startswith('<svg role="img" aria-hidden="true" ')
    assert len(re.findall("aria-hidden", svg)) == 1


def test_the_data_uri_is_an_svg_image():
    uri = qr_data_uri("otpauth://totp/Comptoir:jo?secret=ABC", scale=5)
    assert uri.startswith("data:image/svg+xml")
