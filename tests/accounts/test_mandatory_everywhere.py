"""A coordinator who must set up a second factor and has not reaches no page of the
project but the set-up, the account page, the code step, logging out, the language
switch and the health check (issue 13: the café's queue board and kiosk, which let
in staff by their role, stayed open).

Every URL comes from the permission matrix's inventory (tests/test_permission_matrix.py):
a new page is covered, or this test fails.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comptoir.venues.roles import Role
from tests import test_permission_matrix as matrix
from tests.factories import MembershipFactory, UserFactory, VenueFactory
from tests.test_permission_matrix import (
    ACCOUNT_URLS,
    POST_ONLY,
    PUBLIC_URLS,
    ROUTES,
    URL_ARGS,
    public_entry,
    staff_url,
)

# The matrix's world (two venues and the objects every URL needs), built once here too.
world = matrix.world

pytestmark = pytest.mark.django_db

STILL_OPEN = {
    "accounts:setup",
    "accounts:security",
    "accounts:verify",
    "logout",
    "set_language",
    "healthz",
}


@pytest.fixture(scope="module")
def owes_an_app(world, django_db_blocker) -> str:
    """The session of a coordinator of venue a who is also coordinator of a venue
    requiring a second factor, and has no app: every page of a would open to them."""
    with django_db_blocker.unblock():
        strict = VenueFactory(name="Lieu exigeant", slug="lieu-exigeant", require_two_factor=True)
        user = UserFactory(username="matrix-owes-an-app")
        MembershipFactory(user=user, venue=strict, role=Role.COORDINATOR)
        MembershipFactory(user=user, venue=world.a["venue"], role=Role.COORDINATOR)
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value


def url_of(name: str, world) -> str:
    if name in URL_ARGS:
        return staff_url(name, world.a)
    if name in PUBLIC_URLS:
        args, _status = public_entry(name)
        return reverse(name, args=args(world.a))
    args, _expected = ACCOUNT_URLS[name]
    return reverse(name, args=args(world.a))


def test_the_pages_left_open_exist():
    assert set(ROUTES) >= STILL_OPEN


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_page_sends_a_coordinator_who_owes_an_app_to_the_setup(world, owes_an_app, name):
    url = url_of(name, world)
    client = world.client(None)
    client.cookies[settings.SESSION_COOKIE_NAME] = owes_an_app
    response = client.post(url) if name in POST_ONLY else client.get(url)
    to_setup = response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:setup")
    )
    if name in STILL_OPEN:
        assert not to_setup, url
    else:
        assert to_setup, (url, response.status_code)


@pytest.mark.parametrize("name", ["helpdesk:board", "helpdesk:kiosk", "helpdesk:queue"])
def test_the_live_parts_of_the_cafe_are_sent_there_too(world, owes_an_app, name):
    """An HTMX poll (the board refreshing itself) is told to go to the set-up page."""
    url = url_of(name, world)
    client = world.client(None)
    client.cookies[settings.SESSION_COOKIE_NAME] = owes_an_app
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:setup"))
