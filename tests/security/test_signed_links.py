"""Signed links a visitor receives (appointment, workshop registration, badges) and the
check-in code: they expire, cannot be forged, cannot open another object, and a code
of one venue does nothing under another venue's address. A bad link is a plain page,
never an error 500."""

import contextlib
import datetime
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments import links as appointment_links
from comptoir.appointments.actions import book_appointment
from comptoir.appointments.models import BookingSource
from comptoir.skills import links as badge_links
from comptoir.workshops import links as workshop_links
from comptoir.workshops.models import Registration, RegistrationStatus
from tests.appointments.factories_public import at, make_desk
from tests.factories import PersonFactory
from tests.skills.matrix import build_world as build_badge_world
from tests.workshops.public_helpers import make_session, register

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def later(**delta):
    """Django's clock (timezone.now) and the signer's clock (time.time), moved forward."""
    moment = timezone.now() + datetime.timedelta(**delta)
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("django.core.signing.time.time", return_value=moment.timestamp()),
    ):
        yield


def tamper(token: str) -> list[str]:
    """Ways a token gets broken: cut by a phone, one character changed, signature removed."""
    changed = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    return [token[:-5], changed, token.rsplit(":", 1)[0], token + "x", "nimportequoi"]


def swap_payload(token: str, salt: str, payload: dict) -> str:
    """The signature of `token` glued onto another payload, as someone editing the link would."""
    forged = signing.dumps(payload, salt=salt, compress=True)
    return forged.split(":", 1)[0] + ":" + token.split(":", 1)[1]


# --- Appointments: /rdv/gerer/<token>/ ------------------------------------------------------------


@pytest.fixture
def appointments(venue):
    desk = make_desk(venue)
    book = {"appointment_type": desk.kind, "source": BookingSource.ONLINE}
    first = book_appointment(
        starts_at=at(3, 10), first_name="Josiane", phone="+33612345678", **book
    )
    second = book_appointment(
        starts_at=at(3, 11), first_name="Bertrand", phone="+33699999999", **book
    )
    return first, second


APPOINTMENT_PAGES = ["manage", "manage_ics", "manage_move", "manage_cancel"]
# Pages that take a form (the others answer 405 to a POST, whatever the token).
POSTED = {"manage_move", "manage_cancel", "registration_public_cancel"}


@pytest.mark.parametrize("page", APPOINTMENT_PAGES)
def test_an_appointment_link_expires_a_day_after_the_appointment(client, appointments, page):
    first, _ = appointments
    url = reverse(f"appointments:{page}", args=[appointment_links.make_token(first)])
    assert client.get(url).status_code in (200, 302)
    with later(days=5):
        response = client.get(url, {"fait": "reserve"})
    assert response.status_code == 410
    assert "Josiane" not in response.content.decode()


@pytest.mark.parametrize("page", APPOINTMENT_PAGES)
def test_a_tampered_appointment_link_is_a_plain_404(client, appointments, page):
    first, _ = appointments
    for token in tamper(appointment_links.make_token(first)):
        for method in ("get", "post") if page in POSTED else ("get",):
            url = reverse(f"appointments:{page}", args=[token])
            response = client.get(url, {"fait": "reserve"}) if method == "get" else client.post(url)
            assert response.status_code == 404, (token, method)
            assert "Josiane" not in response.content.decode()


def test_an_appointment_link_cannot_be_edited_to_open_another(client, appointments):
    first, second = appointments
    token = appointment_links.make_token(first)
    forged = swap_payload(token, appointment_links.SALT, {"a": second.pk, "v": second.version})
    response = client.get(reverse("appointments:manage", args=[forged]), {"fait": "reserve"})
    assert response.status_code == 404
    assert "Bertrand" not in response.content.decode()
    # Cancelling through it changes nothing either.
    client.post(reverse("appointments:manage_cancel", args=[forged]))
    second.refresh_from_db()
    assert second.status == "booked"


def test_each_appointment_link_opens_its_own_appointment_only(client, appointments):
    first, _second = appointments
    page = client.get(appointment_links.manage_url(first), {"fait": "reserve"}).content.decode()
    assert "Josiane" in page and "Bertrand" not in page


def test_a_link_signed_for_another_kind_of_object_opens_no_appointment(client, appointments):
    first, _ = appointments
    for salt in (workshop_links.SALT, workshop_links.CHECKIN_SALT, badge_links.SALT):
        token = signing.dumps({"a": first.pk, "v": first.version}, salt=salt, compress=True)
        assert client.get(reverse("appointments:manage", args=[token])).status_code == 404


# --- Workshop registrations: /ateliers/inscription/<token>/ ---------------------------------------


@pytest.fixture
def registrations(venue):
    session = make_session(venue, days=3)
    return register(session, "Josiane", phone="+33612345678"), register(
        session, "Bertrand", phone="+33699999999"
    )


REGISTRATION_PAGES = ["registration", "registration_ics", "registration_public_cancel"]


