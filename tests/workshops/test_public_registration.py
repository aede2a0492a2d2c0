"""The registration's own page, through the signed link: seat (with the
check-in QR code) or waiting-list position; the visitor cancels, and the
first on the waiting list is promoted and told."""

import datetime
import re

import pytest
import segno
from django.urls import reverse

from comptoir.notifications.models import Message
from comptoir.workshops import actions, links
from comptoir.workshops.models import RegistrationStatus
from comptoir.workshops.views.public import qr_svg
from tests.workshops.public_helpers import in_days, make_session, register

pytestmark = pytest.mark.django_db


def cancel_url(registration) -> str:
    return reverse("workshops:registration_public_cancel", args=[links.make_token(registration)])


def test_a_confirmed_registration_shows_the_session_and_the_check_in_code(client, venue):
    session = make_session(venue, title="Mon smartphone")
    registration = register(session, "Josiane", phone="+33612345678")
    response = client.get(links.manage_url(registration))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vous êtes inscrit·e" in html
    assert "Mon smartphone" in html and "1 place de la Mairie" in html
    assert "Montrez ce code à l’accueil le jour de l’atelier" in html
    assert "Annuler mon inscription" in html
    assert 'name="robots" content="noindex"' in html
    assert " style=" not in html  # the CSP forbids inline styles


def test_the_qr_code_encodes_the_check_in_link(venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    url = links.checkin_url(registration)
    expected = segno.make(url, error="m").svg_inline(
        scale=5, border=3, dark="#000", light="#fff", svgclass="qr-code", omitsize=True
    )
    assert qr_svg(url).replace('role="img" aria-hidden="true" ', "") == expected
    assert url.startswith("http") and "/pointage/" in url


def test_a_tampered_link_is_not_found_and_says_what_to_do(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    token = links.make_token(registration)
    for url in (
        reverse("workshops:registration", args=[token[:-3] + "abc"]),
        reverse("workshops:registration_public_cancel", args=["nimportequoi"]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "Ce lien ne fonctionne pas" in html
        assert "Josiane" not in html


def test_a_link_for_a_long_past_session_has_expired(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    session.starts_at, session.ends_at = in_days(-5), in_days(-5, 16)
    session.save()
    response = client.get(links.manage_url(registration))
    assert response.status_code == 410
    assert "Cet atelier est passé" in response.content.decode()


def test_cancelling_asks_first(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    html = client.get(cancel_url(registration)).content.decode()
    assert "Annuler votre inscription ?" in html
    assert "Oui, annuler mon inscription" in html
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_visitor_cancels_and_the_first_on_the_waiting_list_is_promoted(client, venue):
    session = make_session(venue, capacity=1, title="Tablette")
    josiane = register(session, "Josiane", phone="+33612345678")
    marcel = register(session, "Marcel", phone="+33612345679")
    lucie = register(session, "Lucie", phone="+33612345670")
    assert marcel.status == RegistrationStatus.WAITLISTED

    token = links.make_token(josiane)
    response = client.post(reverse("workshops:registration_public_cancel", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:registration", args=[token]) + "?fait=annule"
    html = client.get(response["Location"]).content.decode()
    assert "Votre inscription est annulée." in html
    assert "Montrez ce code" not in html and "Annuler mon inscription" not in html

    josiane.refresh_from_db()
    marcel.refresh_from_db()
    lucie.refresh_from_db()
    assert josiane.status == RegistrationStatus.CANCELLED
    assert marcel.status == RegistrationStatus.CONFIRMED
    assert lucie.status == RegistrationStatus.WAITLISTED
    promoted = Message.objects.get(to="+33612345679", key__endswith="promoted:sms")
    assert "une place s’est libérée" in promoted.body
    assert Message.objects.filter(to="+33612345678", key__endswith="cancelled:sms").exists()
    assert actions.waitlist_position(lucie) == 1
    assert "position 1." in client.get(links.manage_url(lucie)).content.decode()
    assert "Montrez ce code" in client.get(links.manage_url(marcel)).content.decode()


def test_leaving_the_waiting_list(client, venue):
    session = make_session(venue, capacity=1)
    register(session, "Josiane", phone="+33612345678")
    marcel = register(session, "Marcel", phone="+33612345679")
    assert "Quitter la liste d’attente ?" in client.get(cancel_url(marcel)).content.decode()
    client.post(cancel_url(marcel))
    marcel.refresh_from_db()
    assert marcel.status == RegistrationStatus.CANCELLED


def test_cancelling_twice_says_it_is_already_done(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    client.post(cancel_url(registration))
    response = client.post(cancel_url(registration), follow=True)
    assert "Cette inscription est déjà annulée." in response.content.decode()


def test_once_the_session_started_the_visitor_cannot_cancel_here(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    session.starts_at = in_days(0) - datetime.timedelta(days=1)
    session.ends_at = session.starts_at + datetime.timedelta(days=1, hours=2)
    session.save()
    response = client.post(cancel_url(registration), follow=True)
    assert "ne peut plus être annulée ici" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_cancelled_session_shows_on_the_registration_page(client, venue):
    session = make_session(venue)
    registration = register(session, "Josiane", phone="+33612345678")
    actions.cancel_session(actor=None, session=session, reason="Animatrice malade")
    html = client.get(links.manage_url(registration)).content.decode()
    assert "Inscription annulée" in html
    assert "La séance a été annulée par le lieu." in html
    assert "Motif : Animatrice malade" in html


def test_add_to_my_calendar_gives_the_session_as_ics(client, venue):
    from icalendar import Calendar

    session = make_session(venue, title="Mon smartphone")
    registration = register(session, "Josiane", phone="+33612345678")
    page = client.get(links.manage_url(registration)).content.decode()
    [url] = re.findall(r'href="(/ateliers/inscription/[^"]+/agenda\.ics)"', page)
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Mon smartphone"
    assert event.decoded("dtstart") == session.starts_at
    assert client.get(url.replace("/inscription/", "/inscription/x")).status_code == 404
    assert links.read_token(url.split("/")[-2]) == registration
