"""What people registered to a session receive: confirmation, waiting list,
promotion, reminder, cancellations. Through the notifications outbox (retried,
never lost, never sent twice); reminders only to people who accepted them.
"""

import datetime

from django.utils import timezone

from comptoir.kernel.phone import display_phone
from comptoir.notifications.actions import cancel_messages, queue_to_contact
from comptoir.workshops.links import manage_url

REMINDER_BEFORE = datetime.timedelta(hours=24)


def _prefix(registration) -> str:
    return f"workshop-registration:{registration.pk}:"


def _context(registration) -> dict:
    session = registration.session
    return {
        "registration": registration,
        "session": session,
        "workshop": session.workshop,
        "place": session.where,
        "start": timezone.localtime(session.starts_at),
        "link": manage_url(registration, absolute=True),
        "venue_phone": display_phone(session.venue.phone),
    }


def _send(registration, kind: str, *, send_after=None, version: str = "") -> None:
    """Queue the e-mail and/or SMS `kind` (templates workshops/messages/<kind>*.txt)."""
    session = registration.session
    queue_to_contact(
        venue=session.venue,
        key=f"{_prefix(registration)}{kind}{version}",
        templates=f"workshops/messages/{kind}",
        context=_context(registration),
        email=registration.email,
        phone=registration.phone,
        send_after=send_after,
        expires_at=session.starts_at,
    )


def _schedule_reminder(registration) -> None:
    if not registration.consent_to_reminders:
        return
    starts_at = registration.session.starts_at
    due = starts_at - REMINDER_BEFORE
    if due > timezone.now():
        # One reminder per start time: a session moved gets a new one.
        _send(registration, "reminder", send_after=due, version=f":{int(starts_at.timestamp())}")


def registered(registration) -> None:
    """A seat (confirmation + reminder) or a place on the waiting list."""
    if registration.holds_seat:
        _send(registration, "confirmation")
        _schedule_reminder(registration)
    else:
        _send(registration, "waitlisted")


def promoted(registration) -> None:
    _send(registration, "promoted")
    _schedule_reminder(registration)


def cancelled(registration) -> None:
    """The person cancelled (or staff did for them): drop their reminder, confirm it."""
    cancel_messages(_prefix(registration))
    _send(registration, "cancelled")


def session_moved(registration, move: str = "") -> None:
    """The session changed date or time: say so, and remind at the new time.
    `move` tells moves apart (A → B → A → B sends three notices)."""
    cancel_messages(_prefix(registration))
    version = f":{int(registration.session.starts_at.timestamp())}:{move}"
    _send(registration, "session_moved", version=version)
    if registration.holds_seat:
        _schedule_reminder(registration)


def session_cancelled(registration) -> None:
    cancel_messages(_prefix(registration))
    _send(registration, "session_cancelled")


def session_closed(registration) -> None:
    """Nothing to send; pending reminders (e.g. of a session closed early) are dropped."""
    cancel_messages(_prefix(registration))
