"""Factories and helpers for the appointments tests."""

import datetime

import factory
from django.utils import timezone

from comptoir.appointments.models import (
    BLOCK,
    Appointment,
    AppointmentTransition,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    SlotHold,
    WeeklyAvailability,
)
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory, VenueFactory


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Motif {n}")
    duration_minutes = 45

    @factory.post_generation
    def mediators(self, create, extracted, **kwargs):
        if create and extracted:
            self.mediators.set(extracted)


class WeeklyAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyAvailability

    venue = factory.SubFactory(VenueFactory)
    mediator = factory.SubFactory(UserFactory)
    weekday = 0
    start = datetime.time(9, 0)
    end = datetime.time(12, 0)


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilityException

    venue = factory.SubFactory(VenueFactory)
    mediator = factory.SubFactory(UserFactory)


class BookingPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingPolicy

    venue = factory.SubFactory(VenueFactory)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at local (Europe/Paris) wall-clock time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def next_weekday(weekday: int, after: datetime.date | None = None, min_days: int = 1):
    """The first date falling on `weekday` at least `min_days` after `after` (today)."""
    day = (after or timezone.localdate()) + datetime.timedelta(days=min_days)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def mediator_at(venue, username: str, role: str = Role.MEDIATOR, **names):
    user = UserFactory(username=username, **names)
    MembershipFactory(user=user, venue=venue, role=role)
    return user


def every_day(venue, mediator, start=datetime.time(8, 0), end=datetime.time(20, 0)):
    """Give a mediator the same hours every day of the week at the venue."""
    WeeklyAvailability.objects.bulk_create(
        [
            WeeklyAvailability(venue=venue, mediator=mediator, weekday=d, start=start, end=end)
            for d in range(7)
        ]
    )


def make_appointment(
    appointment_type: AppointmentType,
    mediator,
    starts_at: datetime.datetime,
    *,
    first_name: str = "Josiane",
    status: str = "booked",
    hold: bool = True,
    **fields,
) -> Appointment:
    """An appointment written straight to the database (no message, no audit),
    with its slot holds, as book_appointment would leave it."""
    appointment = Appointment.objects.create(
        venue=appointment_type.venue,
        type=appointment_type,
        mediator=mediator,
        first_name=first_name,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=appointment_type.duration_minutes),
        status=status,
        **fields,
    )
    if hold and status != "cancelled":
        blocks, start = [], appointment.starts_at
        while start < appointment.ends_at:
            blocks.append(SlotHold(mediator=mediator, block_start=start, appointment=appointment))
            start += BLOCK
        SlotHold.objects.bulk_create(blocks)
    AppointmentTransition.objects.create(appointment=appointment, to_state="booked")
    return appointment


def slot_value(moment: datetime.datetime) -> str:
    """How a slot is written in the pages' radio buttons (its start, in UTC)."""
    return moment.astimezone(datetime.UTC).isoformat()
