"""What a visitor who books online receives: a confirmation (e-mail with the
.ics, SMS), reminders the day before and two hours before — only with consent
and only if still ahead —, a new set when the appointment moves, a notice
when it is cancelled."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import task_backends
from icalendar import Calendar

from comptoir.appointments import links
from comptoir.appointments.actions import book_appointment, cancel_appointment, move_appointment
from comptoir.appointments.models import BookingSource
from comptoir.appointments.slots import free_slots
from comptoir.notifications import sms
from comptoir.notifications.actions import deliver_due_messages
from comptoir.notifications.models import Channel, Message, MessageStatus
from tests.appointments.factories_public import at, make_desk, open_every_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY, TWO_HOURS = datetime.timedelta(hours=24), datetime.timedelta(hours=2)


@pytest.fixture(autouse=True)
def recorded_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    backend = task_backends["default"]
    backend.clear()
    sms.outbox.clear()
    yield backend
    backend.clear()
    sms.outbox.clear()


@pytest.fixture
def desk(venue):
    venue.phone = "+33478000000"
    venue.save()
    return make_desk(venue, name="Mon smartphone")


def book(desk, starts_at=None, **fields):
    data = {
        "first_name": "Josiane",
        "phone": "+33612345678",
        "email": "josiane@example.org",
        "consent_to_reminders": True,
        "source": BookingSource.ONLINE,
    }
    data.update(fields)
    return book_appointment(appointment_type=desk.kind, starts_at=starts_at or at(3, 10), **data)


def token_in(text: str) -> str:
    """The token of the appointment link in a message."""
    return re.search(r"/rdv/gerer/([^/\s]+)/", text).group(1)


def messages_of(appointment) -> dict[str, Message]:
    return {
        m.key.removeprefix(f"appointment:{appointment.pk}:"): m
        for m in Message.objects.filter(key__startswith=f"appointment:{appointment.pk}:")
    }


def test_booking_queues_a_confirmation_and_two_reminders_on_each_channel(desk):
    appointment = book(desk)
    queued = messages_of(appointment)
    assert sorted(queued) == sorted(
        f"v1:{kind}:{channel}"
        for kind in ("confirmation", "reminder-day-before", "reminder-2h")
        for channel in ("email", "sms")
    )
    start = appointment.starts_at
    for channel in ("email", "sms"):
        assert queued[f"v1:confirmation:{channel}"].send_after <= timezone.now()
        assert queued[f"v1:reminder-day-before:{channel}"].send_after == start - DAY
        assert queued[f"v1:reminder-2h:{channel}"].send_after == start - TWO_HOURS
    assert all(m.expires_at == start for m in queued.values())
    assert all(m.status == MessageStatus.PENDING for m in queued.values())
    assert queued["v1:confirmation:sms"].to == "+33612345678"
    assert queued["v1:confirmation:email"].to == "josiane@example.org"


def test_the_confirmation_says_what_when_where_and_carries_the_link_and_the_ics(desk):
    appointment = book(desk)
    assert deliver_due_messages() == {"sent": 2}  # the reminders are not due yet
    [email] = mail.outbox
    assert "Votre rendez-vous le" in email.subject and "10:00" in email.subject
    assert "Bonjour Josiane" in email.body
    assert "« Mon smartphone » est confirmé" in email.body
    assert desk.venue.address in email.body
    assert links.read_token(token_in(email.body)) == appointment
    assert "04 78 00 00 00" in email.body
    name, content, mimetype = email.attachments[0]
    assert (name, mimetype) == ("rendez-vous.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == appointment.starts_at
    assert str(event["summary"]) == f"Mon smartphone — {desk.venue.name}"
    assert desk.venue.commune in str(event["location"])
    [(to, text)] = sms.outbox
    assert to == "+33612345678"
    assert "rendez-vous confirmé" in text
    assert links.read_token(token_in(text)) == appointment
    assert len(text) <= 320, "two SMS at most"


def test_no_reminder_without_consent(desk):
    appointment = book(desk, consent_to_reminders=False)
    assert sorted(messages_of(appointment)) == ["v1:confirmation:email", "v1:confirmation:sms"]


def test_only_the_channels_given_are_used(desk):
    appointment = book(desk, email="")
    assert all(key.endswith(":sms") for key in messages_of(appointment))


def test_a_reminder_whose_time_has_passed_is_not_queued(venue):
    desk = make_desk(venue)
    night_owl = UserFactory(username="night-owl")
    open_every_day(venue, night_owl, start=datetime.time(0), end=datetime.time(23, 45))
    desk.kind.mediators.add(night_owl)
    soon = timezone.now() + datetime.timedelta(hours=3)
    today = timezone.localdate()
    slots = free_slots(desk.kind, today, today + datetime.timedelta(days=1), staff=True)
    start = next(s.starts_at for day in sorted(slots) for s in slots[day] if s.starts_at >= soon)
    appointment = book(desk, start, source=BookingSource.STAFF)  # staff: no minimum notice
    kinds = {key.split(":")[1] for key in messages_of(appointment)}
    assert kinds == {"confirmation", "reminder-2h"}  # the day before is already past


def test_the_reminders_are_enqueued_for_their_time(
    desk, recorded_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(desk, email="")
    queued = messages_of(appointment)
    run_after = {
        task.args[0]: task.task.run_after
        for task in recorded_tasks.results
        if task.task.name == "deliver_message"
    }
    assert run_after[queued["v1:confirmation:sms"].pk] is None  # now
    assert run_after[queued["v1:reminder-day-before:sms"].pk] == appointment.starts_at - DAY
    assert run_after[queued["v1:reminder-2h:sms"].pk] == appointment.starts_at - TWO_HOURS


def test_moving_cancels_the_pending_reminders_and_queues_new_ones(desk):
    appointment = book(desk)
    deliver_due_messages()  # the confirmation went out
    moved = move_appointment(appointment=appointment, starts_at=at(5, 14), by_visitor=True)
    queued = messages_of(moved)
    assert queued["v1:confirmation:sms"].status == MessageStatus.SENT
    for kind in ("reminder-day-before", "reminder-2h"):
        for channel in ("email", "sms"):
            assert queued[f"v1:{kind}:{channel}"].status == MessageStatus.CANCELLED
    assert queued["v2:reminder-day-before:sms"].send_after == at(5, 14) - DAY
    assert queued["v2:reminder-2h:email"].send_after == at(5, 14) - TWO_HOURS
    assert queued["v2:moved:sms"].status == MessageStatus.PENDING

    mail.outbox.clear()
    sms.outbox.clear()
    assert deliver_due_messages() == {"sent": 2}
    [email] = mail.outbox
    assert "déplacé" in email.subject
    assert links.read_token(token_in(email.body)) == moved  # the new link: the old one is dead
    assert email.attachments[0][0] == "rendez-vous.ics"
    assert "14:00" in sms.outbox[0][1]


def test_cancelling_cancels_the_reminders_and_sends_a_notice(desk):
    appointment = book(desk)
    cancelled = cancel_appointment(appointment=appointment, by_visitor=True)
    queued = messages_of(cancelled)
    pending = {key for key, m in queued.items() if m.status == MessageStatus.PENDING}
    assert pending == {"v2:cancelled:email", "v2:cancelled:sms"}
    # A confirmation not sent yet is pointless now.
    assert queued["v1:confirmation:sms"].status == MessageStatus.CANCELLED
    assert deliver_due_messages() == {"sent": 2}
    [email] = mail.outbox
    assert "annulé" in email.subject
    assert not email.attachments
    assert "est annulé" in sms.outbox[0][1]


def test_a_reminder_still_pending_after_the_appointment_is_not_sent(desk):
    appointment = book(desk, email="")
    Message.objects.filter(channel=Channel.SMS).update(
        send_after=timezone.now() - datetime.timedelta(minutes=1),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert deliver_due_messages() == {"expired": 3}
    assert sms.outbox == []
    assert messages_of(appointment)["v1:reminder-2h:sms"].status == MessageStatus.EXPIRED
