"""The messages sent to a person (see comptoir/people/privacy.py).

Messages are found through the services' records (an appointment, a
registration): each service's privacy section gives the outbox key prefixes of
its records. An erasure cancels what is still waiting and redacts every message
(recipient, subject, text, attachment): the outbox keeps that a message was
sent and when, never to whom or what it said.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.audit.actions import REDACTED
from comptoir.notifications.models import Message, MessageStatus
from comptoir.people.privacy import (
    PREFIXES_PER_QUERY,
    Section,
    chunks,
    message_prefixes,
    record,
    register,
)
from comptoir.venues.roles import Capability

FIELDS = ("created_at", "channel", "to", "subject", "body", "status", "sent_at")


def _queries(person_ids: list[int]):
    for part in chunks(message_prefixes(person_ids), PREFIXES_PER_QUERY):
        yield Message.objects.filter(reduce(or_, (Q(key__startswith=p) for p in part)))


def export(person) -> list[dict]:
    messages = [m for query in _queries([person.pk]) for m in query.order_by("created_at", "pk")]
    return [record(message, FIELDS) for message in messages]


def erase(person_ids: list[int], *, actor, now) -> None:
    for query in _queries(person_ids):
        query.filter(status=MessageStatus.PENDING).update(status=MessageStatus.CANCELLED)
        query.update(
            to=REDACTED,
            subject="",
            body="",
            attachment_name="",
            attachment_content="",
            attachment_type="",
            last_error="",
        )


def cancel_pending_reminders(prefixes: list[str]) -> int:
    """Cancel the reminders still waiting among the messages with these key prefixes."""
    cancelled = 0
    for part in chunks(prefixes, PREFIXES_PER_QUERY):
        cancelled += (
            Message.objects.filter(reduce(or_, (Q(key__startswith=p) for p in part)))
            .filter(status=MessageStatus.PENDING, key__contains=":reminder")
            .update(status=MessageStatus.CANCELLED)
        )
    return cancelled


def withdraw_reminder_consent(bookings, key_prefix: str) -> None:
    """The person no longer agrees to reminders: clear the consent of these
    bookings (appointments, registrations) and cancel their pending reminders,
    whose keys start with `key_prefix` followed by the booking's id."""
    ids = list(bookings.filter(consent_to_reminders=True).values_list("pk", flat=True))
    if ids:
        bookings.model.objects.filter(pk__in=ids).update(
            consent_to_reminders=False, consent_at=None, consent_wording=""
        )
        cancel_pending_reminders([f"{key_prefix}{pk}:" for pk in ids])


register(
    Section(
        key="messages",
        label=_("Messages envoyés"),
        export=export,
        capability=Capability.VIEW_MESSAGES,
        erase=erase,
        order=90,
    )
)
