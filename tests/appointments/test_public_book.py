"""A visitor says who is coming and books; every refusal is explained in plain
French, keeps what was typed and offers other times."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments.models import Appointment, BookingSource, SlotHold
from comptoir.appointments.public_forms import BOOKING_ATTEMPTS_PER_HOUR, format_start
from comptoir.people.forms import CONSENT_WORDING
from comptoir.people.models import Person
from comptoir.venues.models import Closure
from tests.appointments.factories_public import at, make_desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(venue):
    return make_desk(venue, name="Mon smartphone", policy={"max_bookings_per_contact_per_day": 2})


def visitor(**changes) -> dict:
    data = {
        "first_name": "Josiane",
        "phone": "06 12 34 56 78",
        "email": "",
        "consent_to_reminders": "on",
        "topic": "Envoyer des photos à mon petit-fils",
    }
    data.update(changes)
    return data


def assert_typed_data_kept(html: str, data: dict) -> None:
    for name in ("first_name", "phone", "email"):
        if data.get(name):
            assert f'value="{data[name]}"' in html, f"{name} not kept"
    if data.get("topic"):
        assert data["topic"] in html


# --- The form -------------------------------------------------------------------------------------


def test_the_form_recalls_the_chosen_slot_and_asks_little(client, desk):
    response = client.get(desk.book_url(at(3, 10)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon smartphone" in html
    assert timezone.localtime(at(3, 10)).strftime("%d") in html
    assert "à 10:00" in html
    assert str(CONSENT_WORDING) in html
    assert 'autocomplete="given-name"' in html and 'type="tel"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_booking_creates_the_appointment_and_leads_to_its_page(client, desk):
    response = client.post(desk.book_url(at(3, 10)), visitor())
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("appointments:manage", args=["x"])[:-2])
    assert response["Location"].endswith("?fait=reserve")
    assert appointment.starts_at == at(3, 10)
    assert appointment.ends_at == at(3, 10, 45)
    assert appointment.source == BookingSource.ONLINE
    assert appointment.first_name == "Josiane"
    assert appointment.phone == "+33612345678"
    assert appointment.consent_to_reminders
    assert appointment.topic == "Envoyer des photos à mon petit-fils"
    assert appointment.mediator == desk.mediator
    assert SlotHold.objects.filter(appointment=appointment).count() == 3
    person = Person.objects.get()
    assert person.venue == desk.venue and person.consent_to_contact

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "C’est réservé !" in html
    assert "par SMS au 06 12 34 56 78" in html
    assert "rappel la veille et deux heures avant" in html
    assert reverse("appointments:manage_ics", args=[response["Location"].split("/")[3]]) in html


def test_an_email_alone_is_enough(client, desk):
    data = visitor(phone="", email="josiane@example.org", consent_to_reminders="")
    response = client.post(desk.book_url(at(3, 10)), data)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.email == "josiane@example.org" and appointment.phone == ""
    assert not appointment.consent_to_reminders


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"first_name": "  "}, "Indiquez votre prénom ou un surnom."),
        ({"phone": "", "email": ""}, "Donnez un numéro de portable ou une adresse e-mail"),
        ({"phone": "04 78 00 00 00"}, "Ce numéro n’est pas un portable français (06 ou 07…)."),
        ({"phone": "06 12 34"}, "Ce numéro n’est pas un portable français (06 ou 07…)."),
        ({"phone": "+44 7700 900123"}, "Ce numéro n’est pas un portable français (06 ou 07…)."),
        ({"email": "josiane@"}, "Cette adresse e-mail n’est pas complète"),
    ],
)
def test_bad_input_is_explained_and_typed_data_kept(client, desk, changes, message):
    data = visitor(**changes)
    response = client.post(desk.book_url(at(3, 10)), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Le formulaire n’a pas été enregistré" in html
    assert_typed_data_kept(html, data)
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    "number", ["0781234567", "+33 6 12 34 56 78", "0033781234567", "06.12.34.56.78"]
)
def test_french_mobiles_are_accepted_in_any_usual_writing(client, desk, number):
    assert client.post(desk.book_url(at(3, 10)), visitor(phone=number)).status_code == 302


def test_a_phone_appointment_needs_a_phone_number(client, venue):
    desk = make_desk(venue, by_phone=True)
    data = visitor(phone="", email="josiane@example.org")
    html = client.post(desk.book_url(at(3, 10)), data).content.decode()
    assert "Pour un rendez-vous par téléphone, donnez le numéro de portable" in html
    assert not Appointment.objects.exists()
    client.post(desk.book_url(at(3, 10)), visitor())
    assert Appointment.objects.get().phone == "+33612345678"


# --- Slots that cannot be booked ------------------------------------------------------------------


def _refused(client, desk, starts_at, message):
    data = visitor()
    response = client.post(desk.book_url(starts_at), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Le rendez-vous n’est pas encore réservé" in html
    assert_typed_data_kept(html, data)
    assert not Appointment.objects.filter(starts_at=starts_at, first_name="Josiane").exists()
    return response


def test_a_slot_in_the_past_is_refused(client, desk):
    _refused(client, desk, at(-1, 10), "Cette heure est déjà passée.")


def test_a_slot_too_soon_is_refused(client, desk):
    soon = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=60)
    soon -= datetime.timedelta(minutes=soon.minute % 15)
    _refused(client, desk, soon, "il faut réserver au moins 2 heures à l’avance")


def test_a_slot_beyond_the_horizon_is_refused(client, desk):
    _refused(client, desk, at(60, 10), "on peut réserver jusqu’à 42 jours à l’avance")


def test_a_slot_on_a_closure_day_is_refused(client, desk):
    day = timezone.localdate() + datetime.timedelta(days=3)
    Closure.objects.create(venue=desk.venue, start_date=day, end_date=day)
    _refused(client, desk, at(3, 10), "Le lieu est fermé ce jour-là.")


def test_a_slot_outside_the_mediators_hours_is_refused(client, desk):
    _refused(client, desk, at(3, 20), "Ce créneau vient d’être pris ou n’est plus libre.")


def test_a_slot_taken_meanwhile_is_refused_and_other_times_are_offered(client, desk):
    client.post(desk.book_url(at(3, 10)), visitor(first_name="Paul", phone="0611111111"))
    response = _refused(client, desk, at(3, 10), "Ce créneau vient d’être pris")
    alternatives = response.context["alternatives"]
    assert 1 <= len(alternatives) <= 6
    assert format_start(at(3, 10)) not in [a["value"] for a in alternatives]
    assert 'type="radio" name="start"' in response.content.decode()

    # Choosing one of them books it with what was typed, nothing retyped.
    other = alternatives[0]["value"]
    response = client.post(desk.book_url(at(3, 10)), {**visitor(), "start": other})
    assert response.status_code == 302
    assert format_start(Appointment.objects.get(first_name="Josiane").starts_at) == other


def test_a_slot_already_gone_is_said_before_typing_anything(client, desk):
    client.post(desk.book_url(at(3, 10)), visitor(first_name="Paul", phone="0611111111"))
    html = client.get(desk.book_url(at(3, 10))).content.decode()
    assert "Ce créneau vient d’être pris" in html
    assert "Choisissez une autre heure" in html


def test_when_nothing_else_is_free_the_visitor_is_sent_back_to_the_days(client, desk):
    desk.kind.mediators.clear()
    response = client.get(desk.book_url(at(3, 10)))
    html = response.content.decode()
    assert "Revenir aux jours et aux heures" in html
    assert '<form method="post"' not in html.split("<footer")[0]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "demain",
        "2026-13-45T10:00:00Z",
        "2030-01-01T10:00:00",
        "2030-01-01T10:07:00Z",
        "9999-12-31T23:45:00Z",
    ],
)
def test_an_unreadable_or_edited_start_gives_a_plain_page(client, desk, raw):
    response = client.get(desk.book_url(raw=raw))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce lien vers un créneau ne fonctionne pas" in html
    assert desk.slots_url in html
    assert client.post(desk.book_url(raw=raw), visitor()).status_code == 400


def test_a_reason_not_bookable_online_cannot_be_booked(client, venue):
    desk = make_desk(venue, staff_only=True)
    assert client.post(desk.book_url(at(3, 10)), visitor()).status_code == 404
    assert not Appointment.objects.exists()


# --- Limits ---------------------------------------------------------------------------------------


def test_too_many_bookings_from_one_phone_in_a_day_are_refused(client, desk):
    for hour in (10, 11):
        assert client.post(desk.book_url(at(3, hour)), visitor()).status_code == 302
    data = visitor(phone="06.12.34.56.78", first_name="Jo")
    response = client.post(desk.book_url(at(3, 14)), data)
    html = response.content.decode()
    assert "Vous avez déjà réservé 2 rendez-vous aujourd’hui avec ces coordonnées." in html
    assert_typed_data_kept(html, data)
    assert Appointment.objects.count() == 2
    assert not response.context["alternatives"]  # the slot is free: the limit is the reason


def test_too_many_bookings_from_one_email_in_a_day_are_refused(client, desk):
    for hour in (10, 11):
        client.post(desk.book_url(at(3, hour)), visitor(phone="", email="jo@example.org"))
    response = client.post(
        desk.book_url(at(4, 10)), visitor(phone="0699999999", email="JO@example.org")
    )
    assert "Vous avez déjà réservé 2 rendez-vous aujourd’hui" in response.content.decode()
    assert Appointment.objects.count() == 2


def test_booking_attempts_are_limited_per_address(client, desk):
    for _ in range(BOOKING_ATTEMPTS_PER_HOUR):
        response = client.post(desk.book_url(at(3, 10)), visitor(first_name=""))
        assert response.status_code == 200
    data = visitor()
    response = client.post(desk.book_url(at(3, 10)), data)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop d’essais en peu de temps" in html
    assert_typed_data_kept(html, data)
    assert not Appointment.objects.exists()
    # Another address is not affected.
    other = client.post(desk.book_url(at(3, 10)), data, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_behind_the_https_proxy_the_forwarded_address_is_counted(client, desk, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(BOOKING_ATTEMPTS_PER_HOUR):
        client.post(desk.book_url(), visitor(first_name=""), HTTP_X_FORWARDED_FOR="198.51.100.1")
    limited = client.post(desk.book_url(), visitor(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert limited.status_code == 429
    other = client.post(desk.book_url(), visitor(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302


def test_reading_the_form_is_not_an_attempt(client, desk):
    for _ in range(BOOKING_ATTEMPTS_PER_HOUR + 2):
        client.get(desk.book_url())
    assert client.post(desk.book_url(), visitor()).status_code == 302
