"""Booking for someone at the counter: reason, day, slot (HTMX picker or a plain
GET form), then who. Bad input keeps what was typed and says what to fix."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comptoir.appointments.models import Appointment, BookingPolicy, BookingSource
from comptoir.notifications.models import Message
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
    slot_value,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MOBILE_MESSAGE = (
    "Indiquez un numéro de portable (06 ou 07…) pour recevoir les rappels par SMS, ou laissez vide."
)


@pytest.fixture
def camille(venue):
    user = mediator_at(venue, "camille", first_name="Camille", last_name="Roux")
    every_day(venue, user)
    return user


@pytest.fixture
def reason(venue, camille):
    return AppointmentTypeFactory(
        venue=venue, name="Démarches en ligne", duration_minutes=45, mediators=[camille]
    )


@pytest.fixture
def day():
    return next_weekday(3, min_days=2)


@pytest.fixture
def url(venue):
    return reverse("appointments:staff_book", args=[venue.slug])


def post_data(reason, day, **changes):
    data = {
        "type": reason.pk,
        "date": day.isoformat(),
        "mediator": "",
        "slot": slot_value(local(day, 10)),
        "first_name": "Josiane",
        "phone": "06 12 34 56 78",
        "email": "",
        "topic": "Dossier de retraite",
        "person": "",
        "from_help": "",
    }
    return data | changes


def test_the_page_offers_the_active_reasons(mediator_client, url, reason, venue):
    AppointmentTypeFactory(venue=venue, name="Ancien motif", active=False)
    response = mediator_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Démarches en ligne" in page
    assert "Ancien motif" not in page
    assert "Voir les créneaux" in page
    assert "Choisissez d’abord un motif et un jour" in page


def test_without_javascript_the_get_form_shows_the_days_free_slots(
    mediator_client, url, reason, camille, day
):
    make_appointment(reason, camille, local(day, 10))
    response = mediator_client.get(url, {"type": reason.pk, "date": day.isoformat()})
    page = response.content.decode()
    assert "<html" in page
    assert 'name="slot"' in page
    assert f'value="{slot_value(local(day, 9))}"' in page
    assert f'value="{slot_value(local(day, 10))}"' not in page  # taken
    assert "(Camille Roux)" in page


def test_with_htmx_the_same_view_returns_only_the_slot_fragment(mediator_client, url, reason, day):
    response = mediator_client.get(
        url, {"type": reason.pk, "date": day.isoformat()}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'name="slot"' in page
    assert f'<input type="hidden" name="type" value="{reason.pk}">' in page


def test_a_day_without_free_slots_points_to_the_next_one(mediator_client, url, reason, venue, day):
    from comptoir.venues.models import Closure

    Closure.objects.create(venue=venue, start_date=day, end_date=day)
    response = mediator_client.get(url, {"type": reason.pk, "date": day.isoformat()})
    page = response.content.decode()
    assert "Plus aucun créneau libre" in page
    assert "prochain jour avec des créneaux" in page


def test_a_past_day_is_refused_in_plain_words(mediator_client, url, reason):
    response = mediator_client.get(url, {"type": reason.pk, "date": "2001-01-01"})
    assert "Ce jour est passé" in response.content.decode()


def test_booking_redirects_to_the_appointment_with_a_message(
    mediator_client, mediator, url, reason, day
):
    response = mediator_client.post(url, post_data(reason, day, email="josiane@example.org"))
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "appointments:detail", args=[reason.venue.slug, appointment.pk]
    )
    assert appointment.starts_at == local(day, 10)
    assert appointment.phone == "+33612345678"
    assert appointment.email == "josiane@example.org"
    assert appointment.topic == "Dossier de retraite"
    assert appointment.source == BookingSource.STAFF
    assert appointment.booked_by == mediator
    assert appointment.person is not None
    [message] = get_messages(response.wsgi_request)
    assert "Rendez-vous réservé pour Josiane" in str(message)
    assert Message.objects.filter(channel="email", to="josiane@example.org").exists()


def test_staff_book_without_the_minimum_notice(mediator_client, url, reason, venue, day):
    BookingPolicy.objects.create(venue=venue, min_notice_hours=24 * 30)
    response = mediator_client.post(url, post_data(reason, day))
    assert response.status_code == 302
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize("phone", ["04 78 00 00 00", "12345", "06 12 34"])
def test_a_landline_or_a_wrong_number_is_refused_and_the_typed_data_kept(
    mediator_client, url, reason, day, phone
):
    response = mediator_client.post(url, post_data(reason, day, phone=phone))
    assert response.status_code == 200
    page = response.content.decode()
    assert MOBILE_MESSAGE.replace("’", "&#x27;") in page or MOBILE_MESSAGE in page
    assert 'value="Josiane"' in page
    assert "Dossier de retraite" in page
    assert f'value="{slot_value(local(day, 10))}" checked' in page
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("phone", ["07 81 23 45 67", "+33 6 12 34 56 78", ""])
def test_french_mobiles_or_nothing_are_accepted(mediator_client, url, reason, day, phone):
    assert mediator_client.post(url, post_data(reason, day, phone=phone)).status_code == 302


def test_reminders_need_a_contact(mediator_client, url, reason, day):
    response = mediator_client.post(
        url, post_data(reason, day, phone="", consent_to_reminders="on")
    )
    assert "indiquez un téléphone portable ou un e-mail" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_slot_taken_meanwhile_is_reported_and_the_form_kept(
    mediator_client, url, reason, camille, day
):
    make_appointment(reason, camille, local(day, 10, 30))  # someone was quicker
    response = mediator_client.post(url, post_data(reason, day))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce créneau vient d’être pris ou n’est plus libre" in page
    assert 'value="Josiane"' in page
    assert Appointment.objects.count() == 1


def test_a_missing_slot_or_reason_is_explained(mediator_client, url, reason, day):
    page = mediator_client.post(url, post_data(reason, day, slot="", type="")).content.decode()
    assert "Choisissez un créneau parmi ceux qui sont libres." in page
    assert "Choisissez un motif." in page


def test_a_chosen_mediator_limits_the_slots_and_gets_the_booking(
    mediator_client, url, reason, venue, day
):
    dominique = mediator_at(venue, "dominique", first_name="Dominique", last_name="Lo")
    every_day(venue, dominique)
    reason.mediators.add(dominique)
    page = mediator_client.get(
        url, {"type": reason.pk, "date": day.isoformat(), "mediator": dominique.pk}
    ).content.decode()
    assert "(Camille Roux" not in page
    mediator_client.post(url, post_data(reason, day, mediator=dominique.pk))
    assert Appointment.objects.get().mediator == dominique


def test_a_known_person_prefills_the_form_and_is_linked(mediator_client, url, reason, venue, day):
    person = PersonFactory(
        venue=venue, first_name="Marcel", phone="+33781234567", email="marcel@example.org"
    )
    page = mediator_client.get(url, {"person": person.pk}).content.decode()
    assert 'value="Marcel"' in page
    assert 'value="07 81 23 45 67"' in page
    assert 'value="marcel@example.org"' in page
    assert f'<input type="hidden" name="person" value="{person.pk}"' in page
    mediator_client.post(
        url, post_data(reason, day, person=person.pk, first_name="Marcel", phone="0781234567")
    )
    assert Appointment.objects.get().person == person


def test_a_person_of_another_venue_is_not_found(mediator_client, url, other_venue):
    person = PersonFactory(venue=other_venue)
    assert mediator_client.get(url, {"person": person.pk}).status_code == 404


def test_the_cafe_numerique_escalation_is_kept_and_recorded(mediator_client, url, reason, day):
    page = mediator_client.get(
        url, {"first_name": "Lucette", "topic": "Impôts en ligne", "from_help": "42"}
    ).content.decode()
    assert "Suite au café numérique" in page
    assert 'value="Lucette"' in page
    assert "Impôts en ligne" in page
    assert '<input type="hidden" name="from_help" value="42"' in page
    # The GET form carries the escalation too, so "Voir les créneaux" keeps it.
    assert page.count('name="from_help" value="42"') == 2
    mediator_client.post(url, post_data(reason, day, from_help="42"))
    assert Appointment.objects.get().source == BookingSource.HELPDESK


def test_a_reason_of_another_venue_cannot_be_booked(mediator_client, url, other_venue, day):
    foreign = AppointmentTypeFactory(venue=other_venue)
    response = mediator_client.post(url, post_data(foreign, day))
    assert response.status_code == 200
    assert "Ce motif n’est plus proposé" in response.content.decode()
    assert not Appointment.objects.exists()


def test_an_erased_person_cannot_be_booked_again(mediator_client, url, reason, day, venue):
    from comptoir.people.privacy import erase_person

    person = PersonFactory(venue=venue, first_name="Josiane")
    erase_person(actor=None, person=person)
    assert mediator_client.get(url, {"person": person.pk}).status_code == 404
    response = mediator_client.post(url, post_data(reason, day, person=person.pk))
    assert response.status_code == 404
    assert not Appointment.objects.filter(person=person).exists()
