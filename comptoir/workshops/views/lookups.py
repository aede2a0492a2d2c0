"""Fetch-and-authorise helpers of the staff views: always scoped to the membership's venue."""

from django.db.models import Count, Q, QuerySet

from comptoir.venues.models import Membership
from comptoir.workshops.models import Registration, RegistrationStatus, Session, Workshop


def get_workshop_for(membership: Membership, pk: int) -> Workshop:
    """A workshop of the membership's venue, or 404 (never another venue's)."""
    return Workshop.objects.select_related("venue", "badge").get_for(membership, pk=pk)


def get_session_for(membership: Membership, pk: int) -> Session:
    """A session of the membership's venue, or 404."""
    return Session.objects.select_related("venue", "workshop", "workshop__badge", "place").get_for(
        membership, pk=pk
    )


def get_registration_for(membership: Membership, pk: int) -> Registration:
    """A registration to a session of the membership's venue, or 404."""
    return Registration.objects.select_related(
        "session__venue", "session__workshop", "person"
    ).get_for(membership, pk=pk)


def find_registration_for(membership: Membership, pk: int) -> Registration | None:
    """A registration to a session of the membership's venue, or None."""
    return (
        Registration.objects.select_related("session__workshop", "session__venue", "person")
        .for_membership(membership)
        .filter(pk=pk)
        .first()
    )


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with `taken` (seats held) and `waiting` (waiting list) counted in one query."""
    return sessions.select_related("workshop", "place").annotate(
        taken=Count("registrations", filter=Q(registrations__seat__isnull=False)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )
