"""The estimated wait: the median of recent helps at the venue, shared across the mediators helping."""

import datetime

import pytest
from django.utils import timezone

from comptoir.helpdesk.models import HelpdeskSettings
from comptoir.helpdesk.queue import (
    RECENT_DAYS,
    estimate_wait,
    queue_state,
    rounded_wait,
    typical_help_minutes,
)
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def _helped(venue, minutes, *, ago=datetime.timedelta(hours=1), **kwargs):
    ended = timezone.now() - ago
    return HelpRequestFactory(
        venue=venue,
        closed=True,
        arrived_at=ended - datetime.timedelta(minutes=minutes + 5),
        started_at=ended - datetime.timedelta(minutes=minutes),
        ended_at=ended,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("position", "typical", "helpers", "expected"),
    [
        (1, 12, 1, 12),  # next in line waits one help
        (3, 12, 1, 36),
        (3, 12, 2, 18),  # two mediators share the queue
        (1, 12, 3, 4),
        (2, 10.5, 1, 21),
        (1, 7.2, 2, 4),  # rounded up
        (4, 15, 0, 60),  # nobody helping: counted as one
        (0, 15, 1, 0),
    ],
)
def test_the_wait_is_position_times_the_typical_help_over_the_mediators_helping(
    position, typical, helpers, expected
):
    assert estimate_wait(position, typical, helpers) == expected


@pytest.mark.parametrize(("minutes", "shown"), [(0, 5), (4, 5), (5, 5), (6, 10), (36, 40)])
def test_the_screens_round_the_wait_up_to_five_minutes(minutes, shown):
    assert rounded_wait(minutes) == shown


def test_the_typical_help_is_the_median_of_recent_helps(venue):
    for minutes in (8, 10, 30):
        _helped(venue, minutes)
    assert typical_help_minutes(venue, 15, timezone.now()) == 10


def test_without_enough_history_the_typical_help_is_the_timebox(venue):
    _helped(venue, 8)
    _helped(venue, 9)
    assert typical_help_minutes(venue, 20, timezone.now()) == 20


def test_old_helps_people_who_left_and_other_venues_do_not_count(venue, other_venue):
    for minutes in (6, 6, 6):
        _helped(venue, minutes)
    for minutes in (40, 40, 40, 40):
        _helped(venue, minutes, ago=datetime.timedelta(days=RECENT_DAYS + 1))
        _helped(other_venue, minutes)
        HelpRequestFactory(
            venue=venue, left=True, started_at=timezone.now(), ended_at=timezone.now()
        )
    assert typical_help_minutes(venue, 15, timezone.now()) == 6


def test_only_the_last_fifty_helps_count(venue):
    for _ in range(50):
        _helped(venue, 10, ago=datetime.timedelta(hours=1))
    for _ in range(60):
        _helped(venue, 30, ago=datetime.timedelta(days=2))
    assert typical_help_minutes(venue, 15, timezone.now()) == 10


def test_the_queue_gives_each_waiting_person_a_place_and_a_wait(venue):
    HelpdeskSettings.objects.create(venue=venue, timebox_minutes=15)
    for minutes in (10, 10, 10):
        _helped(venue, minutes)
    mediators = []
    for i in range(2):
        user = UserFactory(username=f"helper-{i}")
        MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
        mediators.append(user)
        HelpRequestFactory(venue=venue, in_progress=True, mediator=user)
    now = timezone.now()
    waiting = [
        HelpRequestFactory(venue=venue, arrived_at=now - datetime.timedelta(minutes=m))
        for m in (30, 20, 10)
    ]
    state = queue_state(venue, now=now)
    assert [e.help_request for e in state.waiting] == waiting
    assert [e.position for e in state.waiting] == [1, 2, 3]
    assert state.helpers == 2
    assert state.typical_minutes == 10
    assert [e.wait_minutes for e in state.waiting] == [5, 10, 15]
    assert state.helping(mediators[0]) is not None
    assert state.entry_for(waiting[1].pk).position == 2


def test_the_queue_reads_the_database_a_constant_number_of_times(venue, django_assert_num_queries):
    settings = HelpdeskSettings.for_venue(venue)
    HelpRequestFactory.create_batch(30, venue=venue)
    HelpRequestFactory.create_batch(3, venue=venue, in_progress=True)
    with django_assert_num_queries(2):
        state = queue_state(venue, settings)
        names = [entry.help_request.name for entry in state.waiting]
        names += [r.mediator.username for r in state.in_progress]
    assert len(names) == 33
