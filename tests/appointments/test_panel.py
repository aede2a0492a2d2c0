"""The venue home page shows today's appointments to those who may see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.appointments.factories import AppointmentTypeFactory, make_appointment, mediator_at
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_todays_appointments_are_on_the_venue_home_page(venue, mediator, mediator_client):
    reason = AppointmentTypeFactory(venue=venue, name="Smartphone", mediators=[mediator])
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    make_appointment(reason, mediator, midnight + datetime.timedelta(hours=23), first_name="Tard")
    make_appointment(
        reason, mediator, midnight + datetime.timedelta(days=1, hours=9), first_name="Demain"
    )
    page = mediator_client.get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Rendez-vous du jour" in page
    assert "23:00 — Tard" in page
    assert "Demain" not in page
    assert "Dont 1 prévu avec vous." in page
    assert reverse("appointments:staff_book", args=[venue.slug]) in page


def test_an_empty_day_says_so(venue, mediator_client):
    page = mediator_client.get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Aucun rendez-vous aujourd’hui." in page


def test_a_volunteer_does_not_see_the_panel(venue):
    volunteer = mediator_at(venue, "volunteer", role="volunteer")
    page = client_for(volunteer).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Rendez-vous du jour" not in page


@pytest.mark.django_db
def test_the_venue_public_page_offers_online_booking_only_when_something_is_bookable(client):
    from django.urls import reverse

    from tests.appointments.factories import AppointmentTypeFactory

    kind = AppointmentTypeFactory(bookable_online=False)
    url = reverse("venues:public", args=[kind.venue.slug])
    booking = reverse("appointments:public_start", args=[kind.venue.slug])
    assert booking not in client.get(url).content.decode()
    kind.bookable_online = True
    kind.save()
    assert booking in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_person_page_shows_upcoming_appointments_and_missed_ones(
    venue, mediator, mediator_client
):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from tests.appointments.factories import AppointmentTypeFactory, local, make_appointment
    from tests.factories import PersonFactory

    person = PersonFactory(venue=venue, first_name="Odette")
    reason = AppointmentTypeFactory(venue=venue, name="Démarches en ligne", mediators=[mediator])
    soon = timezone.localdate() + datetime.timedelta(days=3)
    make_appointment(reason, mediator, local(soon, 10), person=person, first_name="Odette")
    for days in (10, 20):
        past = timezone.localdate() - datetime.timedelta(days=days)
        make_appointment(reason, mediator, local(past, 10), person=person, status="no_show")
    page = mediator_client.get(reverse("people:detail", args=[venue.slug, person.pk]))
    html = page.content.decode()
    assert "Démarches en ligne" in html
    assert "2 rendez-vous manqués sans prévenir" in html
    assert f"?person={person.pk}" in html  # book another one for this person
