"""Every public form is limited per address and, where it asks for one, per phone or
e-mail: a refused request shows what was typed with a plain French message, answers
429 and writes nothing; the counts start afresh the next hour."""

import time
import types
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from comptoir.appointments.models import Appointment
from comptoir.appointments.public_forms import (
    BOOKING_ATTEMPTS_PER_HOUR,
    BOOKINGS_PER_CONTACT_PER_HOUR,
)
from comptoir.helpdesk import actions as helpdesk_actions
from comptoir.helpdesk.models import HelpRequest
from comptoir.helpdesk.topics import Topic
from comptoir.helpdesk.views import screens
from comptoir.ops import ratelimit
from comptoir.people.models import Person
from comptoir.workshops.models import Registration
from comptoir.workshops.public_forms import (
    REGISTRATION_ATTEMPTS_PER_HOUR,
    REGISTRATIONS_PER_CONTACT_PER_HOUR,
)
from tests.appointments.factories_public import at, make_desk
from tests.helpdesk.factories import enabled_device_client
from tests.workshops.public_helpers import make_session

pytestmark = pytest.mark.django_db

CONTACT_LIMITED = "Trop de demandes ont été faites avec ce numéro ou cette adresse e-mail."
ADDRESS_LIMITED = "depuis la même connexion"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def next_hour():
    """The clock of the rate limits, one hour later."""
    later = time.time() + ratelimit.HOUR
    return mock.patch.object(ratelimit, "time", types.SimpleNamespace(time=lambda: later))


def address(n: int) -> str:
    return f"198.51.100.{n}"


def visitor(**changes) -> dict:
    data = {
        "first_name": "Josiane",
        "phone": "06 12 34 56 78",
        "email": "",
        "consent_to_reminders": "on",
        "topic": "Envoyer des photos",
    }
    data.update(changes)
    return data


def assert_refused_and_kept(response, data: dict, message: str) -> None:
    html = response.content.decode()
    assert response.status_code == 429
    assert message in html, html
    for name in ("first_name", "phone", "email"):
        if data.get(name):
            assert f'value="{data[name]}"' in html, f"{name} not kept"


def stored_written_rows():
    return (Appointment.objects.count(), Registration.objects.count(), Person.objects.count())


# --- Booking an appointment -----------------------------------------------------------------------


@pytest.fixture
def desk(venue):
    venue.phone = "+33478000000"
    venue.save()
    # The venue's own daily limit per contact must not be what refuses here.
    return make_desk(venue, policy={"max_bookings_per_contact_per_day": 50})


def test_booking_is_limited_per_address_and_says_whom_to_call(client, desk):
    for _ in range(BOOKING_ATTEMPTS_PER_HOUR):
        assert client.post(desk.book_url(at(3, 10)), visitor(first_name="")).status_code == 200
    before = stored_written_rows()
    data = visitor()
    response = client.post(desk.book_url(at(3, 10)), data)
    assert_refused_and_kept(response, data, ADDRESS_LIMITED)
    assert "04 78 00 00 00" in response.content.decode()
    assert stored_written_rows() == before


def test_booking_is_limited_per_phone_whatever_the_address(client, desk):
    for n in range(BOOKINGS_PER_CONTACT_PER_HOUR):
        response = client.post(
            desk.book_url(at(3 + n, 10)), visitor(first_name=f"Jo{n}"), REMOTE_ADDR=address(n)
        )
        assert response.status_code == 302
    before = stored_written_rows()
    # Typed differently, it is the same number.
    data = visitor(phone="+33 6 12 34 56 78")
    response = client.post(desk.book_url(at(10, 10)), data, REMOTE_ADDR=address(99))
    assert_refused_and_kept(response, data, CONTACT_LIMITED)
    assert "04 78 00 00 00" in response.content.decode()
    assert stored_written_rows() == before
    # Someone else, from the same address, still books.
    other = visitor(phone="07 80 00 00 01")
    assert client.post(desk.book_url(at(10, 10)), other, REMOTE_ADDR=address(99)).status_code == 302


def test_booking_is_limited_per_email_whatever_its_case(client, desk):
    for n in range(BOOKINGS_PER_CONTACT_PER_HOUR):
        data = visitor(phone="", email="jo@example.org")
        client.post(desk.book_url(at(3 + n, 10)), data, REMOTE_ADDR=address(n))
    assert Appointment.objects.count() == BOOKINGS_PER_CONTACT_PER_HOUR
    data = visitor(phone="", email="JO@Example.ORG")
    response = client.post(desk.book_url(at(10, 10)), data, REMOTE_ADDR=address(99))
    assert_refused_and_kept(response, data, CONTACT_LIMITED)
    assert Appointment.objects.count() == BOOKINGS_PER_CONTACT_PER_HOUR


def test_booking_counts_start_afresh_the_next_hour(client, desk):
    for n in range(BOOKINGS_PER_CONTACT_PER_HOUR):
        client.post(desk.book_url(at(3 + n, 10)), visitor(), REMOTE_ADDR=address(n))
    for _ in range(BOOKING_ATTEMPTS_PER_HOUR):
        client.post(desk.book_url(at(3, 10)), visitor(first_name=""), REMOTE_ADDR=address(50))
    assert client.post(desk.book_url(at(10, 10)), visitor()).status_code == 429
    assert (
        client.post(desk.book_url(at(10, 10)), visitor(phone="0780000001"), REMOTE_ADDR=address(50))
    ).status_code == 429
    with next_hour():
        assert client.post(desk.book_url(at(10, 10)), visitor()).status_code == 302
        response = client.post(
            desk.book_url(at(11, 10)), visitor(phone="0780000001"), REMOTE_ADDR=address(50)
        )
        assert response.status_code == 302


