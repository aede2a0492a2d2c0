"""Workshops refuse an erased person (tests/people/closed.py)."""

import datetime

from django.urls import reverse

from comptoir.workshops.actions import WorkshopError, register, schedule_session
from comptoir.workshops.models import RegistrationSource
from tests.people.closed import assert_refused
from tests.workshops.public_helpers import in_days, make_session


def staff_register_them(closed):
    assert_refused(
        WorkshopError,
        register,
        session=make_session(closed.venue, title="Ma tablette"),
        first_name="Josiane",
        person=closed.person,
        actor=closed.staff,
        source=RegistrationSource.STAFF,
    )


def staff_pick_them_at_the_counter(closed):
    session = make_session(closed.venue, title="Ma tablette")
    url = reverse("workshops:session_register", args=[closed.venue.slug, session.pk])
    response = closed.client.post(f"{url}?person={closed.person.pk}", {"person": closed.person.pk})
    assert response.status_code == 200  # asked again: nobody was chosen
    assert not session.registrations.exists()


def staff_make_them_a_peer_animator(closed):
    session = closed.trace.registration.session
    starts_at = in_days(9)
    assert_refused(
        WorkshopError,
        schedule_session,
        actor=closed.staff,
        workshop=session.workshop,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=8,
        peer_animators=[closed.person],
    )


ATTEMPTS = {
    "workshops": [staff_register_them, staff_pick_them_at_the_counter],
    "workshops_animated": [staff_make_them_a_peer_animator],
}
