"""The printable poster of a session (A4 PDF, WeasyPrint) for the café's wall,
with a QR code to the session's public page.

Everything the poster shows is in the HTML (the QR code is inline SVG), printed
by the kernel's PDF helpers, which never touch the network.
"""

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from weasyprint.document import Document

from comptoir.kernel.pdf import pdf_document
from comptoir.kernel.phone import display_phone
from comptoir.kernel.qr import qr_svg
from comptoir.workshops.agenda import absolute, entry, place_line
from comptoir.workshops.models import PriceKind, Session

# Past this, the description is cut: the poster must stay on one page.
DESCRIPTION_CHARS = 360
# Past this, the title is set smaller.
LONG_TITLE = 40


def poster_url(session: Session) -> str:
    """What the QR code says: the session's public page, absolute."""
    return absolute(session.get_public_url())


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
                "qr": qr_svg(url, scale=4),
                "day": formats.date_format(timezone.localtime(session.starts_at), "l j F Y"),
            },
        )


def poster_document(session: Session) -> Document:
    """The poster laid out in pages (one A4 page)."""
    return pdf_document(poster_html(session))


def render_poster(session: Session) -> bytes:
    """The A4 PDF poster."""
    return poster_document(session).write_pdf()