def test_the_contact_is_never_written_in_the_cache_key(client, desk):
    client.post(desk.book_url(at(3, 10)), visitor(email="jo@example.org"))
    keys = [str(key) for key in cache._cache]  # the local-memory cache of the tests
    assert any(":contact:" in key for key in keys)
    for key in keys:
        assert "612345678" not in key and "jo@example" not in key


# --- Registering for a workshop -------------------------------------------------------------------


@pytest.fixture
def sessions(venue):
    venue.phone = "+33478000000"
    venue.save()
    return [make_session(venue, days=3 + n) for n in range(REGISTRATIONS_PER_CONTACT_PER_HOUR + 2)]


def register_data(**changes) -> dict:
    data = visitor(**changes)
    del data["topic"]
    return data


def test_registration_is_limited_per_address(client, sessions):
    url = sessions[0].get_public_url()
    for _ in range(REGISTRATION_ATTEMPTS_PER_HOUR):
        assert client.post(url, register_data(first_name="")).status_code == 200
    before = stored_written_rows()
    data = register_data()
    response = client.post(url, data)
    assert_refused_and_kept(response, data, ADDRESS_LIMITED)
    assert "04 78 00 00 00" in response.content.decode()
    assert stored_written_rows() == before


def test_registration_is_limited_per_phone_whatever_the_address(client, sessions):
    for n in range(REGISTRATIONS_PER_CONTACT_PER_HOUR):
        response = client.post(
            sessions[n].get_public_url(), register_data(), REMOTE_ADDR=address(n)
        )
        assert response.status_code == 302
    before = stored_written_rows()
    data = register_data(phone="06.12.34.56.78")
    response = client.post(sessions[-1].get_public_url(), data, REMOTE_ADDR=address(99))
    assert_refused_and_kept(response, data, CONTACT_LIMITED)
    assert "04 78 00 00 00" in response.content.decode()
    assert stored_written_rows() == before
    with next_hour():
        response = client.post(sessions[-1].get_public_url(), data, REMOTE_ADDR=address(99))
    assert response.status_code == 302


def test_registration_is_limited_per_email(client, sessions):
    for n in range(REGISTRATIONS_PER_CONTACT_PER_HOUR):
        data = register_data(phone="", email="Jo@Example.org" if n % 2 else "jo@example.org")
        client.post(sessions[n].get_public_url(), data, REMOTE_ADDR=address(n))
    before = stored_written_rows()
    data = register_data(phone="", email="jo@EXAMPLE.org")
    response = client.post(sessions[-1].get_public_url(), data, REMOTE_ADDR=address(99))
    assert_refused_and_kept(response, data, CONTACT_LIMITED)
    assert stored_written_rows() == before


# --- Checking in at the kiosk ---------------------------------------------------------------------


def test_a_busy_cafe_never_reaches_the_kiosk_limit_per_address():
    # Each tablet takes at most KIOSK_MAX_PER_HOUR check-ins an hour; two tablets
    # behind the venue's box, with as many mistyped forms, stay under the limit.
    assert (
        screens.KIOSK_ATTEMPTS_PER_ADDRESS_PER_HOUR >= 2 * 2 * helpdesk_actions.KIOSK_MAX_PER_HOUR
    )


def test_the_kiosk_is_limited_per_address_keeps_the_answers_and_writes_nothing(venue, monkeypatch):
    monkeypatch.setattr(screens, "KIOSK_ATTEMPTS_PER_ADDRESS_PER_HOUR", 3)
    first, _ = enabled_device_client(venue)
    second, _ = enabled_device_client(venue)
    url = reverse("helpdesk:kiosk", args=[venue.slug])
    for _ in range(3):
        assert first.post(url, {"device": "tablet"}).status_code == 200  # no topic: asked again
    response = second.post(url, {"topic": Topic.EMAIL, "device": "tablet", "first_name": "Jo"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop de demandes ont été faites depuis cette borne" in html
    assert 'value="Jo"' in html and 'value="tablet" checked' in html
    assert not HelpRequest.objects.exists()
    # Another address (another venue's box) is not affected; the next hour neither.
    assert second.post(url, {"topic": Topic.EMAIL}, REMOTE_ADDR=address(7)).status_code == 302
    with next_hour():
        third, _ = enabled_device_client(venue)
        assert third.post(url, {"topic": Topic.EMAIL}).status_code == 302


def test_reading_the_kiosk_is_not_an_attempt(venue, monkeypatch):
    monkeypatch.setattr(screens, "KIOSK_ATTEMPTS_PER_ADDRESS_PER_HOUR", 2)
    client, _ = enabled_device_client(venue)
    url = reverse("helpdesk:kiosk", args=[venue.slug])
    for _ in range(4):
        assert client.get(url).status_code == 200
    assert client.post(url, {"topic": Topic.EMAIL}).status_code == 302
