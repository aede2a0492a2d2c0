"""The data the load benchmark serves: venues in two networks with a large
journal, and what the services need for their pages to show something real.

The journal, the known people and the monthly figures come from the reports'
benchmark (`comptoir.reports.benchdata.BenchJournal`, its network `bench-reports`).
On top of it: half of the venues move to a second network, and each venue gets
a team (a coordinator and two mediators), two reasons for appointments booked
online with the mediators' weekly hours, a year of appointments and the next
six weeks partly booked, a workshop catalogue with a year of sessions and the
next six weeks open for registration, and today's café numérique queue.

Big tables (appointments, their slot holds and transitions, registrations)
are written with COPY on PostgreSQL, like the journal. Everything is found
again by its networks and its user names, and deleted in bulk.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from comptoir.appointments.models import (
    BLOCK,
    Appointment,
    AppointmentStatus,
    AppointmentTransition,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    BookingSource,
    SlotHold,
    WeeklyAvailability,
)
from comptoir.helpdesk.models import (
    HelpdeskSettings,
    HelpRequest,
    HelpRequestTransition,
    KioskDevice,
    Outcome,
    Status,
)
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.journal.cra import Theme
from comptoir.journal.models import Activity
from comptoir.people.models import Person
from comptoir.reports import rollup
from comptoir.reports.benchdata import NETWORK_SLUG, BenchJournal, Table
from comptoir.venues.models import Membership, Network, OpeningPeriod, Venue
from comptoir.venues.roles import Role
from comptoir.workshops.models import (
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Session,
    SessionStatus,
    Workshop,
)

USER_PREFIX = "bench-load-"
SECOND_NETWORK_SLUG = "bench-load-b"
FIRST_NETWORK_NAME = "Banc d’essai de charge — réseau A"
SECOND_NETWORK_NAME = "Banc d’essai de charge — réseau B"

# Appointments: 45-minute slots, morning and afternoon, Monday to Saturday.
SLOT_MINUTES = 45
SLOT_STARTS = [
    datetime.time(9, 0),
    datetime.time(9, 45),
    datetime.time(10, 30),
    datetime.time(11, 15),
    datetime.time(14, 0),
    datetime.time(14, 45),
    datetime.time(15, 30),
    datetime.time(16, 15),
]
HOURS = [(datetime.time(9), datetime.time(12)), (datetime.time(14), datetime.time(17))]
PAST_DAYS = 364
HORIZON_DAYS = 42  # the default booking policy
# At most this share of the coming weeks' slots is booked: visitors still find some.
FUTURE_FILL = 0.45
# Workshops: Tuesday afternoon and Thursday morning, 12 seats.
SESSION_TIMES = [(1, datetime.time(14)), (3, datetime.time(10))]
SESSION_CAPACITY = 12
WORKSHOP_TITLES = [
    ("Premiers pas sur smartphone", Theme.GETTING_STARTED),
    ("Mes démarches en ligne", Theme.ADMIN_PROCEDURES),
    ("Ma messagerie", Theme.EMAIL),
    ("Santé en ligne", Theme.HEALTH),
]
BATCH = 10_000


@dataclass
class World:
    """What the pages are measured on: the busiest venue and its people."""

    networks: list[Network]
    venue_ids: list[int]
    venue: Venue
    mediator: object
    network_viewer: object
    appointment_type: AppointmentType
    session: Session
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)


class BenchWorld:
    def __init__(self, *, rng: random.Random, today: datetime.date, say) -> None:
        self.random = rng
        self.today = today
        self.say = say
        self.journal = BenchJournal(rng=rng, today=today, say=say)

    # --- Seeding ---------------------------------------------------------------------------------

    def seed(self, options) -> World:
        started = time.perf_counter()
        seeded = self.journal.seed(
            {
                "venues": options["venues"],
                "people": options["people"],
                "activities": options["activities"],
            }
        )
        timings = {"journal": time.perf_counter() - started}
        started = time.perf_counter()
        self.say("Seeding the services: teams, appointments, workshops, the café numérique…")
        networks = self.split_networks(seeded["network"], seeded["venue_ids"])
        venue_ids = seeded["venue_ids"]
        now = timezone.now()
        with transaction.atomic():
            staff = self.seed_staff(networks, venue_ids)
            self.seed_venues(venue_ids)
        people = self.people_by_venue(venue_ids)
        counts = dict(seeded["counts"])
        counts["appointments"] = self.seed_appointments(
            venue_ids, staff, people, options["appointments"], now
        )
        counts["registrations"] = self.seed_workshops(
            venue_ids, staff, people, options["registrations"], now
        )
        counts["help requests today"] = self.seed_helpdesk(
            venue_ids, staff, people, options["waiting"], now
        )
        self.analyse()
        timings["services"] = time.perf_counter() - started
        timings["monthly figures"] = seeded["monthly"][1]
        world = self.world(networks, venue_ids)
        world.counts = counts
        world.timings = timings
        return world

    def split_networks(self, network: Network, venue_ids: list[int]) -> list[Network]:
        """The second half of the venues forms a second network."""
        network.name = FIRST_NETWORK_NAME
        network.save(update_fields=["name"])
        networks = [network]
        second = venue_ids[(len(venue_ids) + 1) // 2 :]
        if second:
            other = Network.objects.create(name=SECOND_NETWORK_NAME, slug=SECOND_NETWORK_SLUG)
            Venue.objects.filter(pk__in=second).update(network=other)
            networks.append(other)
        return networks

    def seed_staff(self, networks: list[Network], venue_ids: list[int]) -> dict[int, list]:
        """A coordinator and two mediators per venue; a viewer per network (its funder)."""
        User = get_user_model()
        # One hash for everyone: nobody logs in before the run sets a real password.
        password = make_password(None)
        users, memberships, staff = [], [], {}
        slugs = dict(Venue.objects.filter(pk__in=venue_ids).values_list("pk", "slug"))
        for venue_id in venue_ids:
            number = slugs[venue_id].rsplit("-", 1)[-1]
            team = [
                (Role.COORDINATOR, f"{USER_PREFIX}{number}-coordination", "Claude"),
                (Role.MEDIATOR, f"{USER_PREFIX}{number}-mediation-1", "Dominique"),
                (Role.MEDIATOR, f"{USER_PREFIX}{number}-mediation-2", "Sacha"),
            ]
            for role, username, first_name in team:
                users.append(
                    User(
                        username=username,
                        first_name=first_name,
                        last_name=f"Lieu {number}",
                        password=password,
                    )
                )
                memberships.append((username, venue_id, role))
        for network in networks:
            username = f"{USER_PREFIX}{network.slug}-financeur"
            users.append(User(username=username, first_name="Financeur", password=password))
            for venue_id in network.venues.values_list("pk", flat=True):
                memberships.append((username, venue_id, Role.VIEWER))
        User.objects.bulk_create(users)
        ids = dict(
            User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "pk")
        )
        Membership.objects.bulk_create(
            [
                Membership(user_id=ids[username], venue_id=venue_id, role=role)
                for username, venue_id, role in memberships
            ]
        )
        for username, venue_id, role in memberships:
            if role == Role.MEDIATOR:
                staff.setdefault(venue_id, []).append(ids[username])
        return staff

    def seed_venues(self, venue_ids: list[int]) -> None:
        """Opening hours, a phone number, the booking rules (the defaults)."""
        Venue.objects.filter(pk__in=venue_ids).update(
            phone="+33478000000",
            summary="Aide au numérique, avec ou sans rendez-vous.",
        )
        OpeningPeriod.objects.bulk_create(
            [
                OpeningPeriod(venue_id=venue_id, weekday=weekday, opens=opens, closes=closes)
                for venue_id in venue_ids
                for weekday in range(6)
                for opens, closes in ((datetime.time(9), datetime.time(12)), HOURS[1])
            ]
        )
        BookingPolicy.objects.bulk_create([BookingPolicy(venue_id=pk) for pk in venue_ids])

    def people_by_venue(self, venue_ids: list[int]) -> dict[int, list[int]]:
        people: dict[int, list[int]] = {pk: [] for pk in venue_ids}
        for venue_id, pk in Person.objects.filter(venue_id__in=venue_ids).values_list(
            "venue_id", "pk"
        ):
            people[venue_id].append(pk)
        return people

    def seed_appointments(self, venue_ids, staff, people, total: int, now) -> int:
        """Two reasons per venue, the mediators' weekly hours, and `total`
        appointments on the grid of 45-minute slots: a year back, six weeks ahead."""
        rnd = self.random
        types = AppointmentType.objects.bulk_create(
            [
                AppointmentType(
                    venue_id=venue_id,
                    name=name,
                    description="Apportez votre téléphone et son chargeur.",
                    duration_minutes=SLOT_MINUTES,
                    theme=theme,
                )
                for venue_id in venue_ids
                for name, theme in (
                    ("Aide au numérique", Theme.GETTING_STARTED),
                    ("Démarches en ligne", Theme.ADMIN_PROCEDURES),
                )
            ]
        )
        types = list(AppointmentType.objects.filter(venue_id__in=venue_ids).order_by("pk"))
        through = AppointmentType.mediators.through
        through.objects.bulk_create(
            [
                through(appointmenttype_id=kind.pk, user_id=user_id)
                for kind in types
                for user_id in staff[kind.venue_id]
            ]
        )
        types_at: dict[int, list[int]] = {}
        for kind in types:
            types_at.setdefault(kind.venue_id, []).append(kind.pk)
        WeeklyAvailability.objects.bulk_create(
            [
                WeeklyAvailability(
                    venue_id=venue_id, mediator_id=user_id, weekday=weekday, start=start, end=end
                )
                for venue_id in venue_ids
                for user_id in staff[venue_id]
                for weekday in range(6)
                for start, end in HOURS
            ]
        )
        # The grid of slots, split into the past and today onwards.
        days = [
            self.today + datetime.timedelta(days=n)
            for n in range(-PAST_DAYS, HORIZON_DAYS)
            if (self.today + datetime.timedelta(days=n)).weekday() < 6
        ]
        past, coming = [], []
        for day in days:
            for venue_id in venue_ids:
                for user_id in staff[venue_id]:
                    for start in SLOT_STARTS:
                        (past if day < self.today else coming).append(
                            (venue_id, user_id, day, start)
                        )
        total = min(total, len(past) + len(coming))
        share = total / (len(past) + len(coming)) if total else 0
        future_n = min(int(len(coming) * min(share, FUTURE_FILL)), total)
        past_n = min(total - future_n, len(past))
        chosen = [(slot, True) for slot in rnd.sample(past, past_n)]
        chosen += [(slot, False) for slot in rnd.sample(coming, future_n)]
        chosen.sort(key=lambda item: (item[0][2], item[0][3]))

        table = Table(
            Appointment,
            [
                "id",
                "venue_id",
                "type_id",
                "mediator_id",
                "person_id",
                "first_name",
                "phone",
                "consent_to_reminders",
                "starts_at",
                "ends_at",
                "status",
                "source",
            ],
            now,
        )
        holds = Table(SlotHold, ["mediator_id", "block_start", "appointment_id"], now)
        transitions = Table(
            AppointmentTransition, ["appointment_id", "from_state", "to_state", "at"], now
        )
        first = table.reserve_ids(len(chosen))
        statuses_past = (
            [AppointmentStatus.DONE, AppointmentStatus.NO_SHOW]
            + [AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED],
            [80, 8, 4, 8],
        )
        sources = (
            [BookingSource.ONLINE, BookingSource.STAFF, BookingSource.HELPDESK],
            [40, 50, 10],
        )
        rows, hold_rows, transition_rows = [], [], []
        duration = datetime.timedelta(minutes=SLOT_MINUTES)
        for i, ((venue_id, user_id, day, start), is_past) in enumerate(chosen):
            pk = first + i
            starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
            if is_past:
                status = rnd.choices(*statuses_past)[0]
            else:
                status = (
                    AppointmentStatus.CANCELLED if rnd.random() < 0.08 else AppointmentStatus.BOOKED
                )
            venue_people = people[venue_id]
            person_id = (
                venue_people[rnd.randrange(len(venue_people))]
                if venue_people and rnd.random() < 0.6
                else None
            )
            rows.append(
                (
                    pk,
                    venue_id,
                    rnd.choice(types_at[venue_id]),
                    user_id,
                    person_id,
                    f"Visiteur {pk}",
                    f"+336{pk % 100_000_000:08d}",
                    True,
                    starts_at,
                    starts_at + duration,
                    status,
                    rnd.choices(*sources)[0],
                )
            )
            booked_at = starts_at - datetime.timedelta(days=rnd.randint(1, 20))
            transition_rows.append((pk, "", AppointmentStatus.BOOKED, booked_at))
            if status != AppointmentStatus.BOOKED:
                transition_rows.append((pk, AppointmentStatus.BOOKED, status, starts_at + duration))
            if status != AppointmentStatus.CANCELLED:
                block = starts_at
                while block < starts_at + duration:
                    hold_rows.append((user_id, block, pk))
                    block += BLOCK
            if len(rows) >= BATCH:
                self.flush((table, rows), (holds, hold_rows), (transitions, transition_rows))
                rows, hold_rows, transition_rows = [], [], []
        self.flush((table, rows), (holds, hold_rows), (transitions, transition_rows))
        self.say(
            f"  {table.rows:,} appointments ({future_n:,} from today on), "
            f"{holds.rows:,} slot holds, {transitions.rows:,} transitions"
        )
        return table.rows

    def seed_workshops(self, venue_ids, staff, people, total: int, now) -> int:
        """A catalogue per venue, two sessions a week (a year back: closed; six
        weeks ahead: open), and `total` registrations spread over them."""
        rnd = self.random
        Workshop.objects.bulk_create(
            [
                Workshop(
                    venue_id=venue_id,
                    title=title,
                    description="Un atelier en petit groupe, à votre rythme.",
                    themes=[theme],
                    default_capacity=SESSION_CAPACITY,
                )
                for venue_id in venue_ids
                for title, theme in WORKSHOP_TITLES
            ]
        )
        workshops_at: dict[int, list[int]] = {}
        for venue_id, pk in (
            Workshop.objects.filter(venue_id__in=venue_ids)
            .order_by("pk")
            .values_list("venue_id", "pk")
        ):
            workshops_at.setdefault(venue_id, []).append(pk)
        sessions = []
        for n in range(-PAST_DAYS, HORIZON_DAYS):
            day = self.today + datetime.timedelta(days=n)
            for weekday, hour in SESSION_TIMES:
                if day.weekday() != weekday:
                    continue
                starts_at = timezone.make_aware(datetime.datetime.combine(day, hour))
                ends_at = starts_at + datetime.timedelta(minutes=90)
                done = ends_at < now
                for venue_id in venue_ids:
                    sessions.append(
                        Session(
                            workshop_id=rnd.choice(workshops_at[venue_id]),
                            venue_id=venue_id,
                            starts_at=starts_at,
                            ends_at=ends_at,
                            capacity=SESSION_CAPACITY,
                            status=SessionStatus.CLOSED if done else SessionStatus.SCHEDULED,
                            closed_at=ends_at if done else None,
                        )
                    )
        Session.objects.bulk_create(sessions, batch_size=2000)
        rows_by_session = list(
            Session.objects.filter(venue_id__in=venue_ids).values_list(
                "pk", "venue_id", "starts_at", "status"
            )
        )
        # Registrations drawn at random over the sessions, as many as asked
        # (a session takes at most 18: 12 seats and 6 on the waiting list).
        wanted: dict[int, int] = {}
        capacity_left = {pk: SESSION_CAPACITY + 6 for pk, *_rest in rows_by_session}
        pks = [pk for pk, *_rest in rows_by_session]
        for _n in range(min(total, sum(capacity_left.values()))):
            pk = pks[rnd.randrange(len(pks))]
            while not capacity_left[pk]:
                pk = pks[rnd.randrange(len(pks))]
            capacity_left[pk] -= 1
            wanted[pk] = wanted.get(pk, 0) + 1
        table = Table(
            Registration,
            [
                "session_id",
                "person_id",
                "first_name",
                "email",
                "consent_to_reminders",
                "status",
                "seat",
                "source",
                "created_at",
            ],
            now,
        )
        rows = []
        for pk, venue_id, starts_at, status in rows_by_session:
            venue_people = people[venue_id]
            count = min(wanted.get(pk, 0), len(venue_people))
            if not count:
                continue
            closed = status == SessionStatus.CLOSED
            for seat, person_id in enumerate(rnd.sample(venue_people, count), start=1):
                if seat > SESSION_CAPACITY:
                    state = (
                        RegistrationStatus.CANCELLED if closed else RegistrationStatus.WAITLISTED
                    )
                    number = None
                elif closed:
                    state = (
                        RegistrationStatus.NO_SHOW
                        if rnd.random() < 0.15
                        else RegistrationStatus.ATTENDED
                    )
                    number = seat
                else:
                    state, number = RegistrationStatus.CONFIRMED, seat
                rows.append(
                    (
                        pk,
                        person_id,
                        f"Personne {person_id}",
                        f"personne-{person_id}@example.org",
                        True,
                        state,
                        number,
                        RegistrationSource.ONLINE if seat % 2 else RegistrationSource.STAFF,
                        starts_at - datetime.timedelta(days=rnd.randint(1, 30)),
                    )
                )
            if len(rows) >= BATCH:
                self.flush((table, rows))
                rows = []
        self.flush((table, rows))
        self.say(f"  {len(sessions):,} workshop sessions, {table.rows:,} registrations")
        return table.rows

    def seed_helpdesk(self, venue_ids, staff, people, waiting: int, now) -> int:
        """Today's queue at every venue: people waiting, two being helped, those
        helped earlier today (the estimated wait is computed from them)."""
        rnd = self.random
        today = timezone.localdate(now)
        HelpdeskSettings.objects.bulk_create([HelpdeskSettings(venue_id=pk) for pk in venue_ids])
        requests = []
        topics, devices = list(Topic.values), list(BroughtDevice.values)
        for venue_id in venue_ids:
            arrivals = []
            for n in range(20):  # helped earlier today
                arrived = now - datetime.timedelta(minutes=60 + 12 * (20 - n))
                arrivals.append((arrived, Status.CLOSED))
            mediators = staff[venue_id]
            for n in range(len(mediators)):
                arrivals.append((now - datetime.timedelta(minutes=40 - n), Status.IN_PROGRESS))
            for n in range(waiting):
                arrivals.append(
                    (
                        now - datetime.timedelta(minutes=30 - n * 30 / max(waiting, 1)),
                        Status.WAITING,
                    )
                )
            arrivals.sort()
            helping = iter(mediators)
            venue_people = people[venue_id]
            for ticket, (arrived, status) in enumerate(arrivals, start=1):
                request = HelpRequest(
                    venue_id=venue_id,
                    day=today,
                    ticket=ticket,
                    first_name=f"Visiteur {ticket}",
                    person_id=(
                        venue_people[rnd.randrange(len(venue_people))]
                        if venue_people and rnd.random() < 0.3
                        else None
                    ),
                    topic=rnd.choice(topics),
                    device=rnd.choice(devices),
                    status=status,
                    arrived_at=arrived,
                )
                if status == Status.CLOSED:
                    request.mediator_id = rnd.choice(mediators)
                    request.started_at = arrived + datetime.timedelta(minutes=rnd.randint(2, 10))
                    request.ended_at = request.started_at + datetime.timedelta(
                        minutes=rnd.randint(8, 20)
                    )
                    request.timebox_minutes = 15
                    request.outcome = Outcome.SOLVED
                elif status == Status.IN_PROGRESS:
                    request.mediator_id = next(helping)
                    request.started_at = now - datetime.timedelta(minutes=5)
                    request.timebox_minutes = 15
                requests.append(request)
        HelpRequest.objects.bulk_create(requests, batch_size=2000)
        self.say(f"  {len(requests):,} help requests today ({waiting} waiting per venue)")
        return len(requests)

    def flush(self, *tables) -> None:
        with transaction.atomic():
            for table, rows in tables:
                table.write(rows)

    def analyse(self) -> None:
        models = [Appointment, SlotHold, AppointmentTransition, Session, Registration, HelpRequest]
        quote = connection.ops.quote_name
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"{command} {quote(model._meta.db_table)}")

    # --- Reusing ---------------------------------------------------------------------------------

    def networks(self) -> list[Network]:
        return list(
            Network.objects.filter(slug__in=[NETWORK_SLUG, SECOND_NETWORK_SLUG]).order_by("slug")
        )

    def reuse(self) -> World:
        networks = self.networks()
        if not networks or not Network.objects.filter(slug=NETWORK_SLUG).exists():
            raise CommandError("No load-bench data to reuse: run once with --keep first.")
        networks.sort(key=lambda network: network.slug != NETWORK_SLUG)
        venue_ids = list(
            Venue.objects.filter(network__in=networks).order_by("slug").values_list("pk", flat=True)
        )
        self.say(
            "Reusing the data an earlier --keep run left; bringing the monthly figures up to date…"
        )
        started = time.perf_counter()
        rollup.refresh_stale(venue_ids)
        world = self.world(networks, venue_ids)
        world.timings = {"monthly figures": time.perf_counter() - started}
        world.counts = self.count(venue_ids)
        return world

    def count(self, venue_ids) -> dict:
        return {
            "activities": Activity.objects.filter(venue_id__in=venue_ids).count(),
            "people": Person.objects.filter(venue_id__in=venue_ids).count(),
            "appointments": Appointment.objects.filter(venue_id__in=venue_ids).count(),
            "registrations": Registration.objects.filter(session__venue_id__in=venue_ids).count(),
            "help requests today": HelpRequest.objects.filter(
                venue_id__in=venue_ids, day=timezone.localdate()
            ).count(),
        }

    def world(self, networks: list[Network], venue_ids: list[int]) -> World:
        """The busiest venue (the first), its first mediator and the first network's funder."""
        User = get_user_model()
        venue = Venue.objects.select_related("network").get(pk=venue_ids[0])
        number = venue.slug.rsplit("-", 1)[-1]
        session = (
            Session.objects.filter(
                venue=venue, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()
            )
            .annotate(n=Count("registrations"))
            .filter(n__lt=SESSION_CAPACITY)
            .order_by("starts_at")
            .first()
        ) or Session.objects.filter(venue=venue).order_by("-starts_at").first()
        return World(
            networks=networks,
            venue_ids=venue_ids,
            venue=venue,
            mediator=User.objects.get(username=f"{USER_PREFIX}{number}-mediation-1"),
            network_viewer=User.objects.get(username=f"{USER_PREFIX}{networks[0].slug}-financeur"),
            appointment_type=AppointmentType.objects.filter(venue=venue).order_by("pk").first(),
            session=session,
        )

    # --- Cleaning up -----------------------------------------------------------------------------

    def clean(self, announce: bool = False) -> None:
        """Delete the services' rows of the bench venues and the bench users, then
        the journal, the people and the venues (`BenchJournal.clean`)."""
        networks = self.networks()
        if not networks:
            return
        if announce:
            self.say("Deleting the load-bench data left by an earlier run…")
        started = time.perf_counter()
        quote = connection.ops.quote_name
        venues = (
            f"SELECT v.id FROM {quote(Venue._meta.db_table)} v "
            f"JOIN {quote(Network._meta.db_table)} n ON n.id = v.network_id "
            "WHERE n.slug IN (%s, %s)"
        )

        def table(model) -> str:
            return quote(model._meta.db_table)

        appointments = f"SELECT id FROM {table(Appointment)} WHERE venue_id IN ({venues})"
        sessions = f"SELECT id FROM {table(Session)} WHERE venue_id IN ({venues})"
        types = f"SELECT id FROM {table(AppointmentType)} WHERE venue_id IN ({venues})"
        workshops = f"SELECT id FROM {table(Workshop)} WHERE venue_id IN ({venues})"
        requests = f"SELECT id FROM {table(HelpRequest)} WHERE venue_id IN ({venues})"
        statements = [
            f"DELETE FROM {table(SlotHold)} WHERE appointment_id IN ({appointments})",
            f"DELETE FROM {table(AppointmentTransition)} WHERE appointment_id IN ({appointments})",
            f"DELETE FROM {table(Appointment)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(AppointmentType.mediators.through)} "
            f"WHERE appointmenttype_id IN ({types})",
            f"DELETE FROM {table(AppointmentType)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(WeeklyAvailability)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(AvailabilityException)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(BookingPolicy)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(Registration)} WHERE session_id IN ({sessions})",
            f"DELETE FROM {table(Session.animators.through)} WHERE session_id IN ({sessions})",
            f"DELETE FROM {table(Session.peer_animators.through)} WHERE session_id IN ({sessions})",
            f"DELETE FROM {table(Session)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(Workshop.competences.through)} WHERE workshop_id IN ({workshops})",
            f"DELETE FROM {table(Workshop)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(HelpRequestTransition)} WHERE help_request_id IN ({requests})",
            f"DELETE FROM {table(HelpRequest)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(KioskDevice)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {table(HelpdeskSettings)} WHERE venue_id IN ({venues})",
        ]
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in statements:
                    # Each statement names the bench venues once.
                    cursor.execute(statement, [NETWORK_SLUG, SECOND_NETWORK_SLUG])
            get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()
            first = Network.objects.filter(slug=NETWORK_SLUG).first()
            second = Network.objects.filter(slug=SECOND_NETWORK_SLUG).first()
            if second is not None and first is not None:
                Venue.objects.filter(network=second).update(network=first)
                second.delete()
            elif second is not None:
                second.slug = NETWORK_SLUG
                second.save(update_fields=["slug"])
        self.say(f"  services and staff deleted in {time.perf_counter() - started:.1f} s")
        self.journal.clean()
