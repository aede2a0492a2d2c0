"""The mail server or the SMS provider fails: messages wait (staff see why),
are retried further and further apart, and leave once — never lost, never
twice, whoever delivers them and however often.

The concurrency tests run on PostgreSQL only (real row locks, one connection
per thread); on SQLite, writes are serialised by BEGIN IMMEDIATE.
"""

import datetime
import logging
import smtplib
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection, connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments import notices as appointment_notices
from comptoir.appointments.actions import book_appointment
from comptoir.appointments.models import BookingSource
from comptoir.notifications.actions import (
    deliver,
    deliver_due_messages,
    queue_message,
    retry_now,
)
from comptoir.notifications.models import Channel, Message, MessageStatus
from comptoir.notifications.sms import BaseSMSBackend
from comptoir.workshops import actions as workshop_actions
from comptoir.workshops import notices as workshop_notices
from tests.appointments.factories_public import at, make_desk
from tests.factories import SessionFactory

SMTP_DOWN = "SMTPServerDisconnected: Connection unexpectedly closed"


class DownSMTPBackend(BaseEmailBackend):
    """A mail server that hangs up, as smtplib reports it."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def make_due(message: Message) -> None:
    """Time passes: the next attempt is now."""
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())


def wait_of(message: Message) -> datetime.timedelta:
    """How long until the next attempt (rounded to the second)."""
    message.refresh_from_db()
    seconds = round((message.send_after - timezone.now()).total_seconds())
    return datetime.timedelta(seconds=seconds)


def an_email(venue, key="reliability:1:email") -> Message:
    return queue_message(
        venue=venue,
        key=key,
        channel=Channel.EMAIL,
        to="josiane@example.org",
        subject="Votre rendez-vous de jeudi",
        body="Bonjour Josiane,",
    )


def an_sms(venue, key="reliability:1:sms") -> Message:
    return queue_message(
        venue=venue, key=key, channel=Channel.SMS, to="+33612345678", body="Rappel : demain 10:00."
    )


# --- A provider fails, then comes back ------------------------------------------------------------


@pytest.mark.django_db
def test_a_mail_server_down_keeps_the_email_pending_visible_and_retried_ever_later(
    settings, venue, mediator_client
):
    settings.EMAIL_BACKEND = f"{__name__}.DownSMTPBackend"
    message = an_email(venue)
    waits = []
    for attempt in (1, 2, 3):
        assert deliver(message.pk) == "retry"
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING
        assert message.attempts == attempt
        assert message.last_error == SMTP_DOWN
        waits.append(wait_of(message))
        assert deliver(message.pk) == "not due"  # nobody hammers the server meanwhile
        if attempt < 3:
            make_due(message)
    assert waits == [datetime.timedelta(minutes=m) for m in (1, 2, 4)]

    # Staff see it waiting, how many tries, when the next one is, and why.
    page = mediator_client.get(reverse("notifications:outbox", args=[venue.slug])).content.decode()
    next_try = timezone.localtime(message.send_after).strftime("%d/%m %H:%M")
    assert f"3 essais, nouvel essai le {next_try}" in page
    assert SMTP_DOWN in page
    assert "Votre rendez-vous de jeudi" in page

    # The server is back: the sweep sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(message)
    assert deliver_due_messages() == {"sent": 1}
    assert deliver_due_messages() == {}
    assert deliver(message.pk) == "skipped"
    assert [m.subject for m in mail.outbox] == ["Votre rendez-vous de jeudi"]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 4, "")
    page = mediator_client.get(reverse("notifications:outbox", args=[venue.slug])).content.decode()
    assert SMTP_DOWN not in page


@pytest.mark.django_db
def test_a_failing_sms_provider_keeps_the_sms_pending_then_it_leaves_once(
    settings, venue, sms_outbox, mediator_client
):
    settings.SMS_BACKEND = "comptoir.notifications.sms.FailingBackend"
    message = an_sms(venue)
    assert deliver(message.pk) == "retry"
    make_due(message)
    assert deliver_due_messages() == {"retry": 1}
    assert wait_of(message) == datetime.timedelta(minutes=2)
    page = mediator_client.get(reverse("notifications:outbox", args=[venue.slug])).content.decode()
    assert "2 essais, nouvel essai le" in page
    assert "SMSError: The SMS provider is unreachable." in page

    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    make_due(message)
    assert deliver_due_messages() == {"sent": 1}
    assert deliver_due_messages() == {}
    assert sms_outbox == [("+33612345678", "Rappel : demain 10:00.")]


@pytest.mark.django_db
def test_staff_retrying_a_waiting_message_does_not_send_it_twice(venue, sms_outbox):
    message = an_sms(venue)
    assert retry_now(message)
    assert retry_now(message)
    assert deliver(message.pk) == "sent"
    assert not retry_now(message)  # already gone: nothing to retry
    assert deliver_due_messages() == {}
    assert len(sms_outbox) == 1


# --- The database blinks right after the provider accepted the message ----------------------------


def failing_updates(times: int):
    """QuerySet.update fails `times` times as if the database had gone, then works."""
    real_update = QuerySet.update
    calls = {"n": 0}

    def update(self, **kwargs):
        if self.model is Message and kwargs.get("status") == MessageStatus.SENT:
            calls["n"] += 1
            if calls["n"] <= times:
                raise OperationalError("server closed the connection unexpectedly")
        return real_update(self, **kwargs)

    return mock.patch.object(QuerySet, "update", update)


@pytest.mark.django_db(transaction=True)
def test_a_sent_message_is_still_marked_sent_when_the_database_blinks(venue, sms_outbox, caplog):
    message = an_sms(venue)
    with failing_updates(2), mock.patch("comptoir.notifications.actions.time.sleep") as sleep:
        assert deliver(message.pk) == "sent"
    assert [c.args[0] for c in sleep.call_args_list] == [1, 2]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert deliver_due_messages() == {}
    assert len(sms_outbox) == 1
    assert "marking it sent failed, trying again" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_when_the_database_stays_away_the_worker_says_the_message_may_leave_twice(
    venue, sms_outbox, caplog
):
    message = an_sms(venue)
    with (
        failing_updates(99),
        mock.patch("comptoir.notifications.actions.time.sleep"),
        caplog.at_level(logging.ERROR),
        pytest.raises(OperationalError),
    ):
        deliver(message.pk)
    assert "was sent but could not be marked sent" in caplog.text
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING  # claimed: left alone until the lease ends
    assert deliver(message.pk) == "not due"


# --- Reminders: asked for twice, delivered twice, sent once ---------------------------------------


@pytest.fixture
def desk(venue):
    return make_desk(venue)


def book(desk):
    return book_appointment(
        appointment_type=desk.kind,
        starts_at=at(3, 10),
        first_name="Josiane",
        phone="+33612345678",
        consent_to_reminders=True,
        source=BookingSource.ONLINE,
    )


def run_recorded(recorded_tasks) -> list[str]:
    """What a worker does: run every enqueued delivery task (a dummy backend records them)."""
    return [result.task.call(*result.args) for result in recorded_tasks.results]


@pytest.mark.django_db
def test_an_appointment_reminder_scheduled_and_delivered_twice_is_sent_once(
    desk, recorded_tasks, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(desk)
    enqueued = len(recorded_tasks.results)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_notices._schedule_reminders(appointment)  # the reminder step, run again
    assert len(recorded_tasks.results) == enqueued  # nothing new to deliver
    [reminder] = Message.objects.filter(key__contains=":reminder-day-before:")
    assert Message.objects.filter(key__contains=":reminder-2h:").count() == 1

    # The day before comes. The worker runs every task, then runs them all again
    # (a retried task, a restarted worker), and the sweep passes too.
    make_due(reminder)
    first, second = run_recorded(recorded_tasks), run_recorded(recorded_tasks)
    assert sorted(first) == ["not due", "sent", "sent"]  # confirmation, reminder; 2 h not yet
    assert sorted(second) == ["not due", "skipped", "skipped"]
    assert deliver_due_messages() == {}
    assert [body for _to, body in sms_outbox].count(reminder.body) == 1
    assert len(sms_outbox) == 2


@pytest.mark.django_db
def test_a_workshop_reminder_scheduled_twice_is_sent_once(venue, sms_outbox):
    session = SessionFactory(workshop__venue=venue, capacity=4)
    registration = workshop_actions.register(
        session=session, first_name="Josiane", phone="+33612345678", consent_to_reminders=True
    )
    workshop_notices._schedule_reminder(registration)
    workshop_notices._schedule_reminder(registration)
    [reminder] = Message.objects.filter(key__contains=":reminder")
    make_due(reminder)
    assert deliver(reminder.pk) == "sent"
    assert deliver(reminder.pk) == "skipped"
    assert deliver_due_messages() == {"sent": 1}  # the confirmation; the reminder is gone already
    assert len(sms_outbox) == 2


@pytest.mark.django_db
def test_a_workshop_moved_away_and_back_gets_its_reminder_back(venue, mediator, sms_outbox):
    session = SessionFactory(workshop__venue=venue, capacity=4)
    registration = workshop_actions.register(
        session=session, first_name="Josiane", phone="+33612345678", consent_to_reminders=True
    )
    first_time, duration = session.starts_at, session.ends_at - session.starts_at

    def move_to(starts_at):
        workshop_actions.update_session(
            actor=mediator,
            session=session,
            starts_at=starts_at,
            ends_at=starts_at + duration,
            capacity=4,
        )

    move_to(first_time + datetime.timedelta(days=1))
    move_to(first_time)
    pending = Message.objects.filter(
        key__startswith=f"workshop-registration:{registration.pk}:reminder",
        status=MessageStatus.PENDING,
    )
    [reminder] = pending
    assert reminder.send_after == first_time - workshop_notices.REMINDER_BEFORE
    assert reminder.attempts == 0
    make_due(reminder)
    assert deliver(reminder.pk) == "sent"
    assert deliver(reminder.pk) == "skipped"


@pytest.mark.django_db
def test_asking_again_for_a_sent_message_never_sends_it_again(venue, sms_outbox):
    message = an_sms(venue)
    assert deliver(message.pk) == "sent"
    again = an_sms(venue)
    assert again.pk == message.pk
    assert again.status == MessageStatus.SENT
    assert deliver_due_messages() == {}
    assert len(sms_outbox) == 1


# --- Several workers at once (PostgreSQL) ---------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
)

sent_by_slow_provider: list[str] = []
_sent_lock = threading.Lock()


class SlowProvider(BaseSMSBackend):
    """Takes a moment to accept each SMS, so workers overlap."""

    def send(self, to: str, body: str) -> None:
        threading.Event().wait(0.2)
        with _sent_lock:
            sent_by_slow_provider.append(body)


def simultaneously(function, times: int) -> list:
    """Run `function` in `times` threads (own connections), released together."""
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_four_workers_delivering_the_same_message_send_it_once(settings, venue):
    settings.SMS_BACKEND = f"{__name__}.SlowProvider"
    sent_by_slow_provider.clear()
    message = an_sms(venue)
    outcomes = simultaneously(lambda: deliver(message.pk), 4)
    assert sorted(outcomes, key=str).count("sent") == 1, outcomes
    assert set(outcomes) <= {"sent", "not due", "skipped"}, outcomes
    assert sent_by_slow_provider == ["Rappel : demain 10:00."]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_three_sweeps_at_once_send_each_message_once(settings, venue):
    settings.SMS_BACKEND = f"{__name__}.SlowProvider"
    sent_by_slow_provider.clear()
    for n in range(6):
        queue_message(
            venue=venue, key=f"sweep:{n}:sms", channel=Channel.SMS, to="+33612345678", body=f"n{n}"
        )
    results = simultaneously(deliver_due_messages, 3)
    assert all(isinstance(r, dict) for r in results), results
    assert sum(r.get("sent", 0) for r in results) == 6
    assert sorted(sent_by_slow_provider) == [f"n{n}" for n in range(6)]
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
