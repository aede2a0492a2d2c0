"""Factories and helpers for the public booking tests (visitors, no account).

They build on tests/appointments/factories.py with the defaults of a reason
that visitors book online.
"""

import datetime
from dataclasses import dataclass

import factory
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments.models import AppointmentMode, AppointmentType, BookingPolicy
from comptoir.appointments.public_forms import format_start
from comptoir.venues.models import Venue
from comptoir.venues.roles import Role
from tests.appointments.factories import AppointmentTypeFactory, WeeklyAvailabilityFactory
from tests.factories import MembershipFactory, UserFactory, VenueFactory


class BookableTypeFactory(AppointmentTypeFactory):
    """A reason visitors can book online; `mediators=[…]` says who offers it."""

    name = factory.Sequence(lambda n: f"Aide numérique {n}")
    description = "Apportez votre téléphone et son chargeur."
    mode = AppointmentMode.ON_SITE
    bookable_online = True
    active = True

    class Params:
        by_phone = factory.Trait(mode=AppointmentMode.PHONE, name="Rendez-vous téléphonique")
        staff_only = factory.Trait(bookable_online=False)
        retired = factory.Trait(active=False)


class WeeklyHoursFactory(WeeklyAvailabilityFactory):
    end = datetime.time(17, 0)


def open_every_day(venue, mediator, start=datetime.time(9, 0), end=datetime.time(17, 0)) -> None:
    """The mediator works at the venue every day of the week, same hours."""
    for weekday in range(7):
        WeeklyHoursFactory(venue=venue, mediator=mediator, weekday=weekday, start=start, end=end)


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime `days` from today at local (Europe/Paris) wall-clock time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Desk:
    """A venue whose one mediator offers one reason, every day 9:00–17:00."""

    venue: Venue
    mediator: object
    kind: AppointmentType

    @property
    def start_url(self) -> str:
        return reverse("appointments:public_start", args=[self.venue.slug])

    @property
    def slots_url(self) -> str:
        return reverse("appointments:public_slots", args=[self.venue.slug, self.kind.pk])

    def book_url(self, starts_at: datetime.datetime | None = None, raw: str | None = None) -> str:
        url = reverse("appointments:public_book", args=[self.venue.slug, self.kind.pk])
        value = raw if raw is not None else format_start(starts_at or at(3, 10))
        return f"{url}?start={value}"


def make_desk(venue=None, *, policy: dict | None = None, **type_fields) -> Desk:
    venue = venue or VenueFactory(phone="+33478000000")
    mediator = UserFactory(username=f"mediator-{venue.slug}", first_name="Dominique")
    MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
    open_every_day(venue, mediator)
    if policy:
        BookingPolicy.objects.create(venue=venue, **policy)
    kind = BookableTypeFactory(venue=venue, mediators=[mediator], **type_fields)
    return Desk(venue=venue, mediator=mediator, kind=kind)
