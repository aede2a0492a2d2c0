"""The one PDF printer: HTML (and stylesheets read from disk) to PDF, never
fetching anything from the network or the disk on the page's say-so."""

import base64
import shutil
import socket
import subprocess

import pytest

from comptoir.kernel.pdf import pdf_document, render_pdf, url_fetcher

# A 1×1 PNG, inline.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def test_a_page_of_html_is_printed_on_a4(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("@page { size: A4; margin: 1cm; } h1 { font-size: 30pt; }", encoding="utf-8")
    document = pdf_document("<h1>Bonjour</h1>", stylesheets=[css])
    assert len(document.pages) == 1
    page = document.pages[0]
    # CSS pixels (96 per inch): 210 × 297 mm.
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)
    assert render_pdf("<h1>Bonjour</h1>", stylesheets=[css]).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "url", ["https://example.org/logo.png", "http://127.0.0.1:9/x.css", "file:///etc/passwd"]
)
def test_the_fetcher_refuses_the_network_and_files(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        url_fetcher().fetch(url)


def test_data_urls_are_the_only_ones_fetched():
    response = url_fetcher().fetch(f"data:image/png;base64,{PIXEL}")
    try:
        assert response.read() == base64.b64decode(PIXEL)
    finally:
        response.close()


def test_a_page_naming_outside_resources_still_prints_without_them(monkeypatch):
    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)  # WeasyPrint logs a failed fetch: keep a record
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = (
        '<link rel="stylesheet" href="https://example.org/style.css">'
        '<img src="https://example.org/logo.png" alt="">'
        '<img src="file:///etc/hostname" alt="">'
        f'<img src="data:image/png;base64,{PIXEL}" alt="">'
        "<p>Reçu</p>"
    )
    assert render_pdf(html).startswith(b"%PDF-")
    assert attempts == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_text_is_in_the_pdf():
    content = render_pdf("<p>Certificat d’effacement</p>")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Certificat d’effacement" in text
