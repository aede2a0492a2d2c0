"""The monthly figures never change a figure: on random journals, before and
after edits, moves, deletions and changes of participants, `compute()` (monthly
figures plus the partial months read live) equals `compute_live()` (everything
read from the journal), for whole-month, partial and one-day periods."""

import dataclasses
import datetime
import random
import threading

import pytest
from django.db import connection, transaction

from comptoir.journal.actions import (
    audit_state_before,
    delete_activity,
    record_activity,
    record_missed_booking,
    update_activity,
    withdraw_missed_booking,
)
from comptoir.journal.cra import ActivityType, Autonomy, PlaceType, ReferralStructure, Theme
from comptoir.journal.models import Activity, Source
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.reports import rollup
from comptoir.reports.figures import compute, compute_live
from comptoir.reports.models import MonthFigures
from comptoir.reports.scope import Period, Scope
from tests.factories import NetworkFactory, PersonFactory, VenueFactory
from tests.queries import query_budget

D = datetime.date
THREADS = 6
FIRST_DAY = D(2025, 1, 1)
DAYS = 500  # to mid-May 2026

PERIODS = [
    Period(D(2025, 3, 1), D(2025, 8, 31)),  # whole months
    Period(D(2025, 1, 1), D(2025, 12, 31)),  # a year
    Period(D(2025, 2, 10), D(2025, 6, 20)),  # partial months at both ends
    Period(D(2026, 1, 1), D(2026, 4, 15)),  # the year so far
    Period(D(2025, 9, 12), D(2025, 9, 12)),  # one day
    Period(D(2025, 11, 5), D(2025, 11, 28)),  # inside one month
]


def figures_of(figures) -> dict:
    data = dataclasses.asdict(figures)
    data.pop("scope")
    return data


def random_journal(rng: random.Random, venues, people) -> list[Activity]:
    activities = []
    for _ in range(160):
        venue = rng.choice(venues)
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        collective = rng.random() < 0.25
        person = None if collective or rng.random() < 0.4 else rng.choice(people)
        activity = Activity(
            type=ActivityType.COLLECTIVE if collective else ActivityType.INDIVIDUAL,
            date=day,
            duration_minutes=rng.choice([15, 30, 60, 120]),
            person=person,
            head_count=rng.randint(2, 9) if collective else 1,
            place_type=rng.choice([PlaceType.VENUE, PlaceType.VENUE, PlaceType.REMOTE]),
            autonomy="" if collective else rng.choice([*Autonomy.values, ""]),
            referred=rng.random() < 0.2,
            referral_structure=rng.choice(ReferralStructure.values),
            source=rng.choice([Source.JOURNAL, Source.APPOINTMENT, Source.WORKSHOP]),
            age_bracket=rng.choice(AgeBracket.values),
            gender=rng.choice(Gender.values),
            social_status=rng.choice(SocialStatus.values),
            insee_code=rng.choice(["69266", "69256", ""]),
            commune=rng.choice(["Villeurbanne", "Vaulx-en-Velin", ""]),
        )
        themes = rng.sample([Theme.EMAIL, Theme.HEALTH, Theme.OFFICE, Theme.SECURITY], 2)
        participants = rng.sample(people, rng.randint(0, 2)) if collective else []
        activities.append(
            record_activity(
                actor=None,
                venue=venue,
                activity=activity,
                themes=themes,
                participants=participants,
            )
        )
        if rng.random() < 0.1:
            record_missed_booking(
                venue=venue,
                date=day,
                source=Source.APPOINTMENT,
                source_ref=f"appointment:{len(activities)}",
                person=rng.choice(people),
            )
    return activities


def assert_same(venue_ids) -> None:
    for period in PERIODS:
        for ids in (venue_ids, venue_ids[:1]):
            scope = Scope(tuple(ids), period)
            assert figures_of(compute(scope)) == figures_of(compute_live(scope)), (period, ids)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_monthly_figures_equal_the_journal_through_every_change(db, seed):
    rng = random.Random(seed)
    network = NetworkFactory()
    venues = [VenueFactory(network=network) for _ in range(3)]
    people = [
        PersonFactory(
            venue=venues[0],
            age_bracket=rng.choice(AgeBracket.values),
            insee_code=rng.choice(["69266", "69029", ""]),
        )
        for _ in range(12)
    ]
    activities = random_journal(rng, venues, people)
    venue_ids = [v.pk for v in venues]
    assert_same(venue_ids)  # computes and keeps the monthly figures

    # Changes after the monthly figures were computed: each must be seen.
    for activity in rng.sample(activities, 8):  # moved to another month, retyped
        before = audit_state_before(activity)
        activity.date = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        activity.duration_minutes = 45
        update_activity(actor=None, activity=activity, before=before, themes=[Theme.BANKING])
    assert_same(venue_ids)
    for activity in rng.sample(activities, 4):
        activity.refresh_from_db()
        delete_activity(actor=None, activity=activity)
    assert_same(venue_ids)
    collective = list(Activity.objects.filter(type=ActivityType.COLLECTIVE).order_by("pk"))
    for activity in collective[:2]:
        activity.participants.set(rng.sample(people, 3))
    assert_same(venue_ids)
    people[0].collective_activities.add(*collective[2:4])
    assert_same(venue_ids)
    people[1].collective_activities.clear()
    assert_same(venue_ids)
    withdraw_missed_booking(source=Source.APPOINTMENT, source_ref="appointment:10")
    people[2].delete()  # their accompaniments become anonymous
    assert_same(venue_ids)


