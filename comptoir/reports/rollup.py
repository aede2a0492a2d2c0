"""Monthly figures per venue, kept so that reports stay fast on a large journal.

A dashboard over a year of a 20-venue network would otherwise aggregate a
million activities, their themes and participants, twice (the period and the
one before). Instead, for each venue and calendar month, `MonthFigures` keeps
the additive figures (`figures.additive()`: counts, hours, themes, autonomy,
referrals, anonymous descriptions, missed bookings) and, as a compressed
bitmap of their ids, the known people who came that month: distinct people
over a year of a network are then a union of a few hundred bitmaps, and the
returning ones its intersection with the months before.

Freshness: every write to the journal (an activity saved, moved or deleted,
its participants changed, a missed booking, a person deleted) bumps the
month's `version` in the same transaction (signals connected in apps.py). A
report first recomputes the months whose `computed_version` is behind, then
reads them; it marks a month current only if no write came in the meantime, so
a race never leaves stale figures behind. Writes that bypass the ORM's save and
delete (bulk inserts, COPY, raw SQL) must call `touch_all()` afterwards.

The days of a partial month at the edges of a period are read from the journal
directly, or, when the month's figures are current and the days outside the
period fewer, as the month less those days (see `compute()`). A change to what `additive()` returns needs a migration that marks
every month to compute again (`MonthFigures.objects.update(computed_version=0)`). `figures.compute_live()` reads everything from the journal; the tests
hold `compute()` to it.
"""

import datetime
import json
import zlib

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptoir.journal.models import Activity, MissedBooking
from comptoir.people.models import Person
from comptoir.reports.figures import (
    DESCRIPTION_FIELDS,
    Figures,
    add_up,
    additive,
    as_date,
    describe,
    finish,
    people_id_queries,
    union,
)
from comptoir.reports.models import MonthFigures
from comptoir.reports.scope import Period, Scope


