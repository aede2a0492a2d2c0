"""No page may be shown in another site's frame, except the queue board and the kiosk
of a venue that lists the sites allowed to (Venue.embed_origins)."""

import pytest
from django.urls import reverse

from comptoir.helpdesk.models import DeviceKind
from comptoir.helpdesk.topics import Topic
from tests.helpdesk.factories import enabled_device_client

pytestmark = pytest.mark.django_db

ORIGINS = ["https://intranet.exemple.fr", "https://mairie.exemple.fr:8443"]


def frame_ancestors(response) -> list[str]:
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        if name == "frame-ancestors":
            return values
    raise AssertionError("no frame-ancestors")


def assert_never_framed(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == ["'none'"]


def assert_framed_only_by(response, origins) -> None:
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == ["'self'", *origins]
    # The rest of the policy stays as strict.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.fixture
def board(venue):
    client, _ = enabled_device_client(venue, DeviceKind.BOARD)
    return client


@pytest.fixture
def kiosk(venue):
    client, _ = enabled_device_client(venue, DeviceKind.KIOSK)
    return client


def board_url(venue):
    return reverse("helpdesk:board", args=[venue.slug])


def kiosk_url(venue):
    return reverse("helpdesk:kiosk", args=[venue.slug])


def allow(venue, origins=ORIGINS):
    venue.embed_origins = "\n".join(origins)
    venue.save()


def test_by_default_the_board_and_the_kiosk_cannot_be_framed(venue, board, kiosk):
    assert_never_framed(board.get(board_url(venue)))
    assert_never_framed(board.get(board_url(venue), headers={"HX-Request": "true"}))
    assert_never_framed(kiosk.get(kiosk_url(venue)))


def test_the_board_lists_exactly_the_venues_sites(venue, board):
    allow(venue)
    assert_framed_only_by(board.get(board_url(venue)), ORIGINS)
    # The fragment htmx polls every few seconds too.
    assert_framed_only_by(board.get(board_url(venue), headers={"HX-Request": "true"}), ORIGINS)


def test_the_kiosk_and_its_thank_you_page_list_exactly_the_venues_sites(venue, kiosk):
    allow(venue)
    assert_framed_only_by(kiosk.get(kiosk_url(venue)), ORIGINS)
    response = kiosk.post(kiosk_url(venue), {"topic": Topic.EMAIL})
    assert response.status_code == 302
    assert_framed_only_by(response, ORIGINS)
    done = kiosk.get(response["Location"])
    assert done.status_code == 200
    assert_framed_only_by(done, ORIGINS)
    # A form sent back with a question unanswered too.
    assert_framed_only_by(kiosk.post(kiosk_url(venue), {}), ORIGINS)


def test_the_screen_not_enabled_page_can_be_framed_to_say_why(venue, client):
    allow(venue)
    response = client.get(board_url(venue))
    assert response.status_code == 403
    assert_framed_only_by(response, ORIGINS)


def test_other_pages_of_the_same_venue_stay_unframable(venue, client, coordinator_client, board):
    allow(venue)
    for response in (
        client.get(reverse("venues:public", args=[venue.slug])),
        client.get(reverse("appointments:public_start", args=[venue.slug])),
        client.get(reverse("workshops:agenda", args=[venue.slug])),
        coordinator_client.get(reverse("helpdesk:queue", args=[venue.slug])),
        coordinator_client.get(reverse("venues:edit", args=[venue.slug])),
    ):
        assert response.status_code == 200
        assert_never_framed(response)


def test_another_venues_sites_do_not_frame_this_venues_board(venue, other_venue, board):
    allow(other_venue)
    assert_never_framed(board.get(board_url(venue)))


def test_a_malformed_origin_never_reaches_the_header(venue, board):
    # The venue form refuses these; a value written around it must not alter the policy.
    allow(venue, ["https://ok.exemple.fr", "https://evil.example; script-src *", "*"])
    assert_framed_only_by(board.get(board_url(venue)), ["https://ok.exemple.fr"])
    allow(venue, ["'unsafe-inline'"])
    assert_never_framed(board.get(board_url(venue)))
