"""The journal the reports benchmark seeds (`manage.py bench_reports`): a
throw-away network of venues with two years of realistic activities, written
for real with COPY on PostgreSQL, and deleted in bulk afterwards."""

import datetime
import json
import random
import time
from itertools import accumulate

from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.db.models import DateTimeField
from django.utils import timezone

from comptoir.journal.cra import (
    ActivityType,
    Autonomy,
    Equipment,
    PlaceType,
    ProcedureTheme,
    ReferralStructure,
    Theme,
    WorkshopLevel,
)
from comptoir.journal.models import Activity, ActivityTheme, MissedBooking, Source
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.people.models import Person
from comptoir.people.normalise import name_key
from comptoir.reports import rollup
from comptoir.reports.models import MonthFigures
from comptoir.venues.models import Network, Venue, VenueKind


def _dist(values, weights) -> tuple[list, list]:
    """Values and cumulative weights, for a fast `random.choices`."""
    return list(values), list(accumulate(weights))


NETWORK_SLUG = "bench-reports"
BATCH = 10_000
PROGRESS_EVERY = 100_000
DAYS = 2 * 365

# Communes of the Lyon area (INSEE code, postal code, name).
COMMUNES = [
    ("69123", "69003", "Lyon"),
    ("69266", "69100", "Villeurbanne"),
    ("69259", "69200", "Vénissieux"),
    ("69256", "69120", "Vaulx-en-Velin"),
    ("69029", "69500", "Bron"),
    ("69290", "69800", "Saint-Priest"),
    ("69034", "69300", "Caluire-et-Cuire"),
    ("69286", "69140", "Rillieux-la-Pape"),
    ("69149", "69600", "Oullins-Pierre-Bénite"),
    ("69275", "69150", "Décines-Charpieu"),
    ("69282", "69330", "Meyzieu"),
    ("69264", "69400", "Villefranche-sur-Saône"),
    ("69091", "69700", "Givors"),
    ("69244", "69160", "Tassin-la-Demi-Lune"),
    ("69081", "69130", "Écully"),
    ("69202", "69110", "Sainte-Foy-lès-Lyon"),
    ("69204", "69230", "Saint-Genis-Laval"),
    ("69283", "69780", "Mions"),
    ("69089", "69340", "Francheville"),
    ("69069", "69290", "Craponne"),
]
FIRST_NAMES = ["Camille", "Dominique", "Karim", "Fatou", "Jeanne", "Lucas", "Nadia", "Paul"]
INDIVIDUAL_SOURCES = _dist(
    [Source.JOURNAL, Source.HELPDESK, Source.APPOINTMENT, Source.REPAIR, Source.REUSE],
    [40, 27, 25, 5, 3],
)
COLLECTIVE_SOURCES = _dist([Source.WORKSHOP, Source.JOURNAL, Source.OUTREACH], [80, 15, 5])
PLACES = _dist([PlaceType.VENUE, PlaceType.HOME, PlaceType.REMOTE, PlaceType.OTHER], [85, 4, 8, 3])
DURATIONS = _dist([15, 30, 45, 60, 90], [15, 35, 25, 20, 5])
AGES = _dist(
    list(AgeBracket.values),
    [2, 4, 8, 18, 24, 20, 16, 8],
)
GENDERS = _dist([Gender.FEMALE, Gender.MALE, Gender.NOT_GIVEN], [52, 40, 8])
STATUSES = _dist(
    [SocialStatus.UNEMPLOYED, SocialStatus.EMPLOYED, SocialStatus.RETIRED, SocialStatus.IN_SCHOOL]
    + [SocialStatus.NOT_GIVEN],
    [25, 20, 35, 5, 15],
)
AUTONOMY = _dist([*Autonomy.values, ""], [30, 35, 20, 15])
THEMES = [theme for theme in Theme.values if theme != Theme.ADMIN_PROCEDURES]
EQUIPMENT = [
    json.dumps(value)
    for value in (
        [Equipment.COMPUTER],
        [Equipment.PHONE],
        [Equipment.COMPUTER, Equipment.PHONE],
        [Equipment.TABLET],
        [],
    )
]


