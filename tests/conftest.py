"""Shared fixtures: personas per role, another venue's intruder, query budgets."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from xdist.scheduler import LoadGroupScheduling

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
    # `--reuse-db` (make test-quick): SQLite's test database is in memory, so nothing
    # would be kept; put it in a file of var/ instead, one per xdist worker
    # (pytest-django adds the _gw0 suffix). Without the option, it stays in memory.
    database = settings.DATABASES["default"]
    if config.getoption("reuse_db") and database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test-comptoir.sqlite3")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        # A test outside a transaction empties every table when it ends, the rows the
        # migrations load too (the Pix framework…): make test-quick, which keeps its
        # database between runs, leaves these tests out so the next run still has them.
        marker = item.get_closest_marker("django_db")
        transaction = marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
        if transaction or "transactional_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.transactional)


class BrowserGroupScheduling(LoadGroupScheduling):
    """`--dist loadgroup` (make test): the browser tests are one unit of work, sent to one
    worker first (xdist sends the biggest units first), so one Chromium and one live
    server run at a time while the other workers share the rest of the suite test by
    test. The group is named from the path because pytest-xdist 3.8 no longer sees
    `xdist_group` marks under pytest 9.2 (pytest-dev/pytest-xdist#1386)."""

    browser_prefix = "tests/browser/"

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith(self.browser_prefix):
            return "browser"
        return super()._split_scope(nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    scheduler = BrowserGroupScheduling(config, log)
    browser = Path(__file__).parent / "browser"
    scheduler.browser_prefix = browser.relative_to(config.rootpath).as_posix() + "/"
    return scheduler


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
