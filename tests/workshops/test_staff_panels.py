"""Staff: what workshops show on the venue home and on a person's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.venues.roles import Role
from comptoir.workshops.models import RegistrationStatus, SessionStatus
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.workshops.staff_helpers import seat, started_session

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def test_the_home_shows_this_weeks_sessions_with_their_seats(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue, title="Atelier courriel")
    soon = SessionFactory(
        workshop=workshop,
        capacity=4,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=1),
    )
    seat(soon, first_name="Aline")
    SessionFactory(
        workshop=WorkshopFactory(venue=venue, title="Atelier lointain"),
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=1),
    )
    started_session(workshop)
    page = mediator_client.get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Ateliers de la semaine" in page
    assert "Atelier courriel" in page
    assert "1 place prise sur 4" in page
    assert "Atelier lointain" not in page
    assert "1 séance passée à clore" in page


def test_the_home_panel_is_for_roles_that_see_workshops(venue):
    volunteer = UserFactory(username="benevole-ateliers")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    page = client_for(volunteer).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Ateliers de la semaine" not in page


def test_the_person_page_shows_their_registrations_and_attendance(mediator_client, venue):
    person = PersonFactory(venue=venue, first_name="Marcel")
    workshop = WorkshopFactory(venue=venue, title="Atelier tablette")
    upcoming = SessionFactory(workshop=workshop)
    seat(upcoming, first_name="Marcel", person=person, status=R.WAITLISTED)
    for status in (R.ATTENDED, R.ATTENDED, R.NO_SHOW):
        past = started_session(workshop, minutes_ago=60 * 24 * 5, status=SessionStatus.CLOSED)
        seat(past, first_name="Marcel", person=person, status=status)
    seat(SessionFactory(workshop=workshop), first_name="Autre")
    response = mediator_client.get(reverse("people:detail", args=[venue.slug, person.pk]))
    page = response.content.decode()
    assert reverse("workshops:session", args=[venue.slug, upcoming.pk]) in page
    assert "liste d’attente" in page
    assert "Venu·e à 2 séances" in page
    assert "1 séance manquée sans prévenir" in page