class Table:
    """One table written in bulk: the columns a row gives, then every other
    column at its model default (so a new field does not break the bench)."""

    def __init__(self, model, columns: list[str], now: datetime.datetime) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.columns = list(columns)
        tail = []
        for field in model._meta.concrete_fields:
            if field.column in self.columns or field.primary_key:
                continue
            if isinstance(field, DateTimeField) and (field.auto_now or field.auto_now_add):
                value = now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                continue
            else:
                value = ""
            tail.append((field.column, field.get_db_prep_save(value, connection)))
        self.columns += [column for column, _value in tail]
        self.tail = tuple(value for _column, value in tail)
        self.rows = 0

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        tail = self.tail
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The psycopg cursor under Django's wrapper: COPY is several times
                # faster than INSERT for millions of rows.
                with cursor.cursor.copy(f"COPY {quote(self.name)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + tail)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(self.name)} ({columns}) VALUES ({marks})",
                    [row + tail for row in rows],
                )
        self.rows += len(rows)

    def reserve_ids(self, count: int) -> int:
        """The first of `count` free primary keys, taken from the sequence so
        that rows saved meanwhile by the application do not collide."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {quote(self.name)}")
            highest = cursor.fetchone()[0] or 0
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(nextval("
                    "pg_get_serial_sequence(%s, 'id')), %s) + %s)",
                    [self.name, self.name, highest, count],
                )
                return cursor.fetchone()[0] - count + 1
        return highest + 1


class BenchJournal:
    """Seeds, reuses and deletes the bench network; `say` prints progress."""

    def __init__(self, *, rng: random.Random, today: datetime.date, say) -> None:
        self.random = rng
        self.today = today
        self.say = say

    # --- Seeding.

    def seed(self, options) -> dict:
        rnd = self.random
        now = timezone.now()
        venues_n, people_n, activities_n = (
            options["venues"],
            options["people"],
            options["activities"],
        )
        started = time.perf_counter()
        self.say(
            f"Seeding {activities_n:,} activities over {DAYS} days at {venues_n} venues, "
            f"{people_n:,} known people ({connection.vendor})…"
        )
        network = Network.objects.create(name="Banc d’essai des rapports", slug=NETWORK_SLUG)
        venues = Venue.objects.bulk_create(
            [
                Venue(
                    network=network,
                    name=f"Banc d’essai {i + 1:02d}",
                    slug=f"{NETWORK_SLUG}-{i + 1:02d}",
                    kind=VenueKind.OUTREACH if i % 10 == 9 else VenueKind.TIERS_LIEU,
                    address="1 rue du Test",
                    postal_code=COMMUNES[i % len(COMMUNES)][1],
                    commune=COMMUNES[i % len(COMMUNES)][2],
                    insee_code=COMMUNES[i % len(COMMUNES)][0],
                )
                for i in range(venues_n)
            ]
        )
        venue_ids = [venue.pk for venue in venues]
        if connection.vendor != "postgresql" or not venue_ids[0]:
            venue_ids = list(
                Venue.objects.filter(network=network).order_by("slug").values_list("pk", flat=True)
            )
        # Busy venues and quiet ones: the first is about three times the last.
        venue_weights = list(accumulate(1 / (i + 1) ** 0.4 for i in range(venues_n)))
        pick = self.pick

        # Known people, each registered at a venue.
        people_table = Table(
            Person,
            [
                "id",
                "venue_id",
                "first_name",
                "name_key",
                "age_bracket",
                "gender",
                "social_status",
                "insee_code",
                "postal_code",
                "commune",
            ],
            now,
        )
        first_person = people_table.reserve_ids(people_n)
        people_at: dict[int, list[int]] = {venue_id: [] for venue_id in venue_ids}
        rows = []
        venue_of_person = rnd.choices(venue_ids, cum_weights=venue_weights, k=people_n)
        for i in range(people_n):
            pk = first_person + i
            first_name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {i}"
            insee, postal, commune = self.commune()
            rows.append(
                (
                    pk,
                    venue_of_person[i],
                    first_name,
                    name_key(first_name),
                    pick(AGES),
                    pick(GENDERS),
                    pick(STATUSES),
                    insee,
                    postal,
                    commune,
                )
            )
            people_at[venue_of_person[i]].append(pk)
            if len(rows) >= BATCH:
                people_table.write(rows)
                rows = []
        people_table.write(rows)

        # The journal.
        activity_table = Table(
            Activity,
            [
                "id",
                "venue_id",
                "type",
                "place_type",
                "date",
                "duration_minutes",
                "equipment",
                "autonomy",
                "level",
                "workshop_title",
                "referred",
                "referral_structure",
                "person_id",
                "head_count",
                "age_bracket",
                "gender",
                "social_status",
                "insee_code",
                "postal_code",
                "commune",
                "source",
                "source_ref",
            ],
            now,
        )
        theme_table = Table(ActivityTheme, ["activity_id", "kind", "code"], now)
        through = Activity.participants.through
        link_table = Table(through, ["activity_id", "person_id"], now)
        first_activity = activity_table.reserve_ids(activities_n)
        dates = self.dates()
        adapt_date = connection.ops.adapt_datefield_value
        activities, themes, links = [], [], []
        last_report, last_time = 0, time.perf_counter()
        for i in range(activities_n):
            pk = first_activity + i
            venue_id = rnd.choices(venue_ids, cum_weights=venue_weights)[0]
            day = adapt_date(dates[rnd.randrange(len(dates))])
            people = people_at[venue_id]
            collective = rnd.random() < 0.25
            referred = rnd.random() < 0.05
            referral = rnd.choice(ReferralStructure.values) if referred else ""
            if collective:
                source = pick(COLLECTIVE_SOURCES)
                head_count = rnd.randint(3, 15)
                known = rnd.sample(people, min(rnd.randint(2, 8), head_count, len(people)))
                links.extend((pk, person_id) for person_id in known)
                row = (
                    pk,
                    venue_id,
                    ActivityType.COLLECTIVE,
                    PlaceType.VENUE if rnd.random() < 0.9 else PlaceType.OTHER,
                    day,
                    rnd.choice((60, 90, 120)),
                    EQUIPMENT[rnd.randrange(len(EQUIPMENT))],
                    "",
                    rnd.choice(WorkshopLevel.values),
                    "Atelier du banc d’essai",
                    referred,
                    referral,
                    None,
                    head_count,
                    AgeBracket.NOT_GIVEN,
                    Gender.NOT_GIVEN,
                    SocialStatus.NOT_GIVEN,
                    "",
                    "",
                    "",
                    source,
                    "" if source == Source.JOURNAL else f"bench-{pk}",
                )
            else:
                source = pick(INDIVIDUAL_SOURCES)
                person_id = None
                if people and rnd.random() < 0.6:
                    # Some people come often, most a few times.
                    person_id = people[int(len(people) * rnd.random() ** 2)]
                insee, postal, commune = self.commune()
                row = (
                    pk,
                    venue_id,
                    ActivityType.INDIVIDUAL,
                    pick(PLACES),
                    day,
                    pick(DURATIONS),
                    EQUIPMENT[rnd.randrange(len(EQUIPMENT))],
                    pick(AUTONOMY),
                    "",
                    "",
                    referred,
                    referral,
                    person_id,
                    1,
                    pick(AGES),
                    pick(GENDERS),
                    pick(STATUSES),
                    insee,
                    postal,
                    commune,
                    source,
                    "" if source == Source.JOURNAL else f"bench-{pk}",
                )
            activities.append(row)
            codes = rnd.sample(THEMES, rnd.randint(1, 3))
            if not collective and rnd.random() < 0.3:
                codes[0] = Theme.ADMIN_PROCEDURES
                themes.extend(
                    (pk, ActivityTheme.Kind.PROCEDURE, code)
                    for code in rnd.sample(ProcedureTheme.values, rnd.randint(1, 2))
                )
            themes.extend((pk, ActivityTheme.Kind.THEME, code) for code in codes)
            if len(activities) >= BATCH:
                self.flush(activity_table, activities, theme_table, themes, link_table, links)
                activities, themes, links = [], [], []
            done = i + 1
            if done % PROGRESS_EVERY == 0:
                elapsed = time.perf_counter() - last_time
                self.say(
                    f"  {done:>11,} / {activities_n:,} activities"
                    f" ({(done - last_report) / elapsed:,.0f} activities/s)"
                )
                last_report, last_time = done, time.perf_counter()
        self.flush(activity_table, activities, theme_table, themes, link_table, links)

        # About 2 % of bookings were not honoured.
        missed_table = Table(
            MissedBooking, ["venue_id", "date", "source", "source_ref", "person_id"], now
        )
        missed = []
        for i in range(activities_n // 50):
            venue_id = rnd.choices(venue_ids, cum_weights=venue_weights)[0]
            people = people_at[venue_id]
            missed.append(
                (
                    venue_id,
                    adapt_date(dates[rnd.randrange(len(dates))]),
                    rnd.choice((Source.APPOINTMENT, Source.WORKSHOP)),
                    f"bench-{first_activity}-{i}",
                    rnd.choice(people) if people and rnd.random() < 0.8 else None,
                )
            )
        missed_table.write(missed)
        seconds = time.perf_counter() - started

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Person, Activity, ActivityTheme, through, MissedBooking]
            ):
                cursor.execute(statement)
        started = time.perf_counter()
        self.analyse([Person, Activity, ActivityTheme, through, MissedBooking])
        analysed = time.perf_counter() - started
        monthly = self.compute_monthly_figures(venue_ids)
        counts = {
            "activities": activity_table.rows,
            "themes": theme_table.rows,
            "participants": link_table.rows,
            "people": people_table.rows,
            "missed bookings": missed_table.rows,
        }
        self.say(
            "  seeded "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            + f" in {seconds:.1f} s ({sum(counts.values()) / seconds:,.0f} rows/s)"
        )
        reset_queries()
        return {
            "network": network,
            "venue_ids": venue_ids,
            "counts": counts,
            "seconds": seconds,
            "analysed": analysed,
            "monthly": monthly,
        }

    def compute_monthly_figures(self, venue_ids, mark=True) -> tuple[int, float]:
        """The monthly figures reports read (rollup.py): the rows were loaded
        without the application's signals, so every month is marked, then
        computed. Reusing the data computes only the months left behind (say,
        by a migration that changed them)."""
        started = time.perf_counter()
        if mark:
            rollup.touch_all(venue_ids)
        self.say("  computing the monthly figures of every venue…")
        done = rollup.refresh_stale(
            venue_ids, progress=lambda n: self.say(f"    {n} venue-months computed…")
        )
        seconds = time.perf_counter() - started
        self.say(f"  {done} venue-months computed in {seconds:.1f} s")
        reset_queries()
        return done, seconds

    def reuse(self) -> dict:
        network = Network.objects.filter(slug=NETWORK_SLUG).first()
        if network is None:
            raise CommandError("No bench data to reuse: run once with --keep first.")
        venue_ids = list(network.venues.order_by("slug").values_list("pk", flat=True))
        activities = Activity.objects.filter(venue_id__in=venue_ids)
        counts = {
            "activities": activities.count(),
            "themes": ActivityTheme.objects.filter(activity__in=activities).count(),
            "participants": Activity.participants.through.objects.filter(
                activity__in=activities
            ).count(),
            "people": Person.objects.filter(venue_id__in=venue_ids).count(),
            "missed bookings": MissedBooking.objects.filter(venue_id__in=venue_ids).count(),
        }
        self.say("Reusing the bench data kept by an earlier run.")
        started = time.perf_counter()
        self.analyse(
            [Person, Activity, ActivityTheme, Activity.participants.through, MissedBooking]
        )
        analysed = time.perf_counter() - started
        return {
            "network": network,
            "venue_ids": venue_ids,
            "counts": counts,
            "seconds": None,
            "analysed": analysed,
            "monthly": self.compute_monthly_figures(venue_ids, mark=False),
        }

    def flush(self, activity_table, activities, theme_table, themes, link_table, links) -> None:
        with transaction.atomic():
            activity_table.write(activities)
            theme_table.write(themes)
            link_table.write(links)
        reset_queries()

    def pick(self, distribution):
        return self.random.choices(distribution[0], cum_weights=distribution[1])[0]

    def commune(self) -> tuple[str, str, str]:
        """Where an anonymous person lives: mostly near the venues, sometimes not given."""
        rnd = self.random
        if rnd.random() < 0.15:
            return ("", "", "")
        # The big cities first.
        return COMMUNES[min(int(len(COMMUNES) * rnd.random() ** 1.5), len(COMMUNES) - 1)]

    def dates(self) -> list[datetime.date]:
        """Opening days of the last two years (Monday to Saturday)."""
        days = [self.today - datetime.timedelta(days=n) for n in range(DAYS)]
        return [day for day in days if day.weekday() < 6]

    def analyse(self, models) -> None:
        """Fresh statistics (and visibility map on PostgreSQL), as autovacuum would give."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM cannot run in a transaction (the test suite's): ANALYZE can.
                command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                self.say(f"  {command} of the journal and people tables…")
                for model in models:
                    cursor.execute(f"{command} {quote(model._meta.db_table)}")
            elif connection.vendor == "sqlite":
                self.say("  ANALYZE…")
                cursor.execute("ANALYZE")

    # --- Cleaning up.

    def clean(self, announce: bool = False) -> None:
        """Delete everything in the bench network, in bulk (a plain `.delete()`
        would load millions of rows to cascade)."""
        network = Network.objects.filter(slug=NETWORK_SLUG).first()
        if network is None:
            return
        if announce:
            self.say(f"Deleting the bench data left by an earlier run (network “{NETWORK_SLUG}”)…")
        started = time.perf_counter()
        quote = connection.ops.quote_name
        activity = quote(Activity._meta.db_table)
        venues = f"SELECT id FROM {quote(Venue._meta.db_table)} WHERE network_id = %s"
        activities = f"SELECT id FROM {activity} WHERE venue_id IN ({venues})"
        people = f"SELECT id FROM {quote(Person._meta.db_table)} WHERE venue_id IN ({venues})"
        through = quote(Activity.participants.through._meta.db_table)
        statements = [
            f"DELETE FROM {quote(MonthFigures._meta.db_table)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {through} WHERE activity_id IN ({activities})",
            f"DELETE FROM {through} WHERE person_id IN ({people})",
            f"DELETE FROM {quote(ActivityTheme._meta.db_table)} WHERE activity_id IN ({activities})",
            f"DELETE FROM {quote(MissedBooking._meta.db_table)} WHERE venue_id IN ({venues})",
            f"DELETE FROM {activity} WHERE venue_id IN ({venues})",
            f"DELETE FROM {quote(Person._meta.db_table)} WHERE venue_id IN ({venues})",
        ]
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement, [network.pk])
            Venue.objects.filter(network=network).delete()
            network.delete()
        self.say(f"Bench data deleted in {time.perf_counter() - started:.1f} s.")
