"""What a report covers: a set of venues and a period (dates inclusive).

Activities carry the local date (Europe/Paris) of the accompaniment, so a
period is a plain date range: an activity of 31 December at 23:30 in Paris
belongs to December whatever the time zone of the server.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from comptoir.journal.models import Activity, ActivityTheme, MissedBooking
from comptoir.venues.models import Membership, Venue
from comptoir.venues.roles import ROLE_CAPABILITIES, Capability, role_allows


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one.

        Whole calendar months compare with the same number of months before
        (January–June with July–December of the year before); the year so far
        (1 January to a day of the same year) with the same dates a year
        earlier; other periods with the same number of days.
        """
        year_so_far = (self.start.month, self.start.day) == (1, 1) and (
            self.end.year == self.start.year
        )
        if year_so_far and not _whole_months(self):
            return Period(_year_before(self.start), _year_before(self.end))
        months = _whole_months(self)
        if months:
            end = self.start - datetime.timedelta(days=1)
            start = _add_months(self.start, -months)
            return Period(start, end)
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def months(self) -> list[datetime.date]:
        """First day of every month the period touches."""
        first = self.start.replace(day=1)
        result = []
        while first <= self.end:
            result.append(first)
            first = _add_months(first, 1)
        return result


def _year_before(day: datetime.date) -> datetime.date:
    if (day.month, day.day) == (2, 29):  # only as the end of "the year so far"
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def _whole_months(period: Period) -> int:
    """Number of whole calendar months if the period is exactly that, else 0."""
    if period.start.day != 1:
        return 0
    after = period.end + datetime.timedelta(days=1)
    if after.day != 1:
        return 0
    return (after.year - period.start.year) * 12 + after.month - period.start.month


@dataclass(frozen=True)
class Scope:
    """A set of venues over a period."""

    venue_ids: tuple[int, ...]
    period: Period

    def activities(self) -> QuerySet[Activity]:
        return Activity.objects.filter(
            venue_id__in=self.venue_ids,
            date__gte=self.period.start,
            date__lte=self.period.end,
        )

    def activities_before(self) -> QuerySet[Activity]:
        return Activity.objects.filter(venue_id__in=self.venue_ids, date__lt=self.period.start)

    def themes(self) -> QuerySet[ActivityTheme]:
        return ActivityTheme.objects.filter(
            activity__venue_id__in=self.venue_ids,
            activity__date__gte=self.period.start,
            activity__date__lte=self.period.end,
        )

    def participant_links(self, activities: QuerySet[Activity] | None = None):
        """Known participants of collective activities (one row per person and activity)."""
        through = Activity.participants.through
        if activities is None:
            return through.objects.filter(
                activity__venue_id__in=self.venue_ids,
                activity__date__gte=self.period.start,
                activity__date__lte=self.period.end,
            )
        return through.objects.filter(activity__in=activities)

    def missed_bookings(self) -> QuerySet[MissedBooking]:
        return MissedBooking.objects.filter(
            venue_id__in=self.venue_ids,
            date__gte=self.period.start,
            date__lte=self.period.end,
        )

    def previous(self) -> "Scope":
        return Scope(self.venue_ids, self.period.previous())


def venue_ids_allowing(user, capability: str) -> set[int]:
    """Ids of the venues where the user's role gives `capability`."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {venue_id for venue_id, role in _roles(user) if role_allows(role, capability)}


def _roles(user) -> list[tuple[int, str]]:
    """The user's (venue id, role) pairs, read once per request: the user object
    lives as long as the request, and a report page asks several questions of it
    (which venues it may export, whether it reads exact figures)."""
    roles = getattr(user, "_report_roles", None)
    if roles is None:
        roles = list(
            Membership.objects.filter(user=user).values_list("venue_id", "role").order_by()
        )
        user._report_roles = roles
    return roles


def exact_figures(user, venue_ids) -> bool:
    """Whether `user` may read the exact figures of these venues: their role at
    every one of them gives the small counts (coordinators and mediators, who
    see the journal anyway). Anyone else (a funder, a network partner, a
    coordinator of venue A looking at A and B) reads them with small counts
    withheld (disclosure.py) and over whole months (`whole_months()`)."""
    allowed = venue_ids_allowing(user, Capability.VIEW_EXACT_FIGURES)
    return bool(venue_ids) and set(venue_ids) <= allowed


def whole_months(period: Period) -> Period:
    """The period widened to whole calendar months: from the first day of its
    first month to the last day of its last month. The periods of a reader
    without exact figures: at least a month, and no day-by-day differences."""
    start = period.start.replace(day=1)
    end = _add_months(period.end.replace(day=1), 1) - datetime.timedelta(days=1)
    return Period(start, end)


def reportable_venues(user) -> QuerySet[Venue]:
    """The venues whose figures `user` may see: those where a role gives them
    the reports. A funder given two venues sees those two, never the others."""
    if not getattr(user, "is_authenticated", False):
        return Venue.objects.none()
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.VIEW_REPORTS in caps]
    venue_ids = Membership.objects.filter(user=user, role__in=roles).values("venue_id")
    return (
        Venue.objects.filter(pk__in=venue_ids)
        .select_related("network")
        .order_by("network__name", "name")
    )
