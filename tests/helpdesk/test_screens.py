"""The kiosk and the queue board: opened by an enabled device or by staff, never by anyone else."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import (
    ArrivalSource,
    BoardDisplay,
    DeviceKind,
    HelpdeskSettings,
    HelpRequest,
)
from comptoir.helpdesk.permissions import COOKIE_NAMES
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.helpdesk.factories import (
    HelpRequestFactory,
    enabled_device_client,
    signed_device_cookie,
)
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


def kiosk_url(venue):
    return reverse("helpdesk:kiosk", args=[venue.slug])


def board_url(venue):
    return reverse("helpdesk:board", args=[venue.slug])


# --- Who may open them ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["helpdesk:kiosk", "helpdesk:board"])
def test_a_browser_without_device_nor_login_gets_a_plain_refusal(client, venue, name):
    response = client.get(reverse(name, args=[venue.slug]))
    assert response.status_code == 403
    assert "n’est pas activé" in response.content.decode()


def test_a_tampered_or_unknown_device_cookie_is_refused(client, venue):
    client.cookies[COOKIE_NAMES[DeviceKind.KIOSK]] = "not-signed"
    assert client.get(kiosk_url(venue)).status_code == 403
    client.cookies[COOKIE_NAMES[DeviceKind.KIOSK]] = signed_device_cookie(
        "guessed", DeviceKind.KIOSK
    )
    assert client.get(kiosk_url(venue)).status_code == 403


def test_an_enabled_kiosk_opens_the_kiosk_but_not_the_board_nor_another_venue(venue, other_venue):
    client, device = enabled_device_client(venue, DeviceKind.KIOSK)
    assert client.get(kiosk_url(venue)).status_code == 200
    assert client.get(board_url(venue)).status_code == 403
    assert client.get(kiosk_url(other_venue)).status_code == 403
    device.refresh_from_db()
    assert device.last_seen_at is not None


def test_a_revoked_device_is_refused(venue, coordinator):
    client, device = enabled_device_client(venue, DeviceKind.BOARD)
    assert client.get(board_url(venue)).status_code == 200
    actions.revoke_device(device=device, actor=coordinator)
    assert client.get(board_url(venue)).status_code == 403


def test_a_revoked_board_reloads_itself_to_show_why(venue, coordinator):
    client, device = enabled_device_client(venue, DeviceKind.BOARD)
    actions.revoke_device(device=device, actor=coordinator)
    response = client.get(board_url(venue), headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


def test_staff_who_run_the_counter_open_both_without_a_device(venue, facilitator):
    client = client_for(facilitator)
    assert client.get(kiosk_url(venue)).status_code == 200
    assert client.get(board_url(venue)).status_code == 200


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.VIEWER])
def test_staff_without_the_counter_are_refused(venue, role):
    user = UserFactory(username=f"screen-{role}")
    MembershipFactory(user=user, venue=venue, role=role)
    assert client_for(user).get(board_url(venue)).status_code == 403


def test_staff_of_another_venue_are_refused(venue, intruder_client):
    assert intruder_client.get(kiosk_url(venue)).status_code == 403
    assert intruder_client.get(board_url(venue)).status_code == 403


def test_an_unknown_venue_is_a_404(client):
    assert client.get(reverse("helpdesk:board", args=["nowhere"])).status_code == 404


# --- Kiosk --------------------------------------------------------------------------------------------


def test_a_visitor_checks_in_alone_and_sees_their_number_and_place(venue):
    HelpRequestFactory(venue=venue, ticket=1)  # someone already waits
    client, device = enabled_device_client(venue)
    response = client.post(
        kiosk_url(venue),
        {"topic": Topic.PHOTOS, "device": BroughtDevice.SMARTPHONE, "first_name": "Ginette"},
    )
    help_request = HelpRequest.objects.get(first_name="Ginette")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "helpdesk:kiosk_done", args=[venue.slug, help_request.pk]
    )
    assert help_request.source == ArrivalSource.KIOSK
    assert help_request.kiosk_device == device
    assert help_request.checked_in_by is None
    assert help_request.topic == Topic.PHOTOS

    page = client.get(response["Location"]).content.decode()
    assert "C’est noté, Ginette !" in page
    assert f"<dd>{help_request.ticket}</dd>" in page
    assert "<dd>2</dd>" in page  # second in the queue
    assert "environ 30 min" in page  # two helps of the 15-minute timebox


def test_the_kiosk_needs_only_the_topic(venue):
    client, _device = enabled_device_client(venue)
    assert client.post(kiosk_url(venue), {"topic": Topic.OTHER}).status_code == 302
    help_request = HelpRequest.objects.get()
    assert (help_request.first_name, help_request.device) == ("", "")


def test_without_a_topic_the_kiosk_asks_again_and_keeps_the_answers(venue):
    client, _device = enabled_device_client(venue)
    response = client.post(kiosk_url(venue), {"device": "tablet", "first_name": "Ginette"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Touchez l’image qui correspond à votre question." in page
    assert 'value="Ginette"' in page
    assert 'value="tablet" checked' in page
    assert not HelpRequest.objects.exists()


def test_the_kiosk_limits_check_ins_per_device(venue):
    client, device = enabled_device_client(venue)
    assert client.post(kiosk_url(venue), {"topic": Topic.EMAIL}).status_code == 302
    response = client.post(kiosk_url(venue), {"topic": Topic.EMAIL, "first_name": "Jo"})
    assert response.status_code == 200
    assert "Attendez quelques secondes" in response.content.decode()
    assert 'value="Jo"' in response.content.decode()
    assert HelpRequest.objects.count() == 1

    # Sixty in the last hour: the kiosk sends people to the counter.
    HelpRequest.objects.all().delete()
    now = timezone.now()
    for minute in range(60):
        HelpRequestFactory(
            venue=venue,
            kiosk_device=device,
            source=ArrivalSource.KIOSK,
            arrived_at=now - datetime.timedelta(minutes=minute, seconds=30),
        )
    response = client.post(kiosk_url(venue), {"topic": Topic.EMAIL})
    assert "Adressez-vous à l’accueil" in response.content.decode()
    assert HelpRequest.objects.count() == 60


def test_another_kiosk_is_not_slowed_by_the_first(venue):
    first, _ = enabled_device_client(venue)
    second, _ = enabled_device_client(venue)
    assert first.post(kiosk_url(venue), {"topic": Topic.EMAIL}).status_code == 302
    assert second.post(kiosk_url(venue), {"topic": Topic.EMAIL}).status_code == 302


def test_a_paused_kiosk_sends_visitors_to_the_counter(venue):
    HelpdeskSettings.objects.create(venue=venue, kiosk_enabled=False)
    client, _device = enabled_device_client(venue)
    response = client.post(kiosk_url(venue), {"topic": Topic.EMAIL})
    assert "La borne est en pause" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_the_confirmation_is_only_shown_to_the_kiosk_that_made_it(venue):
    client, _device = enabled_device_client(venue)
    other, _ = enabled_device_client(venue)
    client.post(kiosk_url(venue), {"topic": Topic.EMAIL, "first_name": "Ginette"})
    done = reverse("helpdesk:kiosk_done", args=[venue.slug, HelpRequest.objects.get().pk])
    assert client.get(done).status_code == 200
    response = other.get(done)
    assert response.status_code == 302
    assert response["Location"] == kiosk_url(venue)


def test_an_old_confirmation_goes_back_to_the_start(venue):
    client, device = enabled_device_client(venue)
    help_request = HelpRequestFactory(
        venue=venue,
        kiosk_device=device,
        source=ArrivalSource.KIOSK,
        arrived_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = client.get(reverse("helpdesk:kiosk_done", args=[venue.slug, help_request.pk]))
    assert response.status_code == 302


def test_staff_can_use_the_kiosk_themselves(venue, facilitator):
    client = client_for(facilitator)
    response = client.post(kiosk_url(venue), {"topic": Topic.EMAIL})
    help_request = HelpRequest.objects.get()
    assert help_request.checked_in_by == facilitator
    assert client.get(response["Location"]).status_code == 200


# --- Board --------------------------------------------------------------------------------------------


def test_the_board_shows_first_names_only_and_nothing_personal(venue):
    person = PersonFactory(
        venue=venue, first_name="Raymonde", phone="+33612345678", email="r@example.org"
    )
    HelpRequestFactory(venue=venue, first_name="Jean-Pierre Durand", ticket=4)
    HelpRequestFactory(venue=venue, first_name="", person=person, ticket=5)
    HelpRequestFactory(venue=venue, first_name="", ticket=6)
    client, _device = enabled_device_client(venue, DeviceKind.BOARD)
    page = client.get(board_url(venue)).content.decode()
    assert "Jean-Pierre" in page
    assert "Durand" not in page
    assert "Raymonde" in page
    for private in ("+33612345678", "06 12 34 56 78", "r@example.org"):
        assert private not in page
    assert "3 personnes en attente" in page


def test_the_board_can_show_initials_only(venue):
    HelpdeskSettings.objects.create(venue=venue, board_display=BoardDisplay.INITIAL)
    HelpRequestFactory(venue=venue, first_name="Ginette Lemoine")
    client, _device = enabled_device_client(venue, DeviceKind.BOARD)
    page = client.get(board_url(venue)).content.decode()
    assert "G." in page
    assert "Ginette" not in page
    assert "Lemoine" not in page


def test_the_board_refreshes_itself_with_a_fragment(venue):
    HelpRequestFactory(venue=venue, first_name="Ginette")
    client, _device = enabled_device_client(venue, DeviceKind.BOARD)
    page = client.get(board_url(venue)).content.decode()
    assert 'hx-trigger="every 5s"' in page
    fragment = client.get(board_url(venue), headers={"HX-Request": "true"}).content.decode()
    assert "Ginette" in fragment
    assert "<html" not in fragment
    assert 'id="board"' in fragment


@pytest.mark.parametrize("waiting", [5, 50])
def test_the_board_reads_the_database_a_constant_number_of_times(venue, waiting):
    HelpRequestFactory.create_batch(waiting, venue=venue)
    HelpRequestFactory.create_batch(3, venue=venue, in_progress=True)
    client, _device = enabled_device_client(venue, DeviceKind.BOARD)
    client.get(board_url(venue))  # the device's "last seen" is written once here
    with query_budget(4):
        response = client.get(board_url(venue))
    assert response.status_code == 200
    with query_budget(4):
        client.get(board_url(venue), headers={"HX-Request": "true"})


@pytest.mark.parametrize("waiting", [5, 50])
def test_the_board_for_staff_reads_the_database_a_constant_number_of_times(
    venue, facilitator, waiting
):
    HelpRequestFactory.create_batch(waiting, venue=venue)
    client = client_for(facilitator)
    with query_budget(7):
        assert client.get(board_url(venue)).status_code == 200


def test_a_long_queue_shows_the_first_rows_and_counts_the_others(venue):
    HelpRequestFactory.create_batch(20, venue=venue)
    client, _device = enabled_device_client(venue, DeviceKind.BOARD)
    page = client.get(board_url(venue)).content.decode()
    assert page.count('class="board-position"') == 12
    assert "… et 8 autres personnes" in page


def test_the_screens_are_not_reachable_with_a_device_cookie_from_a_client_without_it(venue):
    enabled_device_client(venue, DeviceKind.BOARD)
    assert Client().get(board_url(venue)).status_code == 403


def test_an_empty_kiosk_submission_asks_for_the_topic(venue):
    client, _device = enabled_device_client(venue)
    response = client.post(kiosk_url(venue), {})
    assert response.status_code == 200
    assert "Touchez l’image qui correspond à votre question." in response.content.decode()
    assert not HelpRequest.objects.exists()
