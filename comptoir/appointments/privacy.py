"""What appointments keep about a person (see comptoir/people/privacy.py).

An erasure keeps the appointments (the agenda and the journal need them) but
replaces the name and clears the contact, the topic and the consent; their
messages are cancelled or redacted by the notifications section.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.appointments.models import Appointment, AppointmentStatus
from comptoir.appointments.service import AppointmentCapability
from comptoir.notifications.privacy import withdraw_reminder_consent
from comptoir.people.privacy import ANONYMISED_NAME, Section, record, register

FIELDS = (
    "type",
    "starts_at",
    "ends_at",
    "status",
    "source",
    "first_name",
    "phone",
    "email",
    "topic",
    "consent_to_reminders",
    "consent_at",
    "consent_wording",
    "created_at",
)


def export(person) -> list[dict]:
    appointments = Appointment.objects.filter(person=person).select_related("type")
    return [record(appointment, FIELDS) for appointment in appointments.order_by("starts_at", "pk")]


def erase(person_ids: list[int], *, actor, now) -> None:
    Appointment.objects.filter(person_id__in=person_ids).update(
        first_name=ANONYMISED_NAME,
        phone="",
        email="",
        topic="",
        consent_to_reminders=False,
        consent_at=None,
        consent_wording="",
        updated_at=now,
    )


def recent_contact(cutoff) -> list[Exists]:
    # A booking made since, or an appointment since or still to come.
    return [
        Exists(
            Appointment.objects.filter(
                Q(starts_at__gte=cutoff) | Q(created_at__gte=cutoff), person=OuterRef("pk")
            )
        )
    ]


def withdraw_consent(person) -> None:
    """No more reminders for the person's appointments still to come."""
    upcoming = Appointment.objects.filter(
        person=person, status=AppointmentStatus.BOOKED, starts_at__gt=timezone.now()
    )
    withdraw_reminder_consent(upcoming, "appointment:")


def message_prefixes(person_ids: list[int]) -> list[str]:
    ids = Appointment.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
    return [f"appointment:{pk}:" for pk in ids]


register(
    Section(
        key="appointments",
        label=_("Rendez-vous"),
        export=export,
        capability=AppointmentCapability.VIEW_APPOINTMENTS,
        erase=erase,
        recent_contact=recent_contact,
        message_prefixes=message_prefixes,
        withdraw_consent=withdraw_consent,
        order=20,
    )
)
