"""Printing: HTML to an A4 PDF with WeasyPrint, never touching the network.

Every printed document (workshop poster, reuse receipts and labels, funder
reports) is one HTML string holding everything it shows: QR codes and charts
are inline SVG, images `data:` URLs. Stylesheets are read from disk by us and
handed over as text. WeasyPrint gets no base URL and a fetcher that accepts
`data:` only, so a page that names `https://…` or `file:///…` fails that
resource instead of fetching it.
"""

from collections.abc import Sequence
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher


def url_fetcher() -> URLFetcher:
    """Fetches `data:` URLs only: never the network, never a file."""
    return URLFetcher(allowed_protocols={"data"})


def pdf_document(html: str, *, stylesheets: Sequence[Path] = ()) -> Document:
    """The document laid out in pages (to count them, or measure one)."""
    fetcher = url_fetcher()
    css = [
        CSS(string=path.read_text(encoding="utf-8"), url_fetcher=fetcher) for path in stylesheets
    ]
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render(stylesheets=css)


def render_pdf(html: str, *, stylesheets: Sequence[Path] = ()) -> bytes:
    """The PDF of an HTML string, with the print stylesheets read from these files."""
    return pdf_document(html, stylesheets=stylesheets).write_pdf()
