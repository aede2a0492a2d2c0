"""Queue and deliver messages. Delivery is idempotent and never loses a message.

Delivering is done in three short steps, so that no database lock is held
while talking to a mail server or an SMS provider (which may hang):

1. claim: lock the row, check it is pending and due, count the attempt and
   push `send_after` a lease ahead — another worker now sees it "not due";
2. send, outside any transaction;
3. record: sent, or the error and the next attempt after a back-off.

A worker that dies between 1 and 3 leaves the message pending: it is tried
again once the lease is over (by its task being retried or by the sweep,
`deliver_due_messages`). So a message is never lost; it is sent twice only if
a worker dies after the provider accepted it and before step 3, or if the
database stays unreachable through that whole step (it is tried for ~15 s).
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from comptoir.kernel.phone import french_mobile
from comptoir.notifications.models import Channel, Message, MessageStatus
from comptoir.notifications.sms import get_backend

logger = logging.getLogger(__name__)

# Back-off between attempts: 1, 2, 4, 8… minutes, capped at 6 hours; then after
# MAX_ATTEMPTS the message is marked failed (and stays listed for staff).
MAX_ATTEMPTS = 12
MAX_DELAY = datetime.timedelta(hours=6)
# How long a claimed message is left to the worker sending it before another
# may try: longer than any send can take (set EMAIL_TIMEOUT below this).
CLAIM = datetime.timedelta(minutes=10)
# A task may start a little early (clocks, scheduling): that is still on time.
EARLY = datetime.timedelta(seconds=5)
# Pauses (seconds) between tries of marking a message sent when the database
# fails right after the provider accepted it (a restart takes a few seconds).
RECORD_SENT_PAUSES = (1, 2, 4, 8)


def retry_delay(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def queue_message(
    *,
    venue,
    key: str,
    channel: str,
    to: str,
    body: str,
    subject: str = "",
    send_after: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    attachment: tuple[str, str, str] | None = None,
) -> Message:
    """Create the message once (by key) and schedule its delivery after commit.

    Asking again for a message that exists changes nothing (it is sent once),
    unless it was cancelled before being sent: then it is wanted again (a
    workshop moved away and back to its first time needs its reminder back),
    and it is queued again with the new content.
    """
    fields = {
        "venue": venue,
        "channel": channel,
        "to": to,
        "subject": subject,
        "body": body,
        "send_after": send_after or timezone.now(),
        "expires_at": expires_at,
        "attachment_name": attachment[0] if attachment else "",
        "attachment_content": attachment[1] if attachment else "",
        "attachment_type": attachment[2] if attachment else "",
    }
    message, created = Message.objects.get_or_create(key=key, defaults=fields)
    if not created and message.status == MessageStatus.CANCELLED:
        revived = Message.objects.filter(pk=message.pk, status=MessageStatus.CANCELLED).update(
            **fields, status=MessageStatus.PENDING, attempts=0, last_error=""
        )
        message.refresh_from_db()
        created = bool(revived)
    if created:
        transaction.on_commit(lambda: schedule_delivery(message))
    return message


def queue_to_contact(
    *,
    venue,
    key: str,
    templates: str,
    context: dict,
    email: str = "",
    phone: str = "",
    send_after: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    attachment: tuple[str, str, str] | None = None,
) -> None:
    """Queue one message to a visitor by e-mail and/or SMS, from three templates:
    `<templates>_subject.txt` and `<templates>.txt` (e-mail), `<templates>_sms.txt`.

    Written in French (the visitors' language); keys get `:email` / `:sms`.
    An SMS goes only to a number that phonenumbers knows as a mobile: a landline
    (a person's fixed number copied onto a booking) gets none.
    """
    mobile = french_mobile(phone) if phone else None
    if phone and mobile is None:
        logger.info("No SMS for %s: the number is not a mobile.", key)
    with translation.override("fr"):
        if email:
            queue_message(
                venue=venue,
                key=f"{key}:email",
                channel=Channel.EMAIL,
                to=email,
                subject=render_to_string(f"{templates}_subject.txt", context).strip(),
                body=render_to_string(f"{templates}.txt", context),
                send_after=send_after,
                expires_at=expires_at,
                attachment=attachment,
            )
        if mobile:
            queue_message(
                venue=venue,
                key=f"{key}:sms",
                channel=Channel.SMS,
                to=mobile,
                body=render_to_string(f"{templates}_sms.txt", context).strip(),
                send_after=send_after,
                expires_at=expires_at,
            )


def schedule_delivery(message: Message) -> None:
    """Enqueue the delivery task, to run when the message is due.

    Never raises: if the task cannot be enqueued, the sweep sends the message.
    """
    from comptoir.notifications.tasks import deliver_message

    run_after = message.send_after if message.send_after > timezone.now() else None
    try:
        if run_after is None:
            deliver_message.enqueue(message.pk)
        elif deliver_message.get_backend().supports_defer:
            deliver_message.using(run_after=run_after).enqueue(message.pk)
        else:
            logger.info("Message %s left to the sweep (no deferred tasks).", message.pk)
    except Exception:
        logger.exception("Could not enqueue the delivery of message %s", message.pk)


def cancel_messages(key_prefix: str) -> int:
    """Cancel pending messages whose key starts with the prefix (e.g. a cancelled booking)."""
    return Message.objects.filter(key__startswith=key_prefix, status=MessageStatus.PENDING).update(
        status=MessageStatus.CANCELLED
    )


def _send(message: Message) -> None:
    if message.channel == Channel.SMS:
        get_backend().send(message.to, message.body)
        return
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.attachment_name:
        email.attach(message.attachment_name, message.attachment_content, message.attachment_type)
    email.send(fail_silently=False)


def _claim(message_id: int) -> tuple[Message | None, str]:
    """Step 1: take the message for this worker, or say why not."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.PENDING:
            return None, "skipped"
        now = timezone.now()
        if message.expires_at is not None and message.expires_at <= now:
            message.status = MessageStatus.EXPIRED
            message.save(update_fields=["status"])
            logger.warning("Message %s expired before it could be sent.", message.pk)
            return None, "expired"
        if message.send_after > now + EARLY:
            return None, "not due"
        message.attempts += 1
        message.send_after = now + CLAIM
        message.save(update_fields=["attempts", "send_after"])
        return message, "claimed"


def deliver(message_id: int) -> str:
    """Send one message if it is pending and due. Returns what happened:
    "sent", "retry", "failed", "expired", "not due" or "skipped".

    Safe to call any number of times, from any number of workers: a message
    is sent once (see the module's docstring).
    """
    message, outcome = _claim(message_id)
    if message is None:
        return outcome
    try:
        _send(message)
    except Exception as error:  # whatever the backend raises, record it and retry
        return _record_failure(message, error)
    _record_sent(message)
    return "sent"


def _record_sent(message: Message) -> None:
    """Step 3 after a success. The message has left: if the database blinks now, try
    again for a few seconds rather than let the lease expire and send it twice."""
    sent_at = timezone.now()
    for pause in (*RECORD_SENT_PAUSES, None):
        try:
            Message.objects.filter(pk=message.pk).update(
                status=MessageStatus.SENT, sent_at=sent_at, last_error=""
            )
            return
        except (OperationalError, InterfaceError):
            connection = connections[Message.objects.db]
            if pause is None or connection.in_atomic_block:
                logger.error(
                    "Message %s was sent but could not be marked sent: it may be sent again "
                    "once its claim is over.",
                    message.pk,
                )
                raise
            logger.warning("Message %s sent; marking it sent failed, trying again.", message.pk)
            time.sleep(pause)
            connection.close_if_unusable_or_obsolete()


def _record_failure(message: Message, error: Exception) -> str:
    """Step 3 after a failure: keep the error, schedule the next attempt or give up."""
    now = timezone.now()
    message.last_error = f"{type(error).__name__}: {error}"[:300]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
        logger.error(
            "Message %s abandoned after %s attempts: %s", message.pk, message.attempts, error
        )
    else:
        message.send_after = now + retry_delay(message.attempts)
        logger.warning("Message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
    with transaction.atomic():
        # Only if nobody cancelled it meanwhile (a booking cancelled while sending).
        Message.objects.filter(pk=message.pk, status=MessageStatus.PENDING).update(
            status=message.status, last_error=message.last_error, send_after=message.send_after
        )
        if message.status == MessageStatus.PENDING:
            transaction.on_commit(lambda: schedule_delivery(message))
    return "retry" if message.status == MessageStatus.PENDING else "failed"


def retry_now(message: Message) -> bool:
    """Staff asked to send a pending or given-up message again, now.

    Returns False when the message is no longer to be sent (sent, cancelled, or
    past its expiry: a reminder for an appointment that has begun).
    """
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status not in (MessageStatus.PENDING, MessageStatus.FAILED):
            return False
        if message.expires_at is not None and message.expires_at <= now:
            return False
        message.status = MessageStatus.PENDING
        message.send_after = now
        message.save(update_fields=["status", "send_after"])
        transaction.on_commit(lambda: schedule_delivery(message))
    return True


def deliver_due_messages(limit: int = 500) -> dict[str, int]:
    """Sweep: send every pending message that is due (safety net if a task was lost),
    and mark expired the ones whose moment has passed."""
    now = timezone.now()
    due = Message.objects.filter(status=MessageStatus.PENDING, send_after__lte=now).values_list(
        "pk", flat=True
    )[:limit]
    results: dict[str, int] = {}
    for pk in list(due):
        outcome = deliver(pk)
        results[outcome] = results.get(outcome, 0) + 1
    return results
