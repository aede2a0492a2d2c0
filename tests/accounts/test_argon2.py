"""Passwords are stored with Argon2; an older hash is upgraded at the next log-in."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from comptoir.venues.models import Invitation
from comptoir.venues.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow  # real Argon2 hashes: left out of make test-quick


@pytest.fixture
def project_hashers(settings):
    """The project's own list (the test suite swaps in a fast hasher)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_a_password_chosen_when_accepting_an_invitation_is_stored_with_argon2(
    client, venue, project_hashers
):
    invitation = Invitation.objects.create(venue=venue, email="sam@example.org", role=Role.MEDIATOR)
    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Sam",
            "last_name": "Durand",
            "username": "sam",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    user = invitation.venue.memberships.get(user__username="sam").user
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("un-long-mot-de-passe-42")


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_log_in(client, mediator, project_hashers):
    mediator.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    mediator.save()
    assert mediator.password.startswith("pbkdf2_sha256$")

    response = client.post(reverse("login"), {"username": mediator.username, "password": PASSWORD})

    assert response.status_code == 302
    mediator.refresh_from_db()
    assert mediator.password.startswith("argon2$argon2id$")
    assert mediator.check_password(PASSWORD)