def test_a_write_during_a_computation_leaves_the_month_to_compute(venue, monkeypatch):
    def record(day):
        record_activity(
            actor=None,
            venue=venue,
            activity=Activity(type=ActivityType.INDIVIDUAL, date=day, duration_minutes=30),
            themes=[Theme.EMAIL],
        )

    record(D(2026, 3, 2))
    row = MonthFigures.objects.get(venue=venue, month=D(2026, 3, 1))
    computing = rollup.additive

    def journal_changes_meanwhile(scope):
        payload = computing(scope)
        rollup.touch(venue.pk, D(2026, 3, 20))  # the journal changed after it was read
        return payload

    monkeypatch.setattr(rollup, "additive", journal_changes_meanwhile)
    rollup.refresh(row)
    row.refresh_from_db()
    assert not row.is_current  # computed from before the change: done again next time
    monkeypatch.undo()
    record(D(2026, 3, 20))
    scope = Scope((venue.pk,), Period(D(2026, 3, 1), D(2026, 3, 31)))
    assert compute(scope).activities == 2
    row.refresh_from_db()
    assert row.is_current


def test_reading_computed_months_costs_the_same_whatever_the_journal(venue):
    year = Scope((venue.pk,), Period(D(2025, 1, 1), D(2025, 12, 31)))
    for day in range(0, 365, 3):
        record_activity(
            actor=None,
            venue=venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                date=D(2025, 1, 1) + datetime.timedelta(days=day),
                duration_minutes=30,
            ),
            themes=[Theme.EMAIL],
        )
    compute(year)
    # Four queries: months behind the journal, the monthly figures, who the
    # known people are, how many had come before.
    with query_budget(4):
        figures = compute(year)
    assert figures.activities == 122


def test_refresh_command_after_a_bulk_load(venue, capsys):
    from django.core.management import call_command

    Activity.objects.bulk_create(  # bypasses the signals, like a COPY
        [
            Activity(
                venue=venue, type=ActivityType.INDIVIDUAL, date=D(2025, m, 3), duration_minutes=20
            )
            for m in range(1, 7)
        ]
    )
    call_command("refresh_report_figures", "--all")
    assert "6" in capsys.readouterr().out
    scope = Scope((venue.pk,), Period(D(2025, 1, 1), D(2025, 6, 30)))
    assert compute(scope).activities == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_reports_opened_at_the_same_moment_compute_a_month_once(venue):
    people = PersonFactory.create_batch(5, venue=venue)
    for day, person in enumerate(people, start=1):
        record_activity(
            actor=None,
            venue=venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                date=D(2026, 3, day),
                duration_minutes=30,
                person=person,
            ),
            themes=[Theme.EMAIL],
        )
    scope = Scope((venue.pk,), Period(D(2026, 3, 1), D(2026, 3, 31)))
    barrier = threading.Barrier(THREADS)
    outcomes: list = []
    lock = threading.Lock()

    def report() -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():  # like a request
                outcome = (compute(scope).activities, compute(scope).people_known)
        except Exception as error:  # reported by the assertion below
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=report) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == [(5, 5)] * THREADS
    month = MonthFigures.objects.get(venue=venue)
    assert month.version == month.computed_version
    assert rollup.unpack(month.people).bit_count() == 5


def test_a_partial_month_is_its_current_figures_less_the_days_outside(db, monkeypatch):
    """ "This year" ends today: its month is read as the month's figures less the
    days after today, not from the journal, once those figures are current; a
    venue whose month changed since is read live. Both equal the journal."""
    rng = random.Random(3)
    venues = [VenueFactory() for _ in range(2)]
    people = [PersonFactory(venue=venues[0]) for _ in range(8)]
    random_journal(rng, venues, people)
    ids = tuple(v.pk for v in venues)
    november = Period(D(2025, 11, 1), D(2025, 11, 30))
    compute(Scope(ids, november))  # the whole month: its figures are now current
    part = Period(D(2025, 11, 3), D(2025, 11, 27))
    read = []
    original = rollup.additive
    monkeypatch.setattr(rollup, "additive", lambda scope: read.append(scope) or original(scope))

    assert figures_of(compute(Scope(ids, part))) == figures_of(compute_live(Scope(ids, part)))
    assert {scope.period for scope in read} == {
        Period(D(2025, 11, 1), D(2025, 11, 2)),
        Period(D(2025, 11, 28), D(2025, 11, 30)),
    }

    record_activity(
        actor=None,
        venue=venues[1],
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            date=D(2025, 11, 28),
            duration_minutes=30,
            person=people[1],
        ),
        themes=[Theme.EMAIL],
    )
    read.clear()
    assert figures_of(compute(Scope(ids, part))) == figures_of(compute_live(Scope(ids, part)))
    assert (venues[1].pk,) in {scope.venue_ids for scope in read if scope.period == part}
