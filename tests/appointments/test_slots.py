"""The free-slot engine: weekly hours, absences, closures, notice, horizon, taken
time (also at another venue), and the days when the clocks change."""

import datetime
import itertools

import pytest
from django.utils import timezone

from comptoir.appointments import actions
from comptoir.appointments.models import AppointmentMode, BookingPolicy
from comptoir.appointments.slots import find_slot, free_periods, free_slots
from comptoir.venues.models import Closure
from tests.appointments.factories import (
    AbsenceFactory,
    AppointmentTypeFactory,
    WeeklyAvailabilityFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
)
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2030, 3, 4)  # a Monday, far from any clock change
NOW = local(MONDAY - datetime.timedelta(days=7), 8)  # a week before


def clock(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def hours(slots):
    return [s.local_start.strftime("%H:%M") for s in slots]


@pytest.fixture
def camille(venue):
    return mediator_at(venue, "camille", first_name="Camille")


@pytest.fixture
def reason(venue, camille):
    WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=0)  # Monday 9:00-12:00
    return AppointmentTypeFactory(venue=venue, duration_minutes=45, mediators=[camille])


def test_it_cuts_weekly_hours_into_slots_every_half_hour(reason, camille):
    slots = free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]
    assert hours(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    assert all(s.mediator_ids == (camille.pk,) for s in slots)
    assert slots[0].ends_at - slots[0].starts_at == datetime.timedelta(minutes=45)
    assert slots[0].starts_at.tzinfo == datetime.UTC


def test_only_the_weekdays_with_hours_have_slots(reason):
    week = free_slots(reason, MONDAY, MONDAY + datetime.timedelta(days=6), now=NOW)
    assert list(week) == [MONDAY]


def test_a_15_minute_reason_starts_every_quarter_hour(venue, camille):
    WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=0, end=datetime.time(10))
    short = AppointmentTypeFactory(venue=venue, duration_minutes=15, mediators=[camille])
    assert hours(free_slots(short, MONDAY, MONDAY, now=NOW)[MONDAY]) == [
        "09:00",
        "09:15",
        "09:30",
        "09:45",
    ]


def test_a_day_can_have_a_morning_and_an_afternoon(reason, venue, camille):
    WeeklyAvailabilityFactory(
        venue=venue, mediator=camille, weekday=0, start=datetime.time(14), end=datetime.time(15)
    )
    slots = free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]
    assert hours(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00", "14:00"]


def test_hours_at_another_venue_give_no_slot_here(reason, camille, other_venue):
    WeeklyAvailabilityFactory(venue=other_venue, mediator=camille, weekday=1)
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert free_slots(reason, tuesday, tuesday, now=NOW) == {}


def test_two_mediators_free_at_the_same_time_make_one_slot(reason, venue, camille):
    dominique = mediator_at(venue, "dominique")
    WeeklyAvailabilityFactory(
        venue=venue, mediator=dominique, weekday=0, start=datetime.time(10), end=datetime.time(11)
    )
    reason.mediators.add(dominique)
    slots = {
        s.local_start.strftime("%H:%M"): s
        for s in free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]
    }
    assert slots["10:00"].mediator_ids == (camille.pk, dominique.pk)
    assert slots["09:00"].mediator_ids == (camille.pk,)
    only_dominique = free_slots(reason, MONDAY, MONDAY, now=NOW, mediator_id=dominique.pk)
    assert hours(only_dominique[MONDAY]) == ["10:00"]


def test_a_mediator_who_no_longer_offers_the_reason_gives_no_slot(reason, camille):
    reason.mediators.remove(camille)
    assert free_slots(reason, MONDAY, MONDAY, now=NOW) == {}


def test_an_absence_removes_the_mediators_days_even_recorded_at_another_venue(
    reason, camille, other_venue
):
    AbsenceFactory(venue=other_venue, mediator=camille, start_date=MONDAY, end_date=MONDAY)
    next_monday = MONDAY + datetime.timedelta(days=7)
    found = free_slots(reason, MONDAY, next_monday, now=NOW)
    assert list(found) == [next_monday]