@pytest.mark.parametrize("page", REGISTRATION_PAGES)
def test_a_registration_link_expires_a_day_after_the_session(client, registrations, page):
    first, _ = registrations
    url = reverse(f"workshops:{page}", args=[workshop_links.make_token(first)])
    assert client.get(url).status_code == 200
    with later(days=5):
        response = client.get(url, {"fait": "inscrit"})
    assert response.status_code == 410
    assert "Josiane" not in response.content.decode()


@pytest.mark.parametrize("page", REGISTRATION_PAGES)
def test_a_tampered_registration_link_is_a_plain_404(client, registrations, page):
    first, _ = registrations
    for token in tamper(workshop_links.make_token(first)):
        for method in ("get", "post") if page in POSTED else ("get",):
            url = reverse(f"workshops:{page}", args=[token])
            response = client.get(url, {"fait": "inscrit"}) if method == "get" else client.post(url)
            assert response.status_code == 404, (token, method)
            assert "Josiane" not in response.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED


def test_a_registration_link_cannot_be_edited_to_open_another(client, registrations):
    first, second = registrations
    forged = swap_payload(workshop_links.make_token(first), workshop_links.SALT, {"r": second.pk})
    assert client.get(reverse("workshops:registration", args=[forged])).status_code == 404
    client.post(reverse("workshops:registration_public_cancel", args=[forged]))
    assert Registration.objects.get(pk=second.pk).status == RegistrationStatus.CONFIRMED


def test_a_link_signed_for_another_kind_of_object_opens_no_registration(client, registrations):
    first, _ = registrations
    for salt, payload in (
        (appointment_links.SALT, {"r": first.pk}),
        (workshop_links.CHECKIN_SALT, {"r": first.pk}),
        (workshop_links.CHECKIN_SALT, {"c": first.pk}),
    ):
        token = signing.dumps(payload, salt=salt, compress=True)
        assert client.get(reverse("workshops:registration", args=[token])).status_code == 404
    # And the check-in code (shown as a QR code) is not a registration link.
    code = workshop_links.make_checkin_code(first)
    assert client.get(reverse("workshops:registration", args=[code])).status_code == 404


# --- The check-in code: /equipe/<venue>/ateliers/pointage/<code>/ ---------------------------------


def test_a_check_in_code_of_one_venue_does_nothing_under_another(
    registrations, intruder_client, other_venue, coordinator_client, venue
):
    first, _ = registrations
    code = workshop_links.make_checkin_code(first)
    foreign = reverse("workshops:checkin", args=[other_venue.slug, code])
    for method in ("get", "post"):
        response = getattr(intruder_client, method)(foreign)
        assert response.status_code == 404
        assert "Josiane" not in response.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    # A tampered code is a plain 404 for the venue's own team.
    for broken in tamper(code):
        url = reverse("workshops:checkin", args=[venue.slug, broken])
        assert coordinator_client.post(url).status_code == 404


# --- Badges: /badges/mes-badges/<token>/… ---------------------------------------------------------


@pytest.fixture
def badges(venue):
    world = build_badge_world(venue)
    return world["credential"], world["credential"].person, PersonFactory(venue=venue)


def test_a_badge_link_expires_after_a_year(client, badges):
    _credential, person, _other = badges
    url = badge_links.person_badges_url(person)
    assert client.get(url).status_code == 200
    with mock.patch(
        "django.core.signing.time.time",
        return_value=time.time() + badge_links.LINK_MAX_AGE.total_seconds() + 60,
    ):
        response = client.get(url)
    assert response.status_code == 410
    assert person.first_name not in response.content.decode()
    assert "demandez à nouveau le lien" in response.content.decode()


def test_a_tampered_badge_link_is_a_plain_404(client, badges):
    credential, person, _other = badges
    for token in tamper(badge_links.make_token(person)):
        assert client.get(reverse("skills:my_badges", args=[token])).status_code == 404
        download = reverse("skills:credential_download", args=[token, credential.public_id, "json"])
        assert client.get(download).status_code == 404


def test_a_badge_link_opens_no_other_persons_badges(client, badges):
    credential, person, other = badges
    other_token = badge_links.make_token(other)
    # Another person's valid link, with this badge's id in the address.
    download = reverse(
        "skills:credential_download", args=[other_token, credential.public_id, "json"]
    )
    assert client.get(download).status_code == 404
    page = client.get(reverse("skills:my_badges", args=[other_token])).content.decode()
    assert str(credential.public_id) not in page
    forged = swap_payload(badge_links.make_token(other), badge_links.SALT, {"p": person.pk})
    assert client.get(reverse("skills:my_badges", args=[forged])).status_code == 404
    for salt in (appointment_links.SALT, workshop_links.SALT):
        token = signing.dumps({"p": person.pk}, salt=salt)
        assert client.get(reverse("skills:my_badges", args=[token])).status_code == 404
