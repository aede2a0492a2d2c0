"""Monthly figures per venue, kept so that reports stay fast on a large journal.

A dashboard over a year of a 20-venue network would otherwise aggregate a
million activities, their themes and participants, twice (the period and the
one before). Instead, for each venue and calendar month, `MonthFigures` keeps
the additive figures (`figures.additive()`: counts, hours, themes, autonomy,
referrals, anonymous descriptions, missed bookings) and `MonthPresence` the
known people who came that month (for distinct and returning people).

Freshness: every write to the journal (an activity saved, moved or deleted,
its participants changed, a missed booking, a person deleted) bumps the
month's `version` in the same transaction (signals connected in apps.py). A
report first recomputes the months whose `computed_version` is behind, then
reads them; it marks a month current only if no write came in the meantime, so
a race never leaves stale figures behind. Writes that bypass the ORM's save and
delete (bulk inserts, COPY, raw SQL) must call `touch_all()` afterwards.

The days of a partial month at the edges of a period are read from the journal
directly. A change to what `additive()` returns needs a migration that marks
every month to compute again (`MonthFigures.objects.update(computed_version=0)`). `figures.compute_live()` reads everything from the journal; the tests
hold `compute()` to it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptoir.journal.models import Activity, MissedBooking
from comptoir.reports.figures import (
    Figures,
    add_up,
    additive,
    as_date,
    count_people,
    finish,
    people_id_queries,
    union,
)
from comptoir.reports.models import MonthFigures, MonthPresence
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
        person_ids = set()
        for query in people_id_queries(scope):
            person_ids.update(query.values_list("person_id", flat=True))
        MonthPresence.objects.filter(venue_id=row.venue_id, month=row.month).delete()
        MonthPresence.objects.bulk_create(
            [
                MonthPresence(venue_id=row.venue_id, month=row.month, person_id=person_id)
                for person_id in person_ids
            ],
            batch_size=2000,
        )
        # Current only if no write bumped the version while we computed.
        MonthFigures.objects.filter(pk=row.pk, version=version).update(
            computed_version=version, payload=payload, computed_at=timezone.now()
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


def compute(scope: Scope) -> Figures:
    whole, partial = split(scope.period)
    first_month = month_of(scope.period.start)
    last_whole = whole[-1] if whole else None
    # Months behind the journal, among those the report reads: the period's
    # whole months, and every month before it (for returning people).
    up_to = last_whole or (first_month - datetime.timedelta(days=1))
    refresh_stale(scope.venue_ids, up_to=up_to)

    figures = Figures(scope=scope)
    if whole:
        for payload in MonthFigures.objects.filter(
            venue_id__in=scope.venue_ids, month__in=whole
        ).values_list("payload", flat=True):
            if payload:
                add_up(figures, payload)
    for period in partial:
        add_up(figures, additive(Scope(scope.venue_ids, period)))

    known = [
        query for period in partial for query in people_id_queries(Scope(scope.venue_ids, period))
    ]
    if whole:
        known.append(
            MonthPresence.objects.filter(venue_id__in=scope.venue_ids, month__in=whole)
            .values("person_id")
            .order_by()
        )
    before = [
        MonthPresence.objects.filter(venue_id__in=scope.venue_ids, month__lt=first_month)
        .values("person_id")
        .order_by()
    ]
    if scope.period.start > first_month:  # the first days of a month begun before
        days = Period(first_month, scope.period.start - datetime.timedelta(days=1))
        before.extend(people_id_queries(Scope(scope.venue_ids, days)))
    count_people(figures, union(known), union(before))
    return finish(figures)
