"""What the visitor receives: confirmation, reminders, change and cancellation notices.

Messages go through the notifications outbox (retried, never lost, never sent
twice). Reminders are sent only to people who accepted them.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from comptoir.appointments.ics import appointment_ics
from comptoir.appointments.links import manage_url
from comptoir.notifications.actions import cancel_messages, queue_message
from comptoir.notifications.models import Channel
from comptoir.venues.phone import display_phone

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
    key = f"{_prefix(appointment)}v{appointment.version}:{kind}"
    with translation.override("fr"):
        if appointment.email:
            queue_message(
                venue=appointment.venue,
                key=f"{key}:email",
                channel=Channel.EMAIL,
                to=appointment.email,
                subject=render_to_string(
                    f"appointments/messages/{kind}_subject.txt", context
                ).strip(),
                body=render_to_string(f"appointments/messages/{kind}.txt", context),
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
        if appointment.phone:
            queue_message(
                venue=appointment.venue,
                key=f"{key}:sms",
                channel=Channel.SMS,
                to=appointment.phone,
                body=render_to_string(f"appointments/messages/{kind}_sms.txt", context).strip(),
                send_after=send_after,
                expires_at=appointment.starts_at,
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
