"""Free slots cost a constant number of queries: 10 mediators, 8 weeks, few or
many bookings. (Timings are measured by `manage.py bench_slots`, not asserted.)"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.appointments.models import AvailabilityException, BookingPolicy, WeeklyAvailability
from comptoir.appointments.slots import free_slots
from tests.appointments.factories import AppointmentTypeFactory, make_appointment, mediator_at
from tests.queries import query_budget

pytestmark = pytest.mark.django_db

WEEKS = 8


@pytest.fixture
def busy_venue(venue):
    mediators = [mediator_at(venue, f"mediator-{i}") for i in range(10)]
    WeeklyAvailability.objects.bulk_create(
        [
            WeeklyAvailability(
                venue=venue, mediator=m, weekday=d, start=datetime.time(9), end=datetime.time(17)
            )
            for m in mediators
            for d in range(6)
        ]
    )
    BookingPolicy.objects.create(venue=venue, horizon_days=WEEKS * 7)
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=45, mediators=mediators)
    return reason, mediators


def count_queries(reason, days: int) -> tuple[int, int]:
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as captured:
        found = free_slots(reason, today, today + datetime.timedelta(days=days - 1))
    return len(captured.captured_queries), sum(len(slots) for slots in found.values())


def book_many(reason, mediators, per_mediator: int) -> None:
    start = timezone.localdate() + datetime.timedelta(days=1)
    for mediator in mediators:
        for n in range(per_mediator):
            day = start + datetime.timedelta(days=n // 8)
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            make_appointment(reason, mediator, moment + datetime.timedelta(hours=n % 8))


def test_free_slots_for_10_mediators_over_8_weeks_use_a_constant_number_of_queries(busy_venue):
    reason, mediators = busy_venue
    one_week, _ = count_queries(reason, 7)
    empty, offered = count_queries(reason, WEEKS * 7)
    assert offered > 600  # 15 a day, 6 days a week
    book_many(reason, mediators, per_mediator=30)
    AvailabilityException.objects.create(
        venue=reason.venue,
        mediator=mediators[0],
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=9),
    )
    busy, fewer = count_queries(reason, WEEKS * 7)
    assert fewer < offered
    assert one_week == empty == busy
    with query_budget(6):
        free_slots(reason, timezone.localdate(), timezone.localdate() + datetime.timedelta(weeks=8))


def test_the_benchmark_command_runs_on_a_tiny_venue_and_leaves_nothing():
    from io import StringIO

    out = StringIO()
    call_command("bench_slots", mediators=2, weeks=1, bookings=3, runs=1, stdout=out)
    text = out.getvalue()
    assert "Seeding a venue with 2 mediators over 1 weeks" in text
    assert "SQL queries:" in text and "time (ms):" in text
    assert "3 booked." in text
    assert "rolled back" in text
    assert not WeeklyAvailability.objects.exists()
