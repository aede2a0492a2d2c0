"""A venue may make the second factor mandatory for its coordinators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptoir.venues.models import Invitation
from comptoir.venues.roles import Role
from tests.accounts.conftest import code_for, give_app, verified_client
from tests.accounts.test_two_factor_setup import set_up_app
from tests.conftest import PASSWORD, client_for


@pytest.fixture
def strict_venue(venue):
    venue.require_two_factor = True
    venue.save()
    return venue


def test_a_coordinator_without_an_app_is_sent_to_the_setup_after_the_password(
    client, strict_venue, coordinator
):
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup"))
    page = client.get(response["Location"]).content.decode()
    assert "obligatoire pour les coordinateurs de Café du Port" in page


def test_no_staff_page_opens_until_the_app_is_set_up(strict_venue, coordinator):
    client = client_for(coordinator)
    for url in [
        reverse("venues:dashboard"),
        reverse("venues:home", args=[strict_venue.slug]),
        reverse("venues:edit", args=[strict_venue.slug]),
        reverse("people:list", args=[strict_venue.slug]),
        reverse("accounts:recovery_codes"),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:setup")), url
    # What stays open: the set-up, the account page, the language, logging out (and the
    # health check). The public pages wait too: some open for staff by their role
    # (tests/accounts/test_mandatory_everywhere.py walks every URL).
    assert client.get(reverse("accounts:setup")).status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    public = client.get(reverse("venues:public", args=[strict_venue.slug]))
    assert public["Location"].startswith(reverse("accounts:setup"))
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_once_the_app_is_set_up_the_coordinator_reaches_the_staff_pages(strict_venue, coordinator):
    client = client_for(coordinator)
    set_up_app(client)
    assert client.get(reverse("venues:home", args=[strict_venue.slug])).status_code == 200


def test_other_roles_and_other_venues_stay_optional(strict_venue, mediator, intruder):
    for user in [mediator, intruder]:
        response = client_for(user).get(reverse("venues:dashboard"))
        assert response.status_code == 200, user


def test_a_coordinator_with_an_app_must_give_the_code(client, strict_venue, coordinator):
    device, _codes = give_app(coordinator)
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:verify")
    response = client.post(reverse("accounts:verify"), {"code": code_for(device.key)})
    assert response["Location"] == reverse("venues:dashboard")
    assert client.get(reverse("venues:home", args=[strict_venue.slug])).status_code == 200


def test_such_a_coordinator_cannot_turn_it_off(strict_venue, coordinator):
    device, _codes = give_app(coordinator)
    client = verified_client(coordinator, device)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "obligatoire pour les coordinateurs de Café du Port" in page
    assert reverse("accounts:turn_off") not in page

    response = client.post(reverse("accounts:turn_off"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:security")
    page = client.get(response["Location"]).content.decode()
    assert "ne peut pas être désactivée" in page
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_venue_turning_the_rule_on_reaches_open_sessions_within_minutes(venue, coordinator):
    client = client_for(coordinator)
    venue.require_two_factor = True
    venue.save()
    session = client.session
    session["comptoir_two_factor"]["at"] -= 301  # the session looks again every 5 minutes
    session.save()
    response = client.get(reverse("venues:dashboard"))
    assert response["Location"].startswith(reverse("accounts:setup"))


def test_an_invited_coordinator_sets_up_the_app_right_after_creating_the_access(
    client, strict_venue
):
    invitation = Invitation.objects.create(
        venue=strict_venue, email="lou@example.org", role=Role.COORDINATOR
    )
    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Lou",
            "last_name": "Bernard",
            "username": "lou",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:setup"))


def test_an_ordinary_staff_page_costs_no_query_for_the_second_factor(settings, mediator):
    """The middleware reads the session only."""
    client = client_for(mediator)
    url = reverse("venues:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as with_check:
        client.get(url)
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "comptoir.accounts.middleware.TwoFactorMiddleware"
    ]
    with CaptureQueriesContext(connection) as without_check:
        client.get(url)
    assert len(with_check) == len(without_check)