def month_of(day) -> datetime.date:
    """The first day of the month of `day` (a date, a datetime, or an ISO string
    as a model field may hold before it is read back)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day[:10])
    return as_date(day).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def split(period: Period) -> tuple[list[datetime.date], list[Period]]:
    """The calendar months wholly inside `period`, and the partial ranges left."""
    whole, partial = [], []
    for month in period.months():
        start, end = max(month, period.start), min(month_end(month), period.end)
        if (start, end) == (month, month_end(month)):
            whole.append(month)
        else:
            partial.append(Period(start, end))
    return whole, partial


# --- Marking months as changed ----------------------------------------------------------------


def touch(venue_id: int, day: datetime.date) -> None:
    """The journal of `venue_id` changed on `day`: its month must be recomputed."""
    month = month_of(day)
    bumped = MonthFigures.objects.filter(venue_id=venue_id, month=month)
    if bumped.update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            MonthFigures.objects.create(venue_id=venue_id, month=month)
    except IntegrityError:  # created by a concurrent write meanwhile
        bumped.update(version=F("version") + 1)


def touch_all(venue_ids=None) -> int:
    """Mark every month holding journal data as changed (after a bulk load that
    bypassed the signals). Returns the number of months."""
    pairs = set()
    for model in (Activity, MissedBooking):
        rows = model.objects.all()
        if venue_ids is not None:
            rows = rows.filter(venue_id__in=venue_ids)
        pairs |= set(
            rows.annotate(month=TruncMonth("date"))
            .values_list("venue_id", "month")
            .distinct()
            .order_by()
        )
    for venue_id, month in pairs:
        touch(venue_id, month)
    return len(pairs)


# --- Recomputing ------------------------------------------------------------------------------


def refresh(row: MonthFigures) -> dict:
    """Recompute one venue-month from the journal; returns its payload.

    The row is locked while it is computed: two reports refreshing the same
    month wait for each other (the second finds it current), and a write to
    that month waits, then bumps the version again."""
    with transaction.atomic():
        row = MonthFigures.objects.select_for_update().get(pk=row.pk)
        if row.is_current:
            return row.payload
        version = row.version
        scope = Scope((row.venue_id,), Period(row.month, month_end(row.month)))
        payload = additive(scope)
        person_ids = journal_ids(scope)
        # Current only if no write bumped the version while we computed.
        MonthFigures.objects.filter(pk=row.pk, version=version).update(
            computed_version=version,
            payload=payload,
            people=pack(person_ids),
            computed_at=timezone.now(),
        )
    return payload


def refresh_stale(venue_ids=None, up_to: datetime.date | None = None, progress=None) -> int:
    """Recompute every month behind its journal (all venues, or those given; up to
    a month). Returns how many were recomputed."""
    rows = MonthFigures.objects.exclude(computed_version=F("version")).defer("payload")
    if venue_ids is not None:
        rows = rows.filter(venue_id__in=venue_ids)
    if up_to is not None:
        rows = rows.filter(month__lte=up_to)
    done = 0
    for row in rows.order_by("venue_id", "month"):
        refresh(row)
        done += 1
        if progress and done % 50 == 0:
            progress(done)
    return done


# --- Reading ----------------------------------------------------------------------------------


def complement(part: Period) -> list[Period]:
    """The days of its month outside `part` (one range, two, or none)."""
    month = month_of(part.start)
    days = []
    if part.start > month:
        days.append(Period(month, part.start - datetime.timedelta(days=1)))
    if part.end < month_end(month):
        days.append(Period(part.end + datetime.timedelta(days=1), month_end(month)))
    return days


def pack(person_ids) -> bytes:
    """A set of person ids as a bitmap (bit n of byte n // 8 for id n, as
    `int.from_bytes(…, "little")` reads it), compressed."""
    if not person_ids:
        return b""
    bits = bytearray(max(person_ids) // 8 + 1)
    for person_id in person_ids:
        bits[person_id >> 3] |= 1 << (person_id & 7)
    return zlib.compress(bytes(bits), 1)


def unpack(packed) -> int:
    """The bitmap of `pack()` as one integer: union is |, counting is bit_count()."""
    return int.from_bytes(zlib.decompress(packed), "little") if packed else 0


def bits_of(person_ids) -> int:
    return unpack(pack(set(person_ids)))


def ids_of(bits: int) -> list[int]:
    """The person ids set in a bitmap."""
    ids, digits = [], bin(bits)[:1:-1]
    position = digits.find("1")
    while position != -1:
        ids.append(position)
        position = digits.find("1", position + 1)
    return ids


def journal_ids(*scopes: Scope, among=None) -> set[int]:
    """The known people of some scopes read from the journal (among some ids):
    one query."""
    queries = [query for scope in scopes for query in people_id_queries(scope)]
    if among is not None:
        queries = [query.filter(person_id__in=among) for query in queries]
    return {row["person_id"] for row in union(queries)}


def compute(scope: Scope) -> Figures:
    """The figures of `scope`. Whole months come from the monthly figures. A
    partial month at an edge is read live, except at venues whose figures for
    that month are current when the days outside the period are fewer than
    those inside: then it is the month less those days (for "this year", the
    current month has no journal after today, and the same dates last year
    leave a day or two). Known and returning people are unions of the monthly
    bitmaps, then one query describes the known ones."""
    whole, partial = split(scope.period)
    first_month = month_of(scope.period.start)
    last_whole = whole[-1] if whole else None
    # Months behind the journal, among those the report reads: the period's
    # whole months, and every month before it (for returning people).
    up_to = last_whole or (first_month - datetime.timedelta(days=1))
    refresh_stale(scope.venue_ids, up_to=up_to)

    figures = Figures(scope=scope)
    rows = MonthFigures.objects.filter(venue_id__in=scope.venue_ids)
    if whole:
        add_months(figures, rows.filter(month__in=whole))
    known = before = 0
    for month, people in rows.filter(Q(month__in=whole) | Q(month__lt=first_month)).values_list(
        "month", "people"
    ):
        if as_date(month) < first_month:
            before |= unpack(people)
        else:
            known |= unpack(people)
    partial_months = {month_of(part.start): part for part in partial}
    current = {month: {} for month in partial_months}  # month → {venue: (payload, people)}
    if partial:
        for venue_id, month, payload, people in rows.filter(
            month__in=partial_months, computed_version=F("version")
        ).values_list("venue_id", "month", "payload", "people"):
            current[as_date(month)][venue_id] = (payload, people)

    for month, part in partial_months.items():
        outside = complement(part)
        kept = current[month]
        if kept and sum(days.days for days in outside) < part.days:
            # The month's figures less the days outside the period; its people
            # less those who came only on those days.
            venues, month_people = tuple(kept), 0
            for payload, people in kept.values():
                if payload:
                    add_up(figures, payload)
                month_people |= unpack(people)
            for days in outside:
                add_up(figures, additive(Scope(venues, days)), sign=-1)
            outside_scopes = [Scope(venues, days) for days in outside]
            left_out = journal_ids(*outside_scopes)
            if left_out:
                among = union([q for days in outside_scopes for q in people_id_queries(days)])
                left_out -= journal_ids(Scope(venues, part), among=among)
                month_people &= ~bits_of(left_out)
            known |= month_people
            live = tuple(venue for venue in scope.venue_ids if venue not in kept)
        else:
            live = scope.venue_ids
        if live:
            add_up(figures, additive(Scope(live, part)))
            known |= bits_of(journal_ids(Scope(live, part)))

    if scope.period.start > first_month:  # the first days of a month begun before
        days = Period(first_month, scope.period.start - datetime.timedelta(days=1))
        before |= bits_of(journal_ids(Scope(scope.venue_ids, days)))
    describe_people(figures, known)
    figures.people_returning = (known & before).bit_count()
    return finish(figures)


def add_months(figures: Figures, rows) -> None:
    """Add the payloads of some monthly figures. (Summing them in PostgreSQL
    with jsonb functions was measured slower than decoding them here.)"""
    for payload in rows.values_list("payload", flat=True):
        if payload:
            add_up(figures, payload)


def describe_people(figures: Figures, known: int) -> None:
    """Count and describe the known people (a bitmap of ids), as their record
    says. PostgreSQL reads the bitmap itself (one scan of the people, no list
    of ids to parse and plan); SQLite gets the ids as JSON."""
    if not known:
        return
    quote = connection.ops.quote_name
    described = ", ".join(quote(name) for name in DESCRIPTION_FIELDS)
    pk = quote("id")
    if connection.vendor == "postgresql":
        among = f"{pk} < octet_length(%(bits)s) * 8 AND get_bit(%(bits)s, {pk}) <> 0"
        params = {"bits": known.to_bytes((known.bit_length() + 7) // 8, "little")}
    else:
        among = f"{pk} IN (SELECT value FROM json_each(%(ids)s))"
        params = {"ids": json.dumps(ids_of(known))}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {described}, COUNT(*) FROM {quote(Person._meta.db_table)} "
            f"WHERE {among} GROUP BY {described}",
            params,
        )
        rows = cursor.fetchall()
    for *description, n in rows:
        figures.people_known += n
        describe(figures, dict(zip(DESCRIPTION_FIELDS, description, strict=True)), n)
