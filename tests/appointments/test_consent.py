"""Consent to reminders: kept with its date and the very sentence the visitor (or the
staff member for them) was shown; no reminder without it; withdrawn, reminders stop."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments.actions import move_appointment
from comptoir.appointments.models import Appointment
from comptoir.audit.actions import snapshot
from comptoir.notifications.models import Message, MessageStatus
from comptoir.people import actions as people_actions
from comptoir.people.models import Person
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    mediator_at,
    next_weekday,
    slot_value,
)
from tests.appointments.factories_public import at, make_desk

pytestmark = pytest.mark.django_db

PUBLIC_WORDING = (
    "J’accepte que le lieu me contacte par SMS ou e-mail pour mes rendez-vous et ateliers. "
    "Vous recevrez alors un rappel la veille et deux heures avant."
)
STAFF_WORDING = "La personne accepte de recevoir des rappels (la veille et 2 heures avant)"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(venue):
    return make_desk(venue, name="Mon smartphone")


def visitor(**changes) -> dict:
    data = {"first_name": "Josiane", "phone": "06 12 34 56 78", "email": "", "topic": ""}
    return data | changes


def reminders(appointment):
    return Message.objects.filter(
        key__startswith=f"appointment:{appointment.pk}:", key__contains=":reminder"
    )


def test_online_consent_is_kept_with_its_date_and_the_sentence_shown(client, desk):
    before = timezone.now()
    client.post(desk.book_url(at(3, 10)), visitor(consent_to_reminders="on"))
    appointment = Appointment.objects.get()
    assert appointment.consent_to_reminders
    assert before <= appointment.consent_at <= timezone.now()
    assert appointment.consent_wording == PUBLIC_WORDING
    assert reminders(appointment).count() == 2  # the day before and two hours before (SMS)
    # The person created for the booking keeps the same consent.
    assert appointment.person.consent_wording == PUBLIC_WORDING


def test_without_consent_nothing_is_kept_and_no_reminder_is_queued(client, desk):
    client.post(desk.book_url(at(3, 10)), visitor())
    appointment = Appointment.objects.get()
    assert not appointment.consent_to_reminders
    assert appointment.consent_at is None and appointment.consent_wording == ""
    assert not reminders(appointment).exists()
    assert Message.objects.filter(key__contains=":confirmation:").exists()


def test_the_booking_form_links_to_the_privacy_page(client, desk):
    html = client.get(desk.book_url(at(3, 10))).content.decode()
    assert reverse("people:privacy_venue", args=[desk.venue.slug]) in html


def test_staff_booking_keeps_the_sentence_of_the_staff_form(mediator_client, venue):
    camille = mediator_at(venue, "camille", first_name="Camille")
    every_day(venue, camille)
    reason = AppointmentTypeFactory(venue=venue, name="Démarches", mediators=[camille])
    day = next_weekday(3, min_days=2)
    mediator_client.post(
        reverse("appointments:staff_book", args=[venue.slug]),
        {
            "type": reason.pk,
            "date": day.isoformat(),
            "mediator": "",
            "slot": slot_value(local(day, 10)),
            "first_name": "Josiane",
            "phone": "06 12 34 56 78",
            "email": "",
            "topic": "",
            "person": "",
            "from_help": "",
            "consent_to_reminders": "on",
        },
    )
    appointment = Appointment.objects.get()
    assert appointment.consent_at is not None
    assert appointment.consent_wording == STAFF_WORDING


def test_withdrawing_the_persons_consent_stops_the_reminders(client, desk):
    mediator = desk.mediator
    client.post(desk.book_url(at(3, 10)), visitor(consent_to_reminders="on"))
    appointment = Appointment.objects.get()
    person = appointment.person
    assert reminders(appointment).filter(status=MessageStatus.PENDING).count() == 2
    before = snapshot(person, people_actions.AUDITED_FIELDS)
    person.consent_to_contact = False
    people_actions.update_person(actor=mediator, person=person, before=before)
    appointment.refresh_from_db()
    assert not appointment.consent_to_reminders and appointment.consent_at is None
    assert not reminders(appointment).filter(status=MessageStatus.PENDING).exists()
    assert reminders(appointment).filter(status=MessageStatus.CANCELLED).count() == 2
    # Moving it later queues no new reminder.
    move_appointment(appointment=appointment, starts_at=at(4, 11), actor=mediator)
    assert not reminders(appointment).filter(status=MessageStatus.PENDING).exists()


def test_past_appointments_keep_their_record_of_consent(desk):
    """Withdrawing stops what is to come; what was agreed before stays on record."""
    mediator = desk.mediator
    person = Person.objects.create(venue=desk.venue, first_name="Léon", phone="+33611111111")
    past = Appointment.objects.create(
        venue=desk.venue,
        type=desk.kind,
        mediator=desk.mediator,
        person=person,
        first_name="Léon",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(minutes=45),
        status="done",
        consent_to_reminders=True,
        consent_at=timezone.now() - datetime.timedelta(days=10),
        consent_wording=PUBLIC_WORDING,
    )
    Person.objects.filter(pk=person.pk).update(consent_to_contact=True)
    person.refresh_from_db()
    before = snapshot(person, people_actions.AUDITED_FIELDS)
    person.consent_to_contact = False
    people_actions.update_person(actor=mediator, person=person, before=before)
    past.refresh_from_db()
    assert past.consent_wording == PUBLIC_WORDING
