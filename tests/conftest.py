"""Shared fixtures: personas per role, another venue's intruder, query budgets."""

import pytest
from django.conf import settings
from django.test import Client

from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory, VenueFactory

PASSWORD = "test-password-1234"

# shared_database: one database for several threads, on SQLite too.
pytest_plugins = ["tests.threads"]


def pytest_configure(config) -> None:
    # Tests serve static files straight from the source folders (no collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    # Hashing cost is not what these tests check (Argon2 has its own test).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # An undefined variable in a template is a bug: make it visible.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")


class InvalidTemplateVariable(str):
    """Fails the test when a template uses an undefined variable."""

    def __mod__(self, other):
        raise AssertionError(f"Undefined template variable: {other!r}")


@pytest.fixture
def venue(db):
    return VenueFactory(name="Café du Port", slug="cafe-du-port")


@pytest.fixture
def other_venue(db):
    return VenueFactory(name="Ailleurs", slug="ailleurs")


def _member(venue, role):
    user = UserFactory(username=f"{role}-{venue.slug}")
    MembershipFactory(user=user, venue=venue, role=role)
    return user


@pytest.fixture
def coordinator(venue):
    return _member(venue, Role.COORDINATOR)


@pytest.fixture
def mediator(venue):
    return _member(venue, Role.MEDIATOR)


@pytest.fixture
def facilitator(venue):
    return _member(venue, Role.FACILITATOR)


@pytest.fixture
def viewer(venue):
    """A funder or network partner: aggregated reports only."""
    return _member(venue, Role.VIEWER)


@pytest.fixture
def intruder(other_venue):
    """A coordinator of another venue: must never see this venue's data."""
    return _member(other_venue, Role.COORDINATOR)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return client_for(coordinator)


@pytest.fixture
def mediator_client(mediator):
    return client_for(mediator)


@pytest.fixture
def intruder_client(intruder):
    return client_for(intruder)
