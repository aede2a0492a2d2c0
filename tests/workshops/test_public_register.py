"""A visitor registers from the session's page: a seat, or a place on the
waiting list; every refusal is explained in plain French and keeps what was
typed; nothing is written when it is refused."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from comptoir.notifications.models import Channel, Message
from comptoir.people.models import Person
from comptoir.workshops import actions
from comptoir.workshops.models import Registration, RegistrationSource, RegistrationStatus
from comptoir.workshops.public_forms import REGISTRATION_ATTEMPTS_PER_HOUR
from tests.workshops.public_helpers import in_days, make_session, register, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def post(client, session, **changes):
    return client.post(session.get_public_url(), visitor(**changes))


def assert_typed_data_kept(html: str, data: dict) -> None:
    for name in ("first_name", "phone", "email"):
        if data.get(name):
            assert f'value="{data[name]}"' in html, f"{name} not kept"


def assert_refused(response, session, message: str) -> None:
    html = response.content.decode()
    assert message in html, html
    assert 'name="first_name"' in html
    assert_typed_data_kept(html, visitor())
    assert not session.registrations.exists()


def test_registering_gives_a_seat_and_leads_to_the_registration_page(client, venue):
    session = make_session(venue, title="Mon smartphone")
    response = post(client, session)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/ateliers/inscription/")
    assert response["Location"].endswith("?fait=inscrit")
    assert registration.session == session
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.source == RegistrationSource.ONLINE
    assert registration.first_name == "Josiane"
    assert registration.phone == "+33612345678"
    assert registration.consent_to_reminders
    assert registration.person.venue == venue
    sms = Message.objects.get(to="+33612345678", key__endswith="confirmation:sms")
    assert sms.channel == Channel.SMS
    assert "Mon smartphone" in sms.body

    page = client.get(response["Location"]).content.decode()
    assert "C’est noté, vous êtes inscrit·e !" in page
    assert "votre place est réservée" in page
    assert "Un message vous est envoyé par SMS au 06 12 34 56 78." in page
    assert "Montrez ce code à l’accueil le jour de l’atelier" in page
    assert '<svg role="img" aria-hidden="true"' in page


def test_an_email_alone_is_enough(client, venue):
    session = make_session(venue)
    post(client, session, phone="", email="josiane@example.org")
    registration = Registration.objects.get()
    assert registration.email == "josiane@example.org" and registration.phone == ""
    assert Message.objects.filter(to="josiane@example.org", channel=Channel.EMAIL).exists()


def test_a_full_session_puts_the_visitor_on_the_waiting_list_with_a_position(client, venue):
    session = make_session(venue, capacity=1)
    register(session, "Marcel", phone="+33612345670")
    register(session, "Lucie", phone="+33612345671")
    response = post(client, session)
    registration = Registration.objects.get(first_name="Josiane")
    assert registration.status == RegistrationStatus.WAITLISTED
    assert Message.objects.filter(to="+33612345678", key__endswith="waitlisted:sms").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Vous êtes sur la liste d’attente" in page
    assert "Josiane, vous êtes sur la liste d’attente, position 2." in page
    assert "Montrez ce code" not in page
    assert "Me retirer de la liste d’attente" in page


def test_registering_after_the_window_is_refused(client, venue):
    session = make_session(venue, days=3)
    session.registration_closes_at = in_days(-1)
    session.save()
    response = post(client, session)
    assert response.status_code == 200
    assert_refused(response, session, "Les inscriptions sont closes depuis le")


def test_registering_before_the_window_opens_is_refused(client, venue):
    session = make_session(venue, days=20)
    session.registration_opens_at = in_days(5, 9)
    session.save()
    assert_refused(post(client, session), session, "Les inscriptions ouvrent le")


def test_registering_for_a_past_session_is_refused(client, venue):
    session = make_session(venue)
    session.starts_at, session.ends_at = in_days(-1), in_days(-1, 16)
    session.save()
    assert_refused(post(client, session), session, "Cette séance est déjà passée")


def test_registering_for_a_cancelled_session_is_refused(client, venue):
    session = make_session(venue)
    actions.cancel_session(actor=None, session=session, reason="Travaux")
    assert_refused(post(client, session), session, "Cette séance est annulée")


def test_the_same_phone_cannot_register_twice(client, venue):
    session = make_session(venue)
    post(client, session)
    messages_before = Message.objects.count()
    response = post(client, session, first_name="Josiane")
    html = response.content.decode()
    assert "déjà inscrit·e à cette séance" in html
    assert_typed_data_kept(html, visitor())
    assert session.registrations.count() == 1
    assert Person.objects.filter(venue=venue).count() == 1
    assert Message.objects.count() == messages_before


def test_a_contact_is_required(client, venue):
    session = make_session(venue)
    response = post(client, session, phone="", email="")
    html = response.content.decode()
    assert "Donnez un numéro de portable ou une adresse e-mail" in html
    assert 'value="Josiane"' in html
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_a_landline_is_refused(client, venue):
    session = make_session(venue)
    response = post(client, session, phone="04 78 00 00 00")
    html = response.content.decode()
    assert "Ce numéro n’est pas un portable français" in html
    assert 'value="04 78 00 00 00"' in html
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert not Registration.objects.exists()


def test_a_first_name_is_required(client, venue):
    session = make_session(venue)
    html = post(client, session, first_name="   ").content.decode()
    assert "Indiquez votre prénom ou un surnom." in html
    assert not Registration.objects.exists()


def test_too_many_attempts_are_refused_and_keep_what_was_typed(client, venue):
    session = make_session(venue, capacity=50)
    for n in range(REGISTRATION_ATTEMPTS_PER_HOUR):
        assert post(client, session, phone=f"06 12 34 56 {n:02d}").status_code == 302
    response = post(client, session)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop d’essais en peu de temps" in html
    assert_typed_data_kept(html, visitor())
    assert session.registrations.count() == REGISTRATION_ATTEMPTS_PER_HOUR


def test_the_registration_form_posts_to_the_session_page(client, venue):
    session = make_session(venue)
    html = client.get(session.get_public_url()).content.decode()
    assert (
        f'action="{reverse("workshops:public_session", args=[venue.slug, session.pk])}#inscription"'
        in html
    )
