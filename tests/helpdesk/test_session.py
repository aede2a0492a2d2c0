"""The mediator's console: the timebox, one extension, closing with an outcome."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk.models import HelpdeskSettings, HelpRequest, Outcome, Status
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.journal.cra import ReferralStructure, Theme
from comptoir.journal.models import Activity
from tests.factories import PersonFactory
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def session_url(help_request):
    return reverse("helpdesk:session", args=[help_request.venue.slug, help_request.pk])


@pytest.fixture
def helping(venue, mediator):
    """Ginette, with her smartphone, being helped since 5 minutes."""
    return HelpRequestFactory(
        venue=venue,
        first_name="Ginette",
        topic=Topic.MESSAGING_SOCIAL,
        device=BroughtDevice.SMARTPHONE,
        in_progress=True,
        mediator=mediator,
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )


def test_the_console_shows_who_what_and_until_when(mediator_client, helping):
    page = mediator_client.get(session_url(helping)).content.decode()
    end = timezone.localtime(helping.ends_at).strftime("%H:%M")
    assert "Accompagnement de Ginette" in page
    assert "Messages et réseaux sociaux" in page
    assert "Smartphone" in page
    assert f"Jusqu’à <strong>{end}</strong> (15 min)" in page
    assert "data-countdown" in page
    assert 'aria-live="polite"' in page
    assert "countdown.js" in page
    assert "Prolonger de 10 min" in page
    for label in Outcome.labels:
        assert str(label) in page


def test_the_close_form_checks_the_topics_themes_in_advance(mediator_client, helping):
    page = mediator_client.get(session_url(helping)).content.decode()
    assert f'value="{Theme.SOCIAL}"' in page
    assert f'value="{Theme.SOCIAL}"\n' not in page
    assert "checked" in page.split(f'value="{Theme.SOCIAL}"')[1].split(">")[0]


def test_closing_solved_notes_the_journal_and_goes_back_to_the_queue(
    mediator_client, helping, venue
):
    response = mediator_client.post(
        session_url(helping), {"outcome": Outcome.SOLVED, "themes": [Theme.SOCIAL]}
    )
    assert response["Location"] == reverse("helpdesk:queue", args=[venue.slug])
    activity = Activity.objects.get()
    assert activity.duration_minutes in (5, 6)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        f"Accompagnement de Ginette terminé et noté au journal ({activity.duration_minutes} min)."
    ]


def test_needing_an_appointment_opens_the_booking_form_prefilled(mediator_client, venue, mediator):
    person = PersonFactory(venue=venue, first_name="Raymonde")
    helping = HelpRequestFactory(
        venue=venue,
        person=person,
        first_name="",
        topic=Topic.ADMIN_PROCEDURE,
        in_progress=True,
        mediator=mediator,
    )
    response = mediator_client.post(
        session_url(helping),
        {"outcome": Outcome.NEEDS_APPOINTMENT, "themes": [Theme.ADMIN_PROCEDURES]},
    )
    location = urlsplit(response["Location"])
    assert location.path == reverse("appointments:staff_book", args=[venue.slug])
    assert parse_qs(location.query) == {
        "person": [str(person.pk)],
        "first_name": ["Raymonde"],
        "topic": ["Démarche en ligne"],
        "from_help": [str(helping.pk)],
    }
    assert Activity.objects.count() == 1


def test_an_anonymous_escalation_passes_no_person(mediator_client, helping, venue):
    response = mediator_client.post(
        session_url(helping), {"outcome": Outcome.NEEDS_APPOINTMENT, "themes": [Theme.SOCIAL]}
    )
    query = parse_qs(urlsplit(response["Location"]).query)
    assert "person" not in query
    assert query["first_name"] == ["Ginette"]


def test_a_referral_without_structure_shows_the_form_again(mediator_client, helping):
    response = mediator_client.post(
        session_url(helping),
        {"outcome": Outcome.REFERRED, "themes": [Theme.SOCIAL], "note": "Voir la mairie"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez vers quelle structure la personne est orientée." in page
    assert 'role="alert"' in page
    assert "Voir la mairie" in page
    helping.refresh_from_db()
    assert helping.status == Status.IN_PROGRESS

    response = mediator_client.post(
        session_url(helping),
        {
            "outcome": Outcome.REFERRED,
            "referral_structure": ReferralStructure.SOCIAL_AID,
            "themes": [Theme.SOCIAL],
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().referral_structure == ReferralStructure.SOCIAL_AID


def test_closing_without_an_outcome_or_themes_is_refused(mediator_client, helping):
    response = mediator_client.post(session_url(helping), {})
    assert "Choisissez comment s’est terminé l’accompagnement." in response.content.decode()
    response = mediator_client.post(session_url(helping), {"outcome": Outcome.SOLVED})
    assert "Cochez au moins une thématique." in response.content.decode()
    assert not Activity.objects.exists()


def test_left_before_help_needs_no_theme_and_writes_nothing(mediator_client, helping):
    response = mediator_client.post(session_url(helping), {"outcome": Outcome.LEFT_BEFORE_HELP})
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_a_second_close_is_refused_with_a_message(mediator_client, helping):
    data = {"outcome": Outcome.SOLVED, "themes": [Theme.SOCIAL]}
    mediator_client.post(session_url(helping), data)
    response = mediator_client.post(session_url(helping), data)
    assert response["Location"] == session_url(helping)
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Cet accompagnement est déjà terminé."
    )
    assert Activity.objects.count() == 1
    page = mediator_client.get(session_url(helping)).content.decode()
    assert "Voir l’accompagnement au journal" in page


def test_the_extension_is_offered_once(mediator_client, helping):
    response = mediator_client.post(
        reverse("helpdesk:extend", args=[helping.venue.slug, helping.pk])
    )
    assert response["Location"] == session_url(helping)
    helping.refresh_from_db()
    assert helping.extended
    assert helping.timebox_minutes == 25
    page = mediator_client.get(session_url(helping)).content.decode()
    assert "Prolonger de" not in page
    assert "prolongé" in page


def test_no_extension_button_when_the_venue_has_none(mediator_client, helping, venue):
    HelpdeskSettings.objects.create(venue=venue, extension_minutes=0)
    assert "Prolonger de" not in mediator_client.get(session_url(helping)).content.decode()


def test_putting_back_in_the_queue(mediator_client, helping):
    response = mediator_client.post(
        reverse("helpdesk:put_back", args=[helping.venue.slug, helping.pk])
    )
    assert response.status_code == 302
    helping.refresh_from_db()
    assert helping.status == Status.WAITING


def test_a_colleague_may_close_for_the_mediator(coordinator_client, helping, mediator):
    page = coordinator_client.get(session_url(helping)).content.decode()
    assert "commencé par" in page
    coordinator_client.post(session_url(helping), {"outcome": Outcome.SOLVED, "themes": ["email"]})
    assert Activity.objects.get().mediator == mediator


def test_a_waiting_persons_console_offers_to_take_them(mediator_client, venue):
    waiting = HelpRequestFactory(venue=venue)
    page = mediator_client.get(session_url(waiting)).content.decode()
    assert "La prendre en charge" in page
    assert HelpRequest.objects.get().status == Status.WAITING
