"""Property-based tests (Hypothesis): whatever a visitor sends, no page answers 500,
and the importers only ever raise their documented error.

Each example runs in its own savepoint, rolled back afterwards, with the cache
(rate limits) cleared: examples do not see each other's bookings or attempts.

Runtime is kept modest for CI (the whole folder in well under a minute); set
COMPTOIR_PROPERTY_SCALE=10 for a deeper local run. On CI (CI=true) the
examples are derandomised, so a run is repeatable.
"""

import os
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings

from comptoir.appointments.actions import book_appointment
from comptoir.appointments.links import manage_url
from comptoir.appointments.models import BookingSource
from comptoir.helpdesk.models import DeviceKind
from comptoir.venues.roles import Role
from comptoir.workshops import actions as workshop_actions
from comptoir.workshops.links import manage_url as registration_url
from tests.appointments.factories_public import at, make_desk
from tests.factories import MembershipFactory, UserFactory, VenueFactory
from tests.helpdesk.factories import enabled_device_client
from tests.workshops.public_helpers import make_session

SCALE = float(os.environ.get("COMPTOIR_PROPERTY_SCALE", "1"))

settings.register_profile(
    "comptoir",
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    derandomize=bool(os.environ.get("CI")),
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("comptoir")


def examples(n: int) -> settings:
    """@examples(40): this many examples (times COMPTOIR_PROPERTY_SCALE)."""
    return settings(max_examples=max(1, int(n * SCALE)))


@contextmanager
def one_example():
    """Fresh rate limits; everything the example writes is rolled back after it."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_not_a_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


class World:
    """A venue with something behind every public form."""

    def __init__(self) -> None:
        self.venue = VenueFactory(name="Café du Port", slug="cafe-du-port", phone="+33478000000")
        self.desk = make_desk(self.venue)
        self.session = make_session(self.venue, days=7, capacity=3)
        self.appointment = book_appointment(
            appointment_type=self.desk.kind,
            starts_at=at(4, 11),
            first_name="Josiane",
            phone="+33612345678",
            source=BookingSource.ONLINE,
        )
        self.manage_url = manage_url(self.appointment)
        self.registration = workshop_actions.register(
            session=self.session, first_name="Marcel", email="marcel@example.org"
        )
        self.registration_url = registration_url(self.registration)
        coordinator = UserFactory(username="coordinator-property")
        MembershipFactory(user=coordinator, venue=self.venue, role=Role.COORDINATOR)
        self.coordinator = coordinator
        self.kiosk, _device = enabled_device_client(self.venue, DeviceKind.KIOSK, actor=coordinator)
        self.board, _device = enabled_device_client(self.venue, DeviceKind.BOARD, actor=coordinator)
        self.visitor = Client()


@pytest.fixture
def world(db) -> World:
    cache.clear()
    return World()
