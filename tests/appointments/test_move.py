"""Moving an appointment: pick a new free slot with the same mediator."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comptoir.appointments import actions
from comptoir.appointments.models import AppointmentTransition
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
    slot_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille(venue):
    user = mediator_at(venue, "camille", first_name="Camille")
    every_day(venue, user)
    return user


@pytest.fixture
def day():
    return next_weekday(4, min_days=2)


@pytest.fixture
def appointment(venue, camille, day):
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=45, mediators=[camille])
    return make_appointment(reason, camille, local(day, 10), email="j@example.org")


@pytest.fixture
def url(appointment):
    return reverse("appointments:move", args=[appointment.venue.slug, appointment.pk])


def test_the_page_offers_the_free_slots_of_the_appointments_day(mediator_client, url, day):
    page = mediator_client.get(url).content.decode()
    assert "Déplacer le rendez-vous de Josiane" in page
    assert f'value="{slot_value(local(day, 9))}"' in page
    assert f'value="{slot_value(local(day, 10))}"' not in page  # its own time


def test_another_day_with_htmx_returns_the_fragment(mediator_client, url, day):
    other = day + datetime.timedelta(days=1)
    response = mediator_client.get(url, {"date": other.isoformat()}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert f'<input type="hidden" name="date" value="{other.isoformat()}">' in page


def test_moving_changes_the_time_and_logs_it(mediator_client, url, appointment, day):
    response = mediator_client.post(
        url, {"date": day.isoformat(), "slot": slot_value(local(day, 15))}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == local(day, 15)
    assert appointment.version == 2
    [message] = get_messages(response.wsgi_request)
    assert str(message).startswith("Rendez-vous déplacé au ")
    assert AppointmentTransition.objects.filter(appointment=appointment).count() == 2
    page = mediator_client.get(response["Location"]).content.decode()
    assert "Déplacé (était prévu le " in page


def test_a_slot_taken_meanwhile_is_reported(mediator_client, url, appointment, camille, day):
    make_appointment(appointment.type, camille, local(day, 15))
    response = mediator_client.post(
        url, {"date": day.isoformat(), "slot": slot_value(local(day, 15))}
    )
    assert response.status_code == 200
    assert "Ce créneau vient d’être pris" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.starts_at == local(day, 10)


def test_no_slot_chosen_is_explained(mediator_client, url, day):
    response = mediator_client.post(url, {"date": day.isoformat(), "slot": ""})
    assert "Choisissez un créneau parmi ceux qui sont libres." in response.content.decode()


def test_a_cancelled_appointment_cannot_be_moved(mediator_client, url, appointment):
    actions.cancel_appointment(appointment=appointment)
    response = mediator_client.get(url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ce rendez-vous ne peut plus être déplacé."
    ]
