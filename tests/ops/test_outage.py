"""The database is unavailable: a plain 503 page, nothing half-written, and the
service comes back by itself.

The first tests simulate the failure (an error from the database driver) and
run on both databases. The PostgreSQL tests at the end make the database
unreachable for real — the connection is pointed at a port where nothing
listens, or its server process is killed — and check that the very next request
after it comes back works, without restarting anything.
"""

import datetime
import logging
import socket
from unittest import mock

import psycopg
import pytest
from django.core.cache import cache
from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments.models import Appointment, SlotHold
from comptoir.audit.models import AuditEntry
from comptoir.helpdesk import actions as helpdesk_actions
from comptoir.helpdesk.models import HelpRequest, HelpRequestTransition, Outcome, Status
from comptoir.journal.models import Activity
from comptoir.notifications.models import Message
from comptoir.ops.outage import RETRY_AFTER_SECONDS, is_database_outage, outage_page
from comptoir.people.models import Person
from tests.appointments.factories_public import at, make_desk
from tests.conftest import PASSWORD
from tests.helpdesk.factories import HelpRequestFactory

OUTAGE_TEXT = "Le service est momentanément indisponible"
DB_DOWN = OperationalError(
    "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
)


def database_down():
    """Every query fails as it does when the server is gone."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=DB_DOWN, autospec=True
    )


def quiet_client() -> Client:
    """A client that returns the response instead of re-raising the server's exception
    (what a browser gets)."""
    return Client(raise_request_exception=False)


def assert_outage_page(response, *, language: str = "fr") -> str:
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{language}">' in page
    assert page.count("<h1>") == 1
    if language == "fr":
        assert OUTAGE_TEXT in page
        assert "Vos informations n’ont pas été perdues" in page
        assert "Réessayez dans quelques minutes" in page
    return page


# --- What visitors and staff see ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_public_page_answers_503_with_a_plain_page_when_the_database_is_down(client, caplog):
    with database_down(), caplog.at_level(logging.ERROR, logger="comptoir.ops.outage"):
        response = client.get("/?x=1")
    page = assert_outage_page(response)
    assert 'href="/?x=1"' in page  # "Réessayer" reloads the same page
    assert "comptoir.css" in page
    assert "Database unavailable: answered 503 to GET /" in caplog.text


@pytest.mark.django_db
def test_a_staff_page_answers_503_even_when_the_session_cannot_be_read(mediator, venue, caplog):
    # Loading the session (who is logged in?) is the first query: it fails in a
    # middleware, before any view runs.
    client = quiet_client()
    client.force_login(mediator)
    with database_down(), caplog.at_level(logging.ERROR, logger="comptoir.ops.outage"):
        response = client.get(reverse("people:list", args=[venue.slug]))
    assert_outage_page(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert int(response["Content-Length"]) == len(response.content)
    assert "answered 503 to GET /equipe/" in caplog.text


@pytest.mark.django_db
def test_a_form_sent_while_the_database_is_down_answers_503(mediator, venue):
    client = quiet_client()
    client.force_login(mediator)
    with database_down():
        response = client.post(reverse("people:create", args=[venue.slug]), {"first_name": "Léa"})
    assert_outage_page(response)


@pytest.mark.django_db
def test_the_page_follows_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with database_down():
        response = client.get("/")
    assert_outage_page(response, language="en")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_the_503_page_is_rendered_without_touching_the_database(rf):
    # No django_db mark: any query here would raise (and the plain fallback
    # page, without the stylesheet, would be served instead).
    page = outage_page(rf.get("/equipe/cafe-du-port/personnes/"))
    assert OUTAGE_TEXT in page
    assert "comptoir.css" in page


@pytest.mark.django_db
def test_other_errors_stay_ordinary_500s(client):
    with mock.patch("comptoir.venues.views.render", side_effect=ValueError("a bug")):
        response = quiet_client().get("/")
    assert response.status_code == 500
    assert OUTAGE_TEXT not in response.content.decode()
    assert not response.has_header("Retry-After")


def test_driver_errors_and_errors_raised_from_them_count_as_an_outage():
    assert is_database_outage(OperationalError("down"))
    assert is_database_outage(psycopg.OperationalError("server closed the connection"))
    try:
        try:
            raise psycopg.OperationalError("terminating connection")
        except psycopg.OperationalError as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError as wrapped:
        assert is_database_outage(wrapped)
    assert not is_database_outage(ValueError("a bug"))
    assert not is_database_outage(None)


# --- No half-written records ----------------------------------------------------------------------


@pytest.fixture
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_booking_that_fails_midway_leaves_nothing_behind(client, venue, fresh_rate_limit):
    """Booking writes the person, the appointment, its time blocks, the log and the
    messages: the database fails after the first two, and none of them stays."""
    desk = make_desk(venue)
    data = {"first_name": "Josiane", "phone": "06 12 34 56 78", "consent_to_reminders": "on"}
    with mock.patch("comptoir.appointments.actions._take_blocks", side_effect=DB_DOWN):
        response = client.post(desk.book_url(at(3, 10)), data)
    assert_outage_page(response)
    assert Person.objects.count() == 0
    assert Appointment.objects.count() == 0
    assert SlotHold.objects.count() == 0
    assert Message.objects.count() == 0
    assert AuditEntry.objects.count() == 0

    # The database is back: the same form, sent again, books once.
    response = client.post(desk.book_url(at(3, 10)), data)
    assert response.status_code == 302
    assert Appointment.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_closing_a_help_that_fails_midway_writes_no_journal_activity(
    mediator_client, venue, mediator
):
    """Closing writes the journal activity (and its audit), then the help request's
    new status and log: the database fails on the status, and the activity goes too."""
    helping = HelpRequestFactory(
        venue=venue,
        in_progress=True,
        mediator=mediator,
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    HelpRequestTransition.objects.all().delete()
    with (
        mock.patch.object(HelpRequest, "move", side_effect=DB_DOWN),
        pytest.raises(OperationalError),
    ):
        helpdesk_actions.close_help_request(
            help_request=helping, actor=mediator, outcome=Outcome.SOLVED
        )
    assert Activity.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    helping.refresh_from_db()
    assert helping.status == Status.IN_PROGRESS
    assert helping.activity_id is None

    # Through the page, the mediator gets the 503 page and may close again later.
    url = reverse("helpdesk:session", args=[venue.slug, helping.pk])
    with mock.patch.object(HelpRequest, "move", side_effect=DB_DOWN):
        response = mediator_client.post(url, {"outcome": Outcome.SOLVED, "themes": ["email"]})
    assert_outage_page(response)
    assert Activity.objects.count() == 0
    response = mediator_client.post(url, {"outcome": Outcome.SOLVED, "themes": ["email"]})
    assert response.status_code == 302
    assert Activity.objects.count() == 1


# --- PostgreSQL, for real -------------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="makes a PostgreSQL server unreachable for real"
)


def closed_port() -> int:
    """A local TCP port where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(client: Client, method: str, path: str, **kwargs):
    """One request as a real server handles it: Django's test client skips the
    connection housekeeping a WSGI server does before and after each request."""
    close_old_connections()
    try:
        return getattr(client, method)(path, **kwargs)
    finally:
        close_old_connections()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_unreachable_server_gives_503_then_the_next_request_works(venue, mediator, caplog):
    staff = quiet_client()
    assert staff.login(username=mediator.username, password=PASSWORD)
    visitor = quiet_client()
    staff_page = reverse("people:list", args=[venue.slug])
    public_page = reverse("venues:public", args=[venue.slug])
    assert serve(staff, "get", staff_page).status_code == 200

    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(closed_port())  # the server is gone
    try:
        with caplog.at_level(logging.ERROR, logger="comptoir.ops.outage"):
            assert_outage_page(serve(staff, "get", staff_page))
            assert_outage_page(serve(visitor, "get", public_page))
            assert_outage_page(serve(visitor, "get", "/"))
            assert serve(visitor, "get", "/healthz").status_code == 503
        assert caplog.text.count("Database unavailable: answered 503") == 3
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port  # the server is back

    # No restart: the same process answers normally.
    assert serve(visitor, "get", "/healthz").json() == {"status": "ok", "database": "ok"}
    assert serve(staff, "get", staff_page).status_code == 200
    assert serve(visitor, "get", public_page).status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_killed_by_a_server_restart_is_replaced_by_itself(venue, mediator):
    """With persistent connections (DATABASE_CONN_MAX_AGE), a connection the server
    dropped (restart, failover) is noticed by the health check and reopened: the
    next request works, nobody sees an error."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True  # from config/settings.py
    staff = quiet_client()
    staff.force_login(mediator)
    staff_page = reverse("people:list", args=[venue.slug])
    old_max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        assert serve(staff, "get", staff_page).status_code == 200
        assert connection.connection is not None  # kept between requests
        killed_pid = connection.connection.info.backend_pid
        params = {
            key: connection.settings_dict[name]
            for key, name in (
                ("host", "HOST"),
                ("port", "PORT"),
                ("user", "USER"),
                ("password", "PASSWORD"),
            )
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            killed = admin.execute("SELECT pg_terminate_backend(%s)", [killed_pid]).fetchone()[0]
        assert killed

        response = serve(staff, "get", staff_page)
        assert response.status_code == 200
        assert connection.connection.info.backend_pid != killed_pid
    finally:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = old_max_age
