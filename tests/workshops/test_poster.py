"""The printable A4 poster of a session: a one-page PDF with what, when,
where, for whom, and a QR code to the session's public page."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from comptoir.kernel.pdf import url_fetcher
from comptoir.kernel.qr import qr_code
from comptoir.workshops import actions
from comptoir.workshops.agenda import with_counts
from comptoir.workshops.models import Audience, PriceKind, Session
from comptoir.workshops.poster import poster_document, poster_html, poster_url
from tests.factories import VenueFactory
from tests.workshops.public_helpers import make_session

pytestmark = pytest.mark.django_db


def counted(session) -> Session:
    return with_counts(Session.objects.filter(pk=session.pk)).get()


@pytest.fixture
def session(venue):
    venue.phone = "+33478123456"
    venue.save()
    return make_session(
        venue,
        title="Premiers pas avec son smartphone",
        description="Allumer, appeler, envoyer une photo à ses proches.",
        audience=Audience.SENIORS,
    )


def test_the_poster_is_an_inline_pdf(client, venue, session):
    response = client.get(reverse("workshops:poster", args=[venue.slug, session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="affiche-atelier-')
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF-")


def test_the_poster_fits_one_a4_page_even_with_long_texts(venue):
    session = make_session(venue, title="Un titre très long " * 7, description="Blabla. " * 200)
    document = poster_document(counted(session))
    assert len(document.pages) == 1
    page = document.pages[0]
    # CSS pixels (96 per inch): 210 × 297 mm.
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)


def test_the_poster_says_what_when_where_and_how_to_register(session):
    html = poster_html(counted(session))
    assert "Premiers pas avec son smartphone" in html
    assert "Allumer, appeler, envoyer une photo à ses proches." in html
    assert "de 14h00 à 15h30" in html
    assert "1 place de la Mairie, 69100 Villeurbanne" in html
    assert "Seniors" in html and "Niveau débutant" in html and "Gratuit" in html
    assert "Inscription gratuite" in html
    assert "04 78 12 34 56" in html
    assert "/lieux/cafe-du-port/ateliers/" in html


def test_the_qr_code_points_to_the_public_page(session):
    url = poster_url(session)
    assert url == settings.SITE_URL.rstrip("/") + session.get_public_url()
    code = qr_code(url)
    expected = code.svg_inline(scale=4, border=0, dark="#000", svgclass="qr", lineclass=None)
    assert expected in poster_html(counted(session))
    assert code.mode == "byte" and not code.is_micro


def test_a_paid_outreach_session_says_its_price_and_place(venue):
    session = make_session(venue, price_kind=PriceKind.PASS, price_amount="15.00")
    session.place = VenueFactory(outreach=True, name="Médiathèque", commune="Bron")
    session.save()
    html = poster_html(counted(session))
    assert "15 € (pass numérique accepté)" in html
    assert "Hors les murs" in html and "Médiathèque" in html and "Bron" in html
    assert "Inscription gratuite" not in html


def test_a_cancelled_session_poster_says_so(venue):
    session = make_session(venue)
    actions.cancel_session(actor=None, session=session, reason="Travaux")
    assert "Séance annulée" in poster_html(counted(session))


def test_rendering_fetches_nothing_from_the_network_or_the_disk():
    fetcher = url_fetcher()
    for url in ("https://example.org/logo.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


def test_a_session_of_another_venue_has_no_poster(client, venue, other_venue):
    session = make_session(other_venue)
    url = reverse("workshops:poster", args=[venue.slug, session.pk])
    assert client.get(url).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_text_holds_the_title_on_one_page(client, venue, session, tmp_path):
    response = client.get(reverse("workshops:poster", args=[venue.slug, session.pk]))
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("\f") == 1  # one page
    words = " ".join(text.split())
    assert "Premiers pas avec son smartphone" in words
    assert "Inscription gratuite" in words
