"""Benchmark: free-slot computation for a busy venue (not a timed test).

Seeds a throw-away venue (N mediators with weekly hours, absences, a closure,
some bookings), then times `free_slots()` over the whole booking horizon and
counts its SQL queries. Everything is rolled back at the end unless --keep.

    python manage.py bench_slots                # 10 mediators, 8 weeks
    python manage.py bench_slots --mediators 3 --weeks 2 --bookings 20
"""

import datetime
import secrets
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.appointments.actions import BookingError, book_appointment
from comptoir.appointments.models import (
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    WeeklyAvailability,
)
from comptoir.appointments.slots import free_slots
from comptoir.venues.models import Closure, Membership, Network, Venue
from comptoir.venues.roles import Role

HOURS = [
    (datetime.time(9, 0), datetime.time(12, 30)),
    (datetime.time(13, 30), datetime.time(18, 0)),
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time free-slot computation for a venue with many mediators (rolled back)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--mediators", type=int, default=10)
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--bookings", type=int, default=300)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--keep", action="store_true", help="Keep the seeded data.")

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                self._bench(options)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Seeded data rolled back.")

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _bench(self, options) -> None:
        mediators_n, weeks = options["mediators"], options["weeks"]
        token = secrets.token_hex(3)
        today = timezone.localdate()
        horizon = weeks * 7

        self.say(f"Seeding a venue with {mediators_n} mediators over {weeks} weeks…")
        network, _created = Network.objects.get_or_create(
            slug="bench", defaults={"name": "Banc d’essai"}
        )
        venue = Venue.objects.create(
            network=network,
            name=f"Banc d’essai {token}",
            slug=f"bench-slots-{token}",
            address="1 rue du Test",
            postal_code="69100",
            commune="Villeurbanne",
        )
        BookingPolicy.objects.create(venue=venue, min_notice_hours=2, horizon_days=horizon)
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(username=f"bench-{token}-{i}", first_name=f"Médiateur {i}")
                for i in range(mediators_n)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, venue=venue, role=Role.MEDIATOR) for u in users]
        )
        WeeklyAvailability.objects.bulk_create(
            [
                WeeklyAvailability(venue=venue, mediator=u, weekday=d, start=a, end=b)
                for u in users
                for d in range(6)
                for a, b in HOURS
            ]
        )
        AvailabilityException.objects.bulk_create(
            [
                AvailabilityException(
                    venue=venue,
                    mediator=u,
                    start_date=today + datetime.timedelta(days=7 * (i % weeks) + 1),
                    end_date=today + datetime.timedelta(days=7 * (i % weeks) + 5),
                )
                for i, u in enumerate(users)
                if i % 3 == 0
            ]
        )
        Closure.objects.create(
            venue=venue,
            start_date=today + datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10),
            reason="Férié",
        )
        reason = AppointmentType.objects.create(venue=venue, name="Démarches", duration_minutes=45)
        reason.mediators.set(users)

        wanted = options["bookings"]
        self.say(f"Booking {wanted} appointments…")
        offered = free_slots(reason, today, today + datetime.timedelta(days=horizon - 1))
        candidates = [slot for day in sorted(offered) for slot in offered[day]]
        step = max(len(candidates) // max(wanted, 1), 1)
        booked = 0
        for slot in candidates[::step]:
            if booked >= wanted:
                break
            try:
                book_appointment(
                    appointment_type=reason, starts_at=slot.starts_at, first_name="Bench"
                )
            except BookingError:
                continue
            booked += 1
            if booked % 50 == 0:
                self.say(f"  {booked}/{wanted}")
        self.say(f"  {booked} booked.")

        self.say(f"Timing free_slots() over {horizon} days, {options['runs']} runs…")
        timings, queries, count = [], set(), 0
        for _run in range(max(options["runs"], 1)):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = free_slots(reason, today, today + datetime.timedelta(days=horizon - 1))
                timings.append(time.perf_counter() - started)
            queries.add(len(captured.captured_queries))
            count = sum(len(slots) for slots in result.values())
        with CaptureQueriesContext(connection) as one_week:
            free_slots(reason, today, today + datetime.timedelta(days=6))

        self.say("")
        self.say("Summary")
        self.say(f"  venue:            {mediators_n} mediators, {weeks} weeks, {booked} bookings")
        self.say(f"  free slots found: {count} on {len(result)} days")
        self.say(f"  SQL queries:      {sorted(queries)} (one week: {len(one_week)})")
        self.say(
            "  time (ms):        "
            f"min {min(timings) * 1000:.1f} · median {statistics.median(timings) * 1000:.1f}"
            f" · max {max(timings) * 1000:.1f}"
        )
