"""The agenda: a day or a week, the whole venue or one mediator, with a
constant number of queries however many appointments there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments import actions
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
)
from tests.queries import query_budget

pytestmark = pytest.mark.django_db

BUDGET = 9
DAY = datetime.date(2031, 6, 11)  # a Wednesday


@pytest.fixture
def team(venue):
    camille = mediator_at(venue, "camille", first_name="Camille", last_name="Roux")
    dominique = mediator_at(venue, "dominique", first_name="Dominique", last_name="Lo")
    for user in (camille, dominique):
        every_day(venue, user)
    reason = AppointmentTypeFactory(
        venue=venue, name="Démarches", duration_minutes=45, mediators=[camille, dominique]
    )
    return reason, camille, dominique


@pytest.fixture
def url(venue):
    return reverse("appointments:agenda", args=[venue.slug])


def test_the_day_view_lists_the_days_appointments_in_order(mediator_client, url, team):
    reason, camille, dominique = team
    make_appointment(reason, dominique, local(DAY, 14), first_name="Paulette")
    make_appointment(reason, camille, local(DAY, 9), first_name="Josiane")
    make_appointment(
        reason, camille, local(DAY + datetime.timedelta(days=1), 9), first_name="Demain"
    )
    page = mediator_client.get(url, {"date": DAY.isoformat()}).content.decode()
    assert "Mercredi 11 juin 2031" in page
    assert page.index("Josiane") < page.index("Paulette")
    assert "Demain" not in page
    assert "09:00–09:45" in page
    assert "Prévu" in page
    assert "avec Camille Roux" in page


def test_one_mediators_day(mediator_client, url, team):
    reason, camille, dominique = team
    make_appointment(reason, dominique, local(DAY, 14), first_name="Paulette")
    make_appointment(reason, camille, local(DAY, 9), first_name="Josiane")
    page = mediator_client.get(
        url, {"date": DAY.isoformat(), "mediator": camille.pk}
    ).content.decode()
    assert "Josiane" in page and "Paulette" not in page
    assert "Camille Roux</h1>" in page or "— Camille Roux" in page


def test_the_week_view_shows_monday_to_sunday(mediator_client, url, team):
    reason, camille, _dominique = team
    monday = DAY - datetime.timedelta(days=2)
    make_appointment(reason, camille, local(monday, 9), first_name="Lundi")
    make_appointment(
        reason, camille, local(monday + datetime.timedelta(days=6), 9), first_name="Dimanche"
    )
    make_appointment(
        reason, camille, local(monday + datetime.timedelta(days=7), 9), first_name="Après"
    )
    page = mediator_client.get(url, {"view": "week", "date": DAY.isoformat()}).content.decode()
    assert "Semaine du 9 juin au 15 juin 2031" in page
    assert "Lundi" in page and "Dimanche" in page and "Après" not in page
    assert page.count('class="agenda-day') == 7


def test_previous_and_next_keep_the_view_and_the_mediator(mediator_client, url, team):
    _reason, camille, _dominique = team
    page = mediator_client.get(
        url, {"view": "week", "date": DAY.isoformat(), "mediator": camille.pk}
    ).content.decode()
    assert f"?view=week&amp;date=2031-06-04&amp;mediator={camille.pk}" in page
    assert f"?view=week&amp;date=2031-06-18&amp;mediator={camille.pk}" in page
    page = mediator_client.get(url, {"date": DAY.isoformat()}).content.decode()
    assert "?view=day&amp;date=2031-06-10" in page
    assert "?view=day&amp;date=2031-06-12" in page


def test_a_cancelled_appointment_shows_as_cancelled(mediator_client, url, team):
    reason, camille, _dominique = team
    appointment = make_appointment(reason, camille, local(DAY, 9), first_name="Josiane")
    actions.cancel_appointment(appointment=appointment)
    page = mediator_client.get(url, {"date": DAY.isoformat()}).content.decode()
    assert "appt-cancelled" in page and "Annulé" in page


def test_todays_free_time_is_shown_per_mediator(mediator_client, url, team):
    reason, camille, _dominique = team
    day = timezone.localdate() + datetime.timedelta(days=1)
    make_appointment(reason, camille, local(day, 10))
    page = mediator_client.get(url, {"date": day.isoformat()}).content.decode()
    assert "Temps libre ce jour-là" in page
    assert "08:00–10:00, 10:45–20:00" in page


def test_a_wrong_date_falls_back_to_today(mediator_client, url, team):
    response = mediator_client.get(url, {"date": "n'importe quoi", "mediator": "x"})
    assert response.status_code == 200


def test_appointments_of_another_venue_never_show(mediator_client, url, other_venue):
    stranger = mediator_at(other_venue, "stranger")
    reason = AppointmentTypeFactory(venue=other_venue, mediators=[stranger])
    make_appointment(reason, stranger, local(DAY, 9), first_name="Inconnue")
    assert "Inconnue" not in mediator_client.get(url, {"date": DAY.isoformat()}).content.decode()


def fill(reason, mediators, numbers: range, day: datetime.date) -> None:
    """Appointments number n: mediator n % 10, one after the other from 8:00."""
    for n in numbers:
        mediator = mediators[n % len(mediators)]
        start = local(day, 8) + datetime.timedelta(minutes=45 * (n // len(mediators)))
        make_appointment(reason, mediator, start, first_name=f"Personne {n}")


@pytest.mark.parametrize("view", ["day", "week"])
def test_the_agenda_costs_the_same_queries_for_5_or_100_appointments(
    mediator_client, url, venue, team, view
):
    reason, camille, dominique = team
    mediators = [camille, dominique] + [mediator_at(venue, f"m{i}") for i in range(8)]
    reason.mediators.set(mediators)
    day = timezone.localdate() + datetime.timedelta(days=1)  # free time is computed too
    params = {"view": view, "date": day.isoformat()}

    fill(reason, mediators, range(5), day)
    with CaptureQueriesContext(connection) as few:
        assert mediator_client.get(url, params).content.decode().count('class="appt ') == 5
    fill(reason, mediators, range(5, 100), day)
    with query_budget(BUDGET), CaptureQueriesContext(connection) as many:
        assert mediator_client.get(url, params).content.decode().count('class="appt ') == 100
    assert len(few.captured_queries) == len(many.captured_queries)
