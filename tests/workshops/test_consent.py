"""Consent to the workshop reminder: kept with its date and the sentence shown (in the
language of the page); no reminder without it; withdrawn, the reminder is cancelled."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.actions import snapshot
from comptoir.notifications.models import Message, MessageStatus
from comptoir.people import actions as people_actions
from comptoir.workshops.models import Registration
from tests.factories import SessionFactory, WorkshopFactory
from tests.workshops.public_helpers import make_session, visitor

pytestmark = pytest.mark.django_db

PUBLIC_WORDING = (
    "J’accepte que le lieu me contacte par SMS ou e-mail pour mes rendez-vous et ateliers. "
    "Vous recevrez alors un rappel la veille de l’atelier."
)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def reminders(registration):
    return Message.objects.filter(
        key__startswith=f"workshop-registration:{registration.pk}:reminder"
    )


def test_online_consent_is_kept_with_its_date_and_the_sentence_shown(client, venue):
    session = make_session(venue)
    before = timezone.now()
    client.post(session.get_public_url(), visitor())
    registration = Registration.objects.get()
    assert registration.consent_to_reminders
    assert before <= registration.consent_at <= timezone.now()
    assert registration.consent_wording == PUBLIC_WORDING
    assert reminders(registration).count() == 1


def test_without_consent_nothing_is_kept_and_no_reminder_is_queued(client, venue):
    session = make_session(venue)
    client.post(session.get_public_url(), visitor(consent_to_reminders=""))
    registration = Registration.objects.get()
    assert not registration.consent_to_reminders
    assert registration.consent_at is None and registration.consent_wording == ""
    assert not reminders(registration).exists()
    assert Message.objects.filter(key__contains=":confirmation").exists()


def test_the_registration_form_links_to_the_privacy_page(client, venue):
    session = make_session(venue)
    html = client.get(session.get_public_url()).content.decode()
    assert reverse("people:privacy_venue", args=[venue.slug]) in html


def test_the_counter_keeps_the_sentence_in_the_language_of_the_page(mediator_client, venue):
    session = SessionFactory(workshop=WorkshopFactory(venue=venue))
    mediator_client.cookies["comptoir_language"] = "en"
    mediator_client.post(
        reverse("workshops:session_register", args=[venue.slug, session.pk]),
        {"first_name": "Lucette", "phone": "06 12 34 56 78", "consent_to_reminders": "on"},
    )
    registration = Registration.objects.get()
    assert registration.consent_at is not None
    assert registration.consent_wording == "The person agrees to receive a reminder the day before"


def test_withdrawing_the_persons_consent_cancels_the_reminder(client, venue, mediator):
    session = make_session(venue)
    client.post(session.get_public_url(), visitor())
    registration = Registration.objects.get()
    person = registration.person
    assert reminders(registration).get().status == MessageStatus.PENDING
    before = snapshot(person, people_actions.AUDITED_FIELDS)
    person.consent_to_contact = False
    people_actions.update_person(actor=mediator, person=person, before=before)
    registration.refresh_from_db()
    assert not registration.consent_to_reminders
    assert reminders(registration).get().status == MessageStatus.CANCELLED
    # The confirmation already queued is not a reminder: it stays.
    confirmation = Message.objects.get(
        key__startswith=f"workshop-registration:{registration.pk}:confirmation"
    )
    assert confirmation.status != MessageStatus.CANCELLED