def test_an_absence_of_one_mediator_leaves_the_others(reason, venue, camille):
    dominique = mediator_at(venue, "dominique")
    WeeklyAvailabilityFactory(venue=venue, mediator=dominique, weekday=0)
    reason.mediators.add(dominique)
    AbsenceFactory(venue=venue, mediator=camille, start_date=MONDAY, end_date=MONDAY)
    slots = free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]
    assert {s.mediator_ids for s in slots} == {(dominique.pk,)}


def test_a_venue_closure_removes_the_day(reason, venue):
    Closure.objects.create(venue=venue, start_date=MONDAY, end_date=MONDAY, reason="Férié")
    assert free_slots(reason, MONDAY, MONDAY, now=NOW) == {}


def test_another_venues_closure_does_not_matter(reason, other_venue):
    Closure.objects.create(venue=other_venue, start_date=MONDAY, end_date=MONDAY)
    assert MONDAY in free_slots(reason, MONDAY, MONDAY, now=NOW)


def test_an_outreach_reason_honours_the_partner_places_closures(reason, venue):
    partner = VenueFactory(network=venue.network, outreach=True)
    reason.mode, reason.outreach_venue = AppointmentMode.OUTREACH, partner
    reason.save()
    Closure.objects.create(venue=partner, start_date=MONDAY, end_date=MONDAY)
    assert free_slots(reason, MONDAY, MONDAY, now=NOW) == {}


def test_visitors_need_the_minimum_notice_staff_do_not(reason, venue):
    BookingPolicy.objects.create(venue=venue, min_notice_hours=2)
    now = local(MONDAY, 8, 10)
    assert hours(free_slots(reason, MONDAY, MONDAY, now=now)[MONDAY])[0] == "10:30"
    assert hours(free_slots(reason, MONDAY, MONDAY, now=now, staff=True)[MONDAY])[0] == "09:00"


def test_nobody_books_in_the_past_not_even_staff(reason):
    now = local(MONDAY, 10, 5)
    assert hours(free_slots(reason, MONDAY, MONDAY, now=now, staff=True)[MONDAY]) == [
        "10:30",
        "11:00",
    ]


def test_nothing_is_offered_beyond_the_horizon(reason, venue):
    BookingPolicy.objects.create(venue=venue, horizon_days=14)
    found = free_slots(reason, MONDAY, MONDAY + datetime.timedelta(days=28), now=NOW)
    assert list(found) == [MONDAY]  # NOW + 14 days reaches the next Monday at 8:00 only


def test_a_taken_slot_and_every_slot_overlapping_it_disappear(reason, camille):
    make_appointment(reason, camille, local(MONDAY, 9, 30))  # 9:30-10:15
    assert hours(free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]) == ["10:30", "11:00"]


def test_a_longer_appointment_of_another_reason_blocks_what_it_overlaps(reason, venue, camille):
    long = AppointmentTypeFactory(venue=venue, duration_minutes=90, mediators=[camille])
    make_appointment(long, camille, local(MONDAY, 10))  # 10:00-11:30
    assert hours(free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]) == ["09:00"]


def test_a_mediator_booked_at_another_venue_is_not_free_here(reason, camille, other_venue):
    elsewhere = AppointmentTypeFactory(venue=other_venue, duration_minutes=60, mediators=[camille])
    make_appointment(elsewhere, camille, local(MONDAY, 9))  # 9:00-10:00, at the other venue
    assert hours(free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY]) == ["10:00", "10:30", "11:00"]


def test_a_cancelled_appointment_frees_its_slot(reason, camille):
    appointment = make_appointment(reason, camille, local(MONDAY, 9))
    assert "09:00" not in hours(free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY])
    actions.cancel_appointment(appointment=appointment)
    assert "09:00" in hours(free_slots(reason, MONDAY, MONDAY, now=NOW)[MONDAY])


def test_find_slot_finds_exactly_that_start_or_nothing(reason, camille):
    slot = find_slot(reason, local(MONDAY, 9, 30), now=NOW)
    assert slot is not None and slot.mediator_ids == (camille.pk,)
    assert find_slot(reason, local(MONDAY, 9, 15), now=NOW) is None  # not a slot start
    assert find_slot(reason, local(MONDAY, 12), now=NOW) is None  # after hours


# --- The days the clocks change (Europe/Paris) ------------------------------------------------


def last_sunday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


SPRING = last_sunday(2030, 3)  # 2:00 becomes 3:00
AUTUMN = last_sunday(2030, 10)  # 3:00 becomes 2:00


