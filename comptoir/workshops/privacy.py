"""What workshops keep about a person (see comptoir/people/privacy.py).

An erasure keeps the registrations (seats, attendance: the session's history)
but replaces the name and clears the contact and the consent; their messages
are cancelled or redacted by the notifications section. Sessions the person
animated as a peer keep them as animator (shown anonymised).
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.notifications.privacy import withdraw_reminder_consent
from comptoir.people.privacy import ANONYMISED_NAME, Section, local, record, register
from comptoir.workshops.models import Registration, RegistrationStatus, Session
from comptoir.workshops.service import WorkshopCapability

FIELDS = (
    "session",
    "status",
    "first_name",
    "phone",
    "email",
    "consent_to_reminders",
    "consent_at",
    "consent_wording",
    "created_at",
    "promoted_at",
    "cancelled_at",
    "checked_in_at",
)


def export(person) -> list[dict]:
    registrations = Registration.objects.filter(person=person).select_related("session__workshop")
    return [record(r, FIELDS) for r in registrations.order_by("created_at", "pk")]


def export_animated(person) -> list[dict]:
    sessions = person.animated_sessions.select_related("workshop").order_by("starts_at", "pk")
    return [
        {str(_("atelier")): session.workshop.title, str(_("date")): local(session.starts_at)}
        for session in sessions
    ]


def erase(person_ids: list[int], *, actor, now) -> None:
    Registration.objects.filter(person_id__in=person_ids).update(
        first_name=ANONYMISED_NAME,
        phone="",
        email="",
        consent_to_reminders=False,
        consent_at=None,
        consent_wording="",
    )


def recent_contact(cutoff) -> list[Exists]:
    through = Session.peer_animators.through
    return [
        Exists(
            Registration.objects.filter(
                Q(created_at__gte=cutoff) | Q(session__starts_at__gte=cutoff),
                person=OuterRef("pk"),
            )
        ),
        Exists(through.objects.filter(person_id=OuterRef("pk"), session__starts_at__gte=cutoff)),
    ]


def withdraw_consent(person) -> None:
    """No more reminders for the person's sessions still to come."""
    upcoming = Registration.objects.filter(
        person=person,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
        session__starts_at__gt=timezone.now(),
    )
    withdraw_reminder_consent(upcoming, "workshop-registration:")


def message_prefixes(person_ids: list[int]) -> list[str]:
    ids = Registration.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
    return [f"workshop-registration:{pk}:" for pk in ids]


register(
    Section(
        key="workshops",
        label=_("Inscriptions aux ateliers"),
        export=export,
        capability=WorkshopCapability.VIEW_WORKSHOPS,
        erase=erase,
        recent_contact=recent_contact,
        message_prefixes=message_prefixes,
        withdraw_consent=withdraw_consent,
        order=30,
    )
)
register(
    Section(
        key="workshops_animated",
        label=_("Ateliers animés"),
        export=export_animated,
        capability=WorkshopCapability.VIEW_WORKSHOPS,
        order=31,
    )
)
