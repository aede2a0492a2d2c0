"""What the public sees of a venue's sessions: which ones (the agenda, the
feeds), and what to say about each (seats left, price, registration state).

Used by the public pages, the iCal and RSS feeds and the poster. Every list
is one query whatever its length: seats and waiting list are counted in SQL.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.venues.models import Venue
from comptoir.workshops.models import (
    PriceKind,
    RegistrationStatus,
    Session,
    SessionStatus,
    Workshop,
)

# The iCal feed keeps recent sessions a while, so that subscribed calendars
# see them cancelled or done rather than vanished.
FEED_PAST = datetime.timedelta(days=30)


def get_public_venue(venue_slug: str) -> Venue:
    return get_object_or_404(Venue, slug=venue_slug)


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with the workshop and places loaded, seats taken and waiting list counted."""
    return sessions.select_related("workshop", "venue", "place").annotate(
        seated=Count("registrations", filter=Q(registrations__seat__isnull=False)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def upcoming_sessions(venue: Venue, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """The venue's scheduled sessions that have not started, first first."""
    now = now or timezone.now()
    return with_counts(
        Session.objects.filter(venue=venue, status=SessionStatus.SCHEDULED, starts_at__gt=now)
    ).order_by("starts_at", "pk")


def feed_sessions(venue: Venue, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """For the iCal feed: upcoming and recent sessions, cancelled ones included."""
    now = now or timezone.now()
    return (
        Session.objects.filter(venue=venue, ends_at__gte=now - FEED_PAST)
        .select_related("workshop", "venue", "place")
        .order_by("starts_at", "pk")
    )


def public_session_or_404(venue_slug: str, pk: int) -> Session:
    """A session of that venue (any state: the page says cancelled or past), or 404."""
    return get_object_or_404(
        with_counts(Session.objects.all()).prefetch_related(
            "animators", "peer_animators", "workshop__competences"
        ),
        pk=pk,
        venue__slug=venue_slug,
    )


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def price_label(workshop: Workshop) -> str:
    """'Gratuit', '5 €', '5 € (pass numérique accepté)'."""
    if workshop.price_kind == PriceKind.FREE:
        return _("Gratuit")
    amount = workshop.price_amount
    if amount is None:
        text = _("Payant")
    else:
        number = formats.number_format(amount, 0 if amount == int(amount) else 2)
        text = _("%(amount)s €") % {"amount": number}
    if workshop.price_kind == PriceKind.PASS:
        return _("%(price)s (pass numérique accepté)") % {"price": text}
    return text


def place_line(session: Session) -> str:
    """Where, on one line: 'Café du Port, 1 place de la Mairie, 69100 Villeurbanne (à l’étage)'."""
    place = session.where
    parts = [place.name, place.address]
    if place.address_complement:
        parts.append(place.address_complement)
    parts.append(f"{place.postal_code} {place.commune}".strip())
    line = ", ".join(part for part in parts if part)
    return f"{line} ({session.room})" if session.room else line


def animator_names(session: Session) -> list[str]:
    """First names only: staff (their first name, else nothing) then peers."""
    names = [user.first_name for user in session.animators.all() if user.first_name]
    names += [person.first_name for person in session.peer_animators.all()]
    return sorted(set(names), key=names.index)


@dataclass
class Entry:
    """One session as the public sees it."""

    session: Session
    start: datetime.datetime  # local time
    end: datetime.datetime  # local time
    seats_left: int
    waiting: int
    state: str  # Session.registration_state()
    price: str
    url: str

    @property
    def full(self) -> bool:
        return self.seats_left == 0

    @property
    def opens_at(self) -> datetime.datetime | None:
        opens = self.session.registration_opens_at
        return timezone.localtime(opens) if opens else None

    @property
    def closes_at(self) -> datetime.datetime | None:
        closes = self.session.registration_closes_at
        return timezone.localtime(closes) if closes else None


def entry(session: Session, now: datetime.datetime | None = None) -> Entry:
    """Needs a session from with_counts()."""
    seated = session.seated  # type: ignore[attr-defined]
    return Entry(
        session=session,
        start=timezone.localtime(session.starts_at),
        end=timezone.localtime(session.ends_at),
        seats_left=max(0, session.capacity - seated),
        waiting=session.waiting,  # type: ignore[attr-defined]
        state=session.registration_state(now),
        price=price_label(session.workshop),
        url=session.get_public_url(),
    )


@dataclass
class Day:
    day: datetime.date
    entries: list[Entry]


def by_day(entries: list[Entry]) -> list[Day]:
    days: list[Day] = []
    for item in entries:
        if not days or days[-1].day != item.start.date():
            days.append(Day(day=item.start.date(), entries=[]))
        days[-1].entries.append(item)
    return days