def test_morning_hours_on_the_spring_change_day_are_local_hours(venue, camille):
    WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=6)
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=60, mediators=[camille])
    before = SPRING - datetime.timedelta(days=7)
    found = free_slots(reason, before, SPRING, now=local(before, 0), staff=True)
    assert (
        hours(found[before])
        == hours(found[SPRING])
        == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    )
    assert found[before][0].starts_at.hour == 8  # UTC+1 in winter
    assert found[SPRING][0].starts_at.hour == 7  # UTC+2 in summer


def test_night_hours_across_the_spring_change_are_real_time(venue, camille):
    WeeklyAvailabilityFactory(
        venue=venue, mediator=camille, weekday=6, start=datetime.time(1), end=datetime.time(4)
    )
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=30, mediators=[camille])
    slots = free_slots(reason, SPRING, SPRING, now=local(SPRING, 0) - datetime.timedelta(days=1))[
        SPRING
    ]
    # 1:00-4:00 that night lasts two hours: 2:00-3:00 does not exist.
    assert hours(slots) == ["01:00", "01:30", "03:00", "03:30"]
    starts = [s.starts_at for s in slots]
    assert len(set(starts)) == len(starts)
    assert all(b - a == datetime.timedelta(minutes=30) for a, b in itertools.pairwise(starts))


def test_night_hours_across_the_autumn_change_are_real_time(venue, camille):
    WeeklyAvailabilityFactory(
        venue=venue, mediator=camille, weekday=6, start=datetime.time(1), end=datetime.time(4)
    )
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=30, mediators=[camille])
    slots = free_slots(reason, AUTUMN, AUTUMN, now=local(AUTUMN, 0) - datetime.timedelta(days=1))[
        AUTUMN
    ]
    # 1:00-4:00 that night lasts four hours: 2:00-3:00 happens twice.
    assert hours(slots) == ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30"]
    assert len({s.starts_at for s in slots}) == 8


def test_a_booking_on_the_change_day_holds_the_right_blocks(venue, camille):
    WeeklyAvailabilityFactory(
        venue=venue, mediator=camille, weekday=6, start=datetime.time(1), end=datetime.time(4)
    )
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=60, mediators=[camille])
    now = local(SPRING, 0) - datetime.timedelta(days=1)
    first = free_slots(reason, SPRING, SPRING, now=now, staff=True)[SPRING][0]  # 1:00 -> 3:00 local
    actions.book_appointment(
        appointment_type=reason, starts_at=first.starts_at, first_name="Nuit", now=now
    )
    assert hours(free_slots(reason, SPRING, SPRING, now=now, staff=True)[SPRING]) == ["03:00"]


# --- Free time, for the agenda ----------------------------------------------------------------


def test_free_periods_are_hours_minus_what_is_taken_and_what_is_past(reason, venue, camille):
    make_appointment(reason, camille, local(MONDAY, 10))  # 10:00-10:45
    periods = free_periods(venue, MONDAY, [camille.pk], now=local(MONDAY, 9, 20))[camille.pk]
    assert [(clock(a), clock(b)) for a, b in periods] == [("09:30", "10:00"), ("10:45", "12:00")]


def test_free_periods_are_empty_on_a_closure_or_an_absence(reason, venue, camille):
    AbsenceFactory(venue=venue, mediator=camille, start_date=MONDAY, end_date=MONDAY)
    assert free_periods(venue, MONDAY, [camille.pk], now=NOW) == {}
    Closure.objects.create(venue=venue, start_date=MONDAY, end_date=MONDAY)
    assert free_periods(venue, MONDAY, [camille.pk], now=NOW) == {}


@pytest.mark.django_db
def test_a_mediator_who_left_the_team_no_longer_offers_slots():
    from comptoir.venues.models import Membership

    appointment_type = AppointmentTypeFactory(mediators=[])
    venue = appointment_type.venue
    mediator = mediator_at(venue, "leaver")
    appointment_type.mediators.set([mediator])
    every_day(venue, mediator)
    day = next_weekday(2, min_days=7)
    assert free_slots(appointment_type, day, day)
    Membership.objects.filter(user=mediator, venue=venue).delete()
    assert free_slots(appointment_type, day, day) == {}
