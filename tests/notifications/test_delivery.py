"""The outbox: a message is sent once, a failure delays it (never loses it), the
sweep sends what is due and only that."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comptoir.notifications import sms as sms_module
from comptoir.notifications.actions import (
    CLAIM,
    MAX_ATTEMPTS,
    deliver,
    deliver_due_messages,
    queue_message,
    retry_delay,
)
from comptoir.notifications.models import Channel, Message, MessageStatus
from comptoir.notifications.sms import BaseSMSBackend
from comptoir.notifications.tasks import deliver_message
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,  # discard: nothing listens there
    "EMAIL_TIMEOUT": 5,
}


def sms(key="test:1:sms", **fields) -> Message:
    return queue_message(
        venue=fields.pop("venue", None) or VenueFactory(),
        key=key,
        channel=Channel.SMS,
        to=fields.pop("to", "+33612345678"),
        body="Rappel : rendez-vous demain à 10:00.",
        **fields,
    )


def email(key="test:1:email", **fields) -> Message:
    return queue_message(
        venue=VenueFactory(),
        key=key,
        channel=Channel.EMAIL,
        to="josiane@example.org",
        subject="Votre rendez-vous",
        body="Bonjour Josiane,",
        attachment=("rendez-vous.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        **fields,
    )


def make_due(message: Message) -> None:
    """Time passes: the next attempt is now."""
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())


# --- Sending once ---------------------------------------------------------------------------------


def test_an_sms_is_sent_once_however_often_delivery_runs(sms_outbox):
    message = sms()
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped"
    assert deliver_due_messages() == {}
    assert sms_outbox == [("+33612345678", "Rappel : rendez-vous demain à 10:00.")]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_an_email_carries_its_attachment():
    message = email()
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["josiane@example.org"]
    assert sent.subject == "Votre rendez-vous"
    assert sent.attachments[0][0] == "rendez-vous.ics"
    assert sent.attachments[0][2].startswith("text/calendar")


def test_asking_twice_for_the_same_message_makes_one(
    recorded_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sms()
        second = sms(venue=first.venue)
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert len(recorded_tasks.results) == 1


def test_a_message_claimed_by_another_worker_is_left_to_it(sms_outbox):
    message = sms()
    # Another worker claimed it a moment ago: its lease pushed send_after ahead.
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now() + CLAIM, attempts=1)
    assert deliver(message.pk) == "not due"
    assert sms_outbox == []


def test_a_message_not_yet_due_waits(sms_outbox):
    message = sms(send_after=timezone.now() + datetime.timedelta(hours=3))
    assert deliver(message.pk) == "not due"
    assert sms_outbox == []
    assert Message.objects.get().attempts == 0


def test_an_unknown_or_cancelled_message_is_skipped(sms_outbox):
    message = sms()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.CANCELLED)
    assert deliver(message.pk) == "skipped"
    assert deliver(message.pk + 1000) == "skipped"
    assert sms_outbox == []


# --- Failures delay, never lose ---------------------------------------------------------------------


def test_a_failing_sms_provider_delays_the_message_then_it_is_sent_once(settings, sms_outbox):
    settings.SMS_BACKEND = "comptoir.notifications.sms.FailingBackend"
    message = sms()
    before = timezone.now()
    assert deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert message.send_after >= before + retry_delay(1)
    assert message.last_error == "SMSError: The SMS provider is unreachable."

    assert deliver(message.pk) == "not due"  # the back-off is respected
    make_due(message)
    assert deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.send_after >= timezone.now() + retry_delay(2) - datetime.timedelta(seconds=5)

    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"  # the provider is back
    make_due(message)
    assert deliver_due_messages() == {"sent": 1}
    assert deliver_due_messages() == {}
    assert len(sms_outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 3
    assert message.last_error == ""


def test_an_unreachable_mail_server_delays_the_email_then_it_is_sent_once(settings):
    message = email()
    for name, value in UNREACHABLE_SMTP.items():
        setattr(settings, name, value)
    assert deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert message.send_after > timezone.now()
    assert "ConnectionRefusedError" in message.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(message)
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_failure_schedules_the_next_attempt(
    settings, recorded_tasks, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "comptoir.notifications.sms.FailingBackend"
    message = sms()
    with django_capture_on_commit_callbacks(execute=True):
        deliver(message.pk)
    message.refresh_from_db()
    [task] = recorded_tasks.results
    assert task.task.func is deliver_message.func
    assert task.args == [message.pk]
    assert task.task.run_after == message.send_after


def test_back_off_grows_then_the_message_is_abandoned_but_kept(settings, caplog):
    settings.SMS_BACKEND = "comptoir.notifications.sms.FailingBackend"
    message = sms()
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert delays[:4] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == datetime.timedelta(hours=6)
    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver(message.pk) == "retry"
        make_due(message)
    assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.last_error  # still listed, with why
    assert "abandoned" in caplog.text


class PickyBackend(BaseSMSBackend):
    """Chokes on one number with an error nobody planned for."""

    def send(self, to: str, body: str) -> None:
        if to == "+33600000000":
            raise ValueError("bad provider answer")
        sms_module.outbox.append((to, body))


class CancelledMeanwhileBackend(BaseSMSBackend):
    """The booking is cancelled while the provider hangs, then fails."""

    def send(self, to: str, body: str) -> None:
        Message.objects.update(status=MessageStatus.CANCELLED)
        raise OSError("timed out")


def test_an_unexpected_error_is_recorded_and_does_not_stop_the_sweep(settings, sms_outbox):
    settings.SMS_BACKEND = f"{__name__}.PickyBackend"
    broken = sms(key="test:broken:sms", to="+33600000000")
    sms(key="test:fine:sms", venue=broken.venue)
    assert deliver_due_messages() == {"retry": 1, "sent": 1}
    broken.refresh_from_db()
    assert broken.status == MessageStatus.PENDING
    assert broken.last_error == "ValueError: bad provider answer"
    assert len(sms_outbox) == 1


def test_a_message_cancelled_while_failing_stays_cancelled(settings):
    settings.SMS_BACKEND = f"{__name__}.CancelledMeanwhileBackend"
    message = sms()
    assert deliver(message.pk) == "retry"
    assert Message.objects.get().status == MessageStatus.CANCELLED


# --- Expiry ---------------------------------------------------------------------------------------


def test_a_message_past_its_moment_is_expired_not_sent(sms_outbox, caplog):
    message = sms(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert deliver(message.pk) == "expired"
    assert Message.objects.get().status == MessageStatus.EXPIRED
    assert sms_outbox == []
    assert "expired" in caplog.text


# --- The sweep ------------------------------------------------------------------------------------


def test_the_sweep_sends_what_is_due_and_only_that(sms_outbox):
    venue = VenueFactory()
    due = sms(key="due:sms", venue=venue)
    later = sms(
        key="later:sms", venue=venue, send_after=timezone.now() + datetime.timedelta(hours=1)
    )
    sent = sms(key="sent:sms", venue=venue)
    deliver(sent.pk)
    cancelled = sms(key="cancelled:sms", venue=venue)
    Message.objects.filter(pk=cancelled.pk).update(status=MessageStatus.CANCELLED)
    sms_outbox.clear()

    assert deliver_due_messages() == {"sent": 1}
    assert len(sms_outbox) == 1
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses[due.pk] == MessageStatus.SENT
    assert statuses[later.pk] == MessageStatus.PENDING
    assert statuses[cancelled.pk] == MessageStatus.CANCELLED


def test_the_sweep_command_reports_what_it_did(capsys):
    sms()
    call_command("deliver_due_messages")
    assert "Messages: 1 sent." in capsys.readouterr().out
    call_command("deliver_due_messages")
    assert "nothing due" in capsys.readouterr().out


# --- Scheduling the task --------------------------------------------------------------------------


def test_a_due_message_is_enqueued_to_run_now(recorded_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms()
    [task] = recorded_tasks.results
    assert task.args == [message.pk]
    assert task.task.run_after is None


def test_a_later_message_is_enqueued_for_its_time(
    recorded_tasks, django_capture_on_commit_callbacks
):
    when = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        sms(send_after=when)
    [task] = recorded_tasks.results
    assert task.task.run_after == when


def test_nothing_is_enqueued_before_the_transaction_commits(recorded_tasks):
    sms()
    assert recorded_tasks.results == []


def test_without_deferred_tasks_a_later_message_is_left_to_the_sweep(
    settings, django_capture_on_commit_callbacks, sms_outbox
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        now = sms(key="now:sms")
        later = sms(
            key="later:sms",
            venue=now.venue,
            send_after=timezone.now() + datetime.timedelta(hours=1),
        )
    assert Message.objects.get(pk=now.pk).status == MessageStatus.SENT  # ran inline
    assert Message.objects.get(pk=later.pk).status == MessageStatus.PENDING
    assert len(sms_outbox) == 1


def test_the_task_delivers_the_message(sms_outbox):
    message = sms()
    assert deliver_message.call(message.pk) == "sent"
    assert deliver_message.call(message.pk) == "skipped"
    assert len(sms_outbox) == 1
