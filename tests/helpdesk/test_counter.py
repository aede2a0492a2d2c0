"""The counter and queue page: check a walk-in in, take them, mark them left — without JavaScript."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk.models import ArrivalSource, HelpRequest, Outcome, Status
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


def queue_url(venue):
    return reverse("helpdesk:queue", args=[venue.slug])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


def test_a_walk_in_is_registered_with_one_tap_on_the_topic(facilitator_client, facilitator, venue):
    response = facilitator_client.post(queue_url(venue), {"topic": Topic.SCAM_SECURITY})
    assert response.status_code == 302
    assert response["Location"] == queue_url(venue)
    help_request = HelpRequest.objects.get()
    assert help_request.topic == Topic.SCAM_SECURITY
    assert help_request.source == ArrivalSource.COUNTER
    assert help_request.checked_in_by == facilitator
    assert _messages(response) == ["n° 1 est dans la file (n° 1, Arnaque, sécurité)."]


def test_a_name_and_device_can_be_given_too(facilitator_client, venue):
    facilitator_client.post(
        queue_url(venue),
        {"first_name": "Ginette", "device": BroughtDevice.TABLET, "topic": Topic.PHOTOS},
    )
    help_request = HelpRequest.objects.get()
    assert (help_request.first_name, help_request.device) == ("Ginette", BroughtDevice.TABLET)


def test_the_counter_shows_one_button_per_topic(facilitator_client, venue):
    page = facilitator_client.get(queue_url(venue)).content.decode()
    for value, label in Topic.choices:
        assert f'name="topic" value="{value}"' in page
        assert str(label) in page


def test_a_bad_check_in_shows_the_form_again_with_what_was_typed(facilitator_client, venue):
    response = facilitator_client.post(
        queue_url(venue), {"first_name": "Ginette", "device": "tablet", "topic": "weather"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez de quoi il s’agit." in page
    assert 'value="Ginette"' in page
    assert not HelpRequest.objects.exists()


def test_a_walk_in_can_be_linked_to_a_known_person(facilitator_client, venue):
    person = PersonFactory(venue=venue, first_name="Raymonde")
    page = facilitator_client.get(queue_url(venue) + f"?person={person.pk}").content.decode()
    assert "Pour <strong>Raymonde</strong>" in page
    facilitator_client.post(queue_url(venue), {"person": person.pk, "topic": Topic.EMAIL})
    assert HelpRequest.objects.get().person == person


def test_another_venues_person_is_a_404(facilitator_client, venue, other_venue):
    person = PersonFactory(venue=other_venue)
    assert facilitator_client.get(queue_url(venue) + f"?person={person.pk}").status_code == 404
    response = facilitator_client.post(queue_url(venue), {"person": person.pk, "topic": "email"})
    assert response.status_code == 404
    assert not HelpRequest.objects.exists()


def test_the_queue_lists_who_waits_and_who_is_being_helped(mediator_client, venue):
    HelpRequestFactory(venue=venue, first_name="Ginette")
    HelpRequestFactory(venue=venue, first_name="Marcel", in_progress=True)
    page = mediator_client.get(queue_url(venue)).content.decode()
    assert "En attente (1)" in page
    assert "Ginette" in page
    assert "En cours (1)" in page
    assert "Marcel" in page
    assert "Prendre la suivante" in page


def test_a_facilitator_registers_and_marks_left_but_does_not_take(facilitator_client, venue):
    HelpRequestFactory(venue=venue)
    page = facilitator_client.get(queue_url(venue)).content.decode()
    assert "Prendre la suivante" not in page
    assert ">Partie<" in page


def test_the_queue_refreshes_as_a_fragment_for_htmx(mediator_client, venue):
    HelpRequestFactory(venue=venue, first_name="Ginette")
    response = mediator_client.get(queue_url(venue), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert 'id="queue-live"' in fragment
    assert "Ginette" in fragment
    assert "<html" not in fragment
    assert "Nouvelle arrivée" not in fragment  # the form being typed in is never replaced


@pytest.mark.parametrize("waiting", [5, 50])
def test_the_queue_page_reads_the_database_a_constant_number_of_times(
    mediator_client, venue, waiting
):
    HelpRequestFactory.create_batch(waiting, venue=venue)
    HelpRequestFactory.create_batch(3, venue=venue, in_progress=True)
    HelpRequestFactory(venue=venue, person=PersonFactory(venue=venue))
    with query_budget(8):
        assert mediator_client.get(queue_url(venue)).status_code == 200
    with query_budget(8):
        mediator_client.get(queue_url(venue), headers={"HX-Request": "true"})


def test_take_next_opens_the_console(mediator_client, mediator, venue):
    help_request = HelpRequestFactory(venue=venue, first_name="Ginette")
    response = mediator_client.post(reverse("helpdesk:take_next", args=[venue.slug]))
    assert response["Location"] == reverse("helpdesk:session", args=[venue.slug, help_request.pk])
    help_request.refresh_from_db()
    assert help_request.mediator == mediator
    assert _messages(response) == ["Vous accompagnez Ginette."]


def test_take_next_on_an_empty_queue_comes_back_with_a_message(mediator_client, venue):
    response = mediator_client.post(reverse("helpdesk:take_next", args=[venue.slug]))
    assert response["Location"] == queue_url(venue)
    assert _messages(response) == ["Personne n’attend pour l’instant."]


def test_taking_a_chosen_person(mediator_client, mediator, venue):
    HelpRequestFactory(venue=venue)
    chosen = HelpRequestFactory(venue=venue)
    response = mediator_client.post(reverse("helpdesk:take", args=[venue.slug, chosen.pk]))
    assert response.status_code == 302
    chosen.refresh_from_db()
    assert chosen.status == Status.IN_PROGRESS


def test_taking_someone_already_taken_says_so(mediator_client, venue):
    taken = HelpRequestFactory(venue=venue, first_name="Paul", in_progress=True)
    response = mediator_client.post(reverse("helpdesk:take", args=[venue.slug, taken.pk]))
    assert response["Location"] == queue_url(venue)
    assert _messages(response) == [
        "Paul n’est plus dans la file : quelqu’un vient de s’en occuper."
    ]


def test_a_mediator_already_helping_sees_their_console_link_and_no_take_button(
    mediator_client, mediator, venue
):
    mine = HelpRequestFactory(venue=venue, first_name="Lucie", in_progress=True, mediator=mediator)
    HelpRequestFactory(venue=venue)
    page = mediator_client.get(queue_url(venue)).content.decode()
    assert "Vous accompagnez <strong>Lucie</strong>" in page
    assert reverse("helpdesk:session", args=[venue.slug, mine.pk]) in page
    assert "Prendre la suivante" not in page


def test_marking_someone_left(facilitator_client, venue):
    help_request = HelpRequestFactory(venue=venue, first_name="Ginette")
    response = facilitator_client.post(reverse("helpdesk:left", args=[venue.slug, help_request.pk]))
    assert response["Location"] == queue_url(venue)
    help_request.refresh_from_db()
    assert help_request.outcome == Outcome.LEFT_BEFORE_HELP
    assert _messages(response) == ["Ginette n’est plus dans la file."]


def test_another_venues_request_is_a_404(mediator_client, venue, other_venue):
    foreign = HelpRequestFactory(venue=other_venue)
    for name in ("helpdesk:take", "helpdesk:left", "helpdesk:extend", "helpdesk:put_back"):
        assert mediator_client.post(reverse(name, args=[venue.slug, foreign.pk])).status_code == 404
    assert (
        mediator_client.get(reverse("helpdesk:session", args=[venue.slug, foreign.pk])).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.status == Status.WAITING


def test_previous_days_arrivals_are_flagged_and_cleared(facilitator_client, venue):
    HelpRequestFactory(venue=venue, arrived_at=timezone.now() - datetime.timedelta(days=1))
    page = facilitator_client.get(queue_url(venue)).content.decode()
    assert "1 arrivée d’un jour précédent est encore dans la file." in page
    facilitator_client.post(reverse("helpdesk:clear_previous_days", args=[venue.slug]))
    assert not HelpRequest.objects.filter(status=Status.WAITING).exists()


def test_the_venue_home_shows_the_cafe_panel(facilitator_client, venue):
    HelpRequestFactory.create_batch(2, venue=venue)
    HelpRequestFactory(venue=venue, closed=True)
    HelpRequestFactory(venue=venue, left=True)
    page = facilitator_client.get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert '<p class="stat">2</p><p>personnes en attente</p>' in page
    assert '<p class="stat">1</p><p>personne aidée aujourd’hui</p>' in page
    assert reverse("helpdesk:queue", args=[venue.slug]) in page


def test_the_panel_is_not_shown_to_volunteers(venue):
    volunteer = UserFactory(username="volunteer-panel")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    page = client_for(volunteer).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "Café numérique" not in page
