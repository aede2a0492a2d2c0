"""What the visitor receives: confirmation, reminders, change and cancellation notices.

Messages go through the notifications outbox (retried, never lost, never sent
twice). Reminders are sent only to people who accepted them.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from comptoir.appointments.ics import appointment_ics
from comptoir.appointments.links import manage_url
from comptoir.kernel.phone import display_phone
from comptoir.notifications.actions import cancel_messages, queue_to_contact

REMINDERS = (
    ("reminder-day-before", datetime.timedelta(hours=24)),
    ("reminder-2h", datetime.timedelta(hours=2)),
)


def _prefix(appointment) -> str:
    return f"appointment:{appointment.pk}:"


def _context(appointment) -> dict:
    place = appointment.type.outreach_venue or appointment.venue
    return {
        "appointment": appointment,
        "place": place,
        "start": timezone.localtime(appointment.starts_at),
        "link": settings.SITE_URL.rstrip("/") + manage_url(appointment),
        "venue_phone": display_phone(appointment.venue.phone),
    }


def _send(appointment, kind: str, *, send_after=None, with_ics: bool = False) -> None:
    context = _context(appointment)
    queue_to_contact(
        venue=appointment.venue,
        key=f"{_prefix(appointment)}v{appointment.version}:{kind}",
        templates=f"appointments/messages/{kind}",
        context=context,
        email=appointment.email,
        phone=appointment.phone,
        send_after=send_after,
        expires_at=appointment.starts_at,
        attachment=(
            (
                "rendez-vous.ics",
                appointment_ics(appointment, context["link"]).decode(),
                "text/calendar",
            )
            if with_ics
            else None
        ),
    )


def _schedule_reminders(appointment) -> None:
    if not appointment.consent_to_reminders:
        return
    now = timezone.now()
    for kind, before in REMINDERS:
        due = appointment.starts_at - before
        if due > now:
            _send(appointment, kind, send_after=due)


def appointment_booked(appointment) -> None:
    _send(appointment, "confirmation", with_ics=True)
    _schedule_reminders(appointment)


def appointment_moved(appointment) -> None:
    cancel_messages(_prefix(appointment))
    _send(appointment, "moved", with_ics=True)
    _schedule_reminders(appointment)


def appointment_cancelled(appointment) -> None:
    cancel_messages(_prefix(appointment))
    _send(appointment, "cancelled")
