"""The printable poster of a session (A4 PDF, WeasyPrint) for the café's wall,
with a QR code to the session's public page.

Everything the poster shows is in the HTML (the QR code is inline SVG): the
renderer is given no base URL and a URL fetcher that refuses every scheme
but `data:`, so rendering never touches the network or the disk.
"""

import segno
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

from comptoir.venues.phone import display_phone
from comptoir.workshops.agenda import absolute, entry, place_line
from comptoir.workshops.models import PriceKind, Session

# Past this, the description is cut: the poster must stay on one page.
DESCRIPTION_CHARS = 360
# Past this, the title is set smaller.
LONG_TITLE = 40


def poster_url(session: Session) -> str:
    """What the QR code says: the session's public page, absolute."""
    return absolute(session.get_public_url())


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def _qr_svg(url: str) -> str:
    svg = qr_code(url).svg_inline(scale=4, border=0, dark="#000", svgclass="qr", lineclass=None)
    return mark_safe(svg)


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " …"


def poster_html(session: Session) -> str:
    """The poster as HTML (for WeasyPrint). Needs a session from agenda.with_counts()."""
    url = poster_url(session)
    item = entry(session)
    workshop = session.workshop
    venue = session.venue
    with translation.override("fr"):
        return render_to_string(
            "workshops/public/poster.html",
            {
                "session": session,
                "workshop": workshop,
                "venue": venue,
                "item": item,
                "place": session.where,
                "place_line": place_line(session),
                "description": _short(workshop.description),
                "long_title": len(workshop.title) > LONG_TITLE,
                "free": workshop.price_kind == PriceKind.FREE,
                "venue_phone": display_phone(venue.phone),
                "url": url,
                "short_url": url.split("://", 1)[-1],
                "qr": _qr_svg(url),
                "day": formats.date_format(timezone.localtime(session.starts_at), "l j F Y"),
            },
        )


def url_fetcher() -> URLFetcher:
    """Fetches `data:` URLs only: never the network, never a file."""
    return URLFetcher(allowed_protocols={"data"})


def poster_document(session: Session) -> Document:
    """The poster laid out in pages (one A4 page)."""
    html = HTML(string=poster_html(session), base_url=None, url_fetcher=url_fetcher())
    return html.render()


def render_poster(session: Session) -> bytes:
    """The A4 PDF poster."""
    return poster_document(session).write_pdf()
