"""Health endpoint, security headers, language and error pages."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_carry_strict_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_page_has_an_inline_script(client, mediator_client, venue):
    for response in (
        client.get("/"),
        mediator_client.get(reverse("journal:create", args=[venue.slug])),
    ):
        page = response.content.decode()
        assert "<script>" not in page
        assert " onclick=" not in page


def test_staff_pages_are_never_cached(mediator_client, venue):
    response = mediator_client.get(reverse("people:list", args=[venue.slug]))
    assert "no-store" in response["Cache-Control"]


def test_french_is_the_default_even_for_an_english_browser(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="fr">' in response.content.decode()
    assert "Nos lieux" in response.content.decode()


def test_english_is_chosen_with_the_language_switcher(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Our venues" in page


def test_the_login_page_explains_a_failed_login_plainly(client, mediator):
    response = client.post(reverse("login"), {"username": mediator.username, "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f'value="{mediator.username}"' in page


def test_a_mediator_logs_in_and_lands_on_their_venues(client, mediator, venue):
    response = client.post(
        reverse("login"), {"username": mediator.username, "password": "test-password-1234"}
    )
    assert response["Location"] == reverse("venues:dashboard")
    assert venue.name in client.get(reverse("venues:dashboard")).content.decode()


def test_an_unknown_page_gives_a_plain_404(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert "Cette page n’existe pas" in response.content.decode()


def test_passwords_are_hashed_with_argon2(settings):
    from django.conf import settings as live_settings

    assert live_settings.PASSWORD_HASHERS  # the test suite swaps in a fast hasher…
    from config import settings as project_settings

    # …but the project's own setting puts Argon2 first.
    assert (
        project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_an_expired_form_gets_a_plain_french_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()
