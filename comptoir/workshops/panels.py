"""What workshops add to other pages: a link on the venue's public page, a panel on
the venue's staff home (this week's sessions) and one on a person's page (their
registrations)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.workshops.service import WorkshopCapability


def agenda_link(venue):
    if venue.is_outreach:
        return None
    return _("Ateliers et temps collectifs"), reverse("workshops:agenda", args=[venue.slug])


def week_panel(membership):
    """On the venue home: the sessions of the next seven days, with their seats."""
    if not membership.allows(WorkshopCapability.VIEW_WORKSHOPS):
        return None
    from comptoir.workshops.models import Session, SessionStatus
    from comptoir.workshops.views.lookups import with_counts

    now = timezone.now()
    sessions = list(
        with_counts(
            Session.objects.filter(
                venue=membership.venue,
                status=SessionStatus.SCHEDULED,
                starts_at__gte=now,
                starts_at__lt=now + datetime.timedelta(days=7),
            )
        ).order_by("starts_at", "pk")
    )
    to_close = Session.objects.filter(
        venue=membership.venue, status=SessionStatus.SCHEDULED, starts_at__lt=now
    ).count()
    return "workshops/staff/panel.html", {"sessions": sessions, "to_close": to_close}


def person_workshops_panel(membership, person):
    """On a person's page: upcoming registrations, and how often they came or not."""
    if not membership.allows(WorkshopCapability.VIEW_WORKSHOPS):
        return None
    from comptoir.workshops.models import Registration, RegistrationStatus, SessionStatus

    R = RegistrationStatus
    registrations = Registration.objects.filter(person=person, session__venue=membership.venue)
    upcoming = list(
        registrations.filter(
            status__in=[R.CONFIRMED, R.WAITLISTED],
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__gte=timezone.now(),
        )
        .select_related("session__workshop")
        .order_by("session__starts_at", "pk")[:5]
    )
    past = registrations.aggregate(
        attended=Count("pk", filter=Q(status=R.ATTENDED)),
        no_show=Count("pk", filter=Q(status=R.NO_SHOW)),
    )
    return "workshops/staff/person_panel.html", {
        "person": person,
        "upcoming": upcoming,
        "attended": past["attended"],
        "no_show": past["no_show"],
    }
