"""The café numérique's state machine and its actions: check-in, take, extend, close, leave."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import (
    TRANSITIONS,
    ArrivalSource,
    HelpdeskSettings,
    HelpRequest,
    HelpRequestTransition,
    IllegalTransition,
    Outcome,
    Status,
)
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.journal.cra import ActivityType, Equipment, PlaceType, ReferralStructure, Theme
from comptoir.journal.models import Activity, Source
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(venue):
    user = UserFactory(username="colleague")
    MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
    return user


def _arrive(venue, facilitator=None, **kwargs):
    kwargs.setdefault("topic", Topic.EMAIL)
    return actions.check_in_walk_in(venue=venue, actor=facilitator, **kwargs)


# --- Check-in ------------------------------------------------------------------------------------


def test_a_walk_in_joins_the_queue_with_the_next_ticket_of_the_day(venue, facilitator):
    first = _arrive(venue, facilitator, first_name="  Martine  ", device=BroughtDevice.TABLET)
    second = _arrive(venue, facilitator)
    assert (first.ticket, second.ticket) == (1, 2)
    assert first.status == Status.WAITING
    assert first.first_name == "Martine"
    assert first.source == ArrivalSource.COUNTER
    assert first.checked_in_by == facilitator
    assert first.day == timezone.localdate()
    log = HelpRequestTransition.objects.get(help_request=first)
    assert (log.from_state, log.to_state, log.actor) == ("", Status.WAITING, facilitator)


def test_tickets_start_again_at_one_each_day_and_each_venue(venue, other_venue):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    _arrive(venue, now=yesterday)
    _arrive(venue, now=yesterday)
    assert _arrive(venue).ticket == 1
    assert _arrive(other_venue).ticket == 1


def test_a_check_in_refuses_an_unknown_topic_device_or_another_venues_person(venue, other_venue):
    with pytest.raises(actions.HelpdeskError, match="de quoi il s’agit"):
        _arrive(venue, topic="weather")
    with pytest.raises(actions.HelpdeskError, match="appareil"):
        _arrive(venue, device="fax")
    with pytest.raises(actions.HelpdeskError, match="pas suivie dans ce lieu"):
        _arrive(venue, person=PersonFactory(venue=other_venue))
    assert not HelpRequest.objects.exists()


def test_a_check_in_can_be_linked_to_a_known_person(venue):
    person = PersonFactory(venue=venue, first_name="Gisèle")
    help_request = _arrive(venue, person=person)
    assert help_request.person == person
    assert help_request.name == "Gisèle"


# --- Transitions -----------------------------------------------------------------------------------


def test_the_transition_table_is_the_one_place_of_allowed_moves():
    assert {
        Status.WAITING: {Status.IN_PROGRESS, Status.CLOSED},
        Status.IN_PROGRESS: {Status.CLOSED, Status.WAITING},
        Status.CLOSED: set(),
    } == TRANSITIONS


def test_an_illegal_move_raises_a_clear_error_and_changes_nothing(venue):
    closed = HelpRequestFactory(venue=venue, closed=True)
    with pytest.raises(
        IllegalTransition, match="Impossible de passer de « Terminée » à « En cours »"
    ):
        closed.move(Status.IN_PROGRESS)
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert not closed.transitions.exists()


def test_every_move_is_logged_with_who_and_when(venue, mediator):
    help_request = _arrive(venue)
    actions.take_chosen(help_request=help_request, actor=mediator)
    actions.close_help_request(help_request=help_request, actor=mediator, outcome=Outcome.SOLVED)
    moves = list(help_request.transitions.values_list("from_state", "to_state", "actor"))
    assert moves == [
        ("", Status.WAITING, None),
        (Status.WAITING, Status.IN_PROGRESS, mediator.pk),
        (Status.IN_PROGRESS, Status.CLOSED, mediator.pk),
    ]


# --- Taking someone ------------------------------------------------------------------------------


def test_take_next_takes_the_person_who_waited_longest(venue, mediator):
    now = timezone.now()
    later = HelpRequestFactory(venue=venue, arrived_at=now - datetime.timedelta(minutes=2))
    first = HelpRequestFactory(venue=venue, arrived_at=now - datetime.timedelta(minutes=9))
    taken = actions.take_next(venue=venue, actor=mediator, now=now)
    assert taken == first
    taken.refresh_from_db()
    assert taken.status == Status.IN_PROGRESS
    assert taken.mediator == mediator
    assert taken.started_at == now
    assert taken.timebox_minutes == 15
    later.refresh_from_db()
    assert later.status == Status.WAITING


def test_two_mediators_taking_next_one_after_the_other_get_different_people(
    venue, mediator, colleague
):
    """On SQLite the writes are serialised (BEGIN IMMEDIATE): the second sees the first's
    choice. The truly simultaneous case is proved on PostgreSQL (test_concurrency.py)."""
    HelpRequestFactory.create_batch(2, venue=venue)
    one = actions.take_next(venue=venue, actor=mediator)
    two = actions.take_next(venue=venue, actor=colleague)
    assert one.pk != two.pk
    assert HelpRequest.objects.filter(status=Status.WAITING).count() == 0


def test_take_next_on_an_empty_queue_says_so(venue, mediator):
    HelpRequestFactory(venue=venue, in_progress=True)
    with pytest.raises(actions.QueueEmpty, match="Personne n’attend"):
        actions.take_next(venue=venue, actor=mediator)


def test_take_next_ignores_other_venues(venue, other_venue, mediator):
    HelpRequestFactory(venue=other_venue)
    with pytest.raises(actions.QueueEmpty):
        actions.take_next(venue=venue, actor=mediator)


def test_a_mediator_helps_one_person_at_a_time(venue, mediator):
    HelpRequestFactory.create_batch(2, venue=venue, first_name="Lucie")
    actions.take_next(venue=venue, actor=mediator)
    with pytest.raises(actions.AlreadyHelping, match="Vous accompagnez déjà Lucie"):
        actions.take_next(venue=venue, actor=mediator)
    assert HelpRequest.objects.filter(status=Status.IN_PROGRESS).count() == 1


def test_the_database_refuses_two_helps_at_once_for_one_mediator(venue, mediator):
    HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    other = HelpRequestFactory(venue=venue)
    with pytest.raises(IntegrityError):
        HelpRequest.objects.filter(pk=other.pk).update(
            status=Status.IN_PROGRESS, mediator=mediator, started_at=timezone.now()
        )


def test_taking_a_chosen_person_already_taken_by_a_colleague_is_refused(venue, mediator, colleague):
    help_request = HelpRequestFactory(venue=venue, first_name="Paul")
    stale_copy = HelpRequest.objects.get(pk=help_request.pk)
    actions.take_chosen(help_request=help_request, actor=colleague)
    with pytest.raises(actions.AlreadyTaken, match="Paul n’est plus dans la file"):
        actions.take_chosen(help_request=stale_copy, actor=mediator)
    help_request.refresh_from_db()
    assert help_request.mediator == colleague


# --- Extension and putting back ------------------------------------------------------------------------


def test_one_extension_adds_the_venues_minutes_once(venue, mediator):
    HelpdeskSettings.objects.create(venue=venue, timebox_minutes=20, extension_minutes=5)
    help_request = actions.take_chosen(help_request=HelpRequestFactory(venue=venue), actor=mediator)
    assert help_request.timebox_minutes == 20
    extended = actions.extend_once(help_request=help_request, actor=mediator)
    assert extended.extended
    assert extended.timebox_minutes == 25
    assert extended.ends_at == extended.started_at + datetime.timedelta(minutes=25)
    with pytest.raises(actions.HelpdeskError, match="déjà été prolongé une fois"):
        actions.extend_once(help_request=help_request, actor=mediator)


def test_no_extension_when_the_venue_allows_none(venue, mediator):
    HelpdeskSettings.objects.create(venue=venue, extension_minutes=0)
    help_request = HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    with pytest.raises(actions.HelpdeskError, match="pas de prolongation"):
        actions.extend_once(help_request=help_request, actor=mediator)


def test_only_a_help_in_progress_can_be_extended(venue, mediator):
    with pytest.raises(IllegalTransition):
        actions.extend_once(help_request=HelpRequestFactory(venue=venue), actor=mediator)


def test_put_back_returns_the_person_to_their_place_in_the_queue(venue, mediator):
    now = timezone.now()
    first = HelpRequestFactory(venue=venue, arrived_at=now - datetime.timedelta(minutes=9))
    HelpRequestFactory(venue=venue, arrived_at=now - datetime.timedelta(minutes=2))
    actions.take_next(venue=venue, actor=mediator)
    back = actions.put_back(help_request=first, actor=mediator)
    assert back.status == Status.WAITING
    assert back.mediator is None
    assert back.started_at is None
    assert actions.take_next(venue=venue, actor=mediator) == first


# --- Closing and the journal -------------------------------------------------------------------------


def test_closing_writes_one_individual_activity_with_the_topics_themes(venue, mediator):
    started = timezone.now() - datetime.timedelta(minutes=12, seconds=10)
    help_request = HelpRequestFactory(
        venue=venue,
        topic=Topic.ADMIN_PROCEDURE,
        device=BroughtDevice.LAPTOP,
        in_progress=True,
        mediator=mediator,
        started_at=started,
    )
    closing = actions.close_help_request(
        help_request=help_request, actor=mediator, outcome=Outcome.PARTLY_SOLVED, note="CAF"
    )
    activity = Activity.objects.get()
    assert closing.activity == activity
    assert activity.type == ActivityType.INDIVIDUAL
    assert activity.place_type == PlaceType.VENUE
    assert activity.venue == venue
    assert activity.mediator == mediator
    assert activity.date == timezone.localdate()
    assert activity.duration_minutes == 13  # 12 min 10 s, rounded up
    assert activity.theme_codes() == [Theme.ADMIN_PROCEDURES]
    assert activity.equipment == [Equipment.COMPUTER]
    assert activity.source == Source.HELPDESK
    assert activity.source_ref == f"helprequest:{help_request.pk}"
    assert activity.notes == "CAF"
    assert not activity.referred
    help_request.refresh_from_db()
    assert help_request.status == Status.CLOSED
    assert help_request.activity == activity
    assert help_request.outcome == Outcome.PARTLY_SOLVED


def test_a_help_shorter_than_a_minute_counts_one_minute(venue, mediator):
    help_request = HelpRequestFactory(
        venue=venue, in_progress=True, mediator=mediator, started_at=timezone.now()
    )
    closing = actions.close_help_request(
        help_request=help_request, actor=mediator, outcome=Outcome.SOLVED
    )
    assert closing.activity.duration_minutes == 1


def test_closing_twice_writes_one_activity(venue, mediator):
    help_request = HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    stale_copy = HelpRequest.objects.get(pk=help_request.pk)
    actions.close_help_request(help_request=help_request, actor=mediator, outcome=Outcome.SOLVED)
    with pytest.raises(IllegalTransition, match="déjà terminé"):
        actions.close_help_request(help_request=stale_copy, actor=mediator, outcome=Outcome.SOLVED)
    assert Activity.objects.count() == 1


def test_the_mediator_can_correct_the_themes(venue, mediator):
    help_request = HelpRequestFactory(
        venue=venue, topic=Topic.OTHER, in_progress=True, mediator=mediator
    )
    closing = actions.close_help_request(
        help_request=help_request,
        actor=mediator,
        outcome=Outcome.SOLVED,
        themes=[Theme.HEALTH, Theme.BROWSING],
    )
    assert closing.activity.theme_codes() == [Theme.HEALTH, Theme.BROWSING]


def test_a_referral_is_written_with_its_structure(venue, mediator):
    help_request = HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    with pytest.raises(actions.HelpdeskError, match="vers quelle structure"):
        actions.close_help_request(
            help_request=help_request, actor=mediator, outcome=Outcome.REFERRED
        )
    closing = actions.close_help_request(
        help_request=help_request,
        actor=mediator,
        outcome=Outcome.REFERRED,
        referral_structure=ReferralStructure.ADMIN_HELP,
    )
    assert closing.activity.referred
    assert closing.activity.referral_structure == ReferralStructure.ADMIN_HELP
    assert closing.help_request.referral_structure == ReferralStructure.ADMIN_HELP


def test_needing_an_appointment_writes_the_activity_and_says_so(venue, mediator):
    help_request = HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    closing = actions.close_help_request(
        help_request=help_request, actor=mediator, outcome=Outcome.NEEDS_APPOINTMENT
    )
    assert closing.needs_appointment
    assert closing.activity is not None


def test_leaving_before_help_writes_no_activity(venue, mediator):
    help_request = HelpRequestFactory(venue=venue, in_progress=True, mediator=mediator)
    closing = actions.close_help_request(
        help_request=help_request, actor=mediator, outcome=Outcome.LEFT_BEFORE_HELP
    )
    assert closing.activity is None
    assert not closing.needs_appointment
    assert not Activity.objects.exists()


def test_a_known_persons_description_goes_onto_the_activity(venue, mediator):
    person = PersonFactory(venue=venue, commune="Bron")
    help_request = HelpRequestFactory(
        venue=venue, person=person, in_progress=True, mediator=mediator
    )
    closing = actions.close_help_request(
        help_request=help_request, actor=mediator, outcome=Outcome.SOLVED
    )
    assert closing.activity.person == person
    assert closing.activity.commune == "Bron"


def test_a_waiting_person_cannot_be_closed_without_being_taken(venue, mediator):
    help_request = HelpRequestFactory(venue=venue)
    with pytest.raises(IllegalTransition, match="Prenez d’abord"):
        actions.close_help_request(
            help_request=help_request, actor=mediator, outcome=Outcome.SOLVED
        )


# --- Leaving the queue ---------------------------------------------------------------------------------


def test_marking_someone_left_closes_without_activity(venue, facilitator):
    help_request = HelpRequestFactory(venue=venue)
    left = actions.mark_left(help_request=help_request, actor=facilitator)
    assert left.status == Status.CLOSED
    assert left.outcome == Outcome.LEFT_BEFORE_HELP
    assert left.ended_at is not None
    assert not Activity.objects.exists()
    with pytest.raises(IllegalTransition, match="n’est plus dans la file"):
        actions.mark_left(help_request=help_request, actor=facilitator)


def test_someone_being_helped_is_not_marked_left_from_the_queue(venue, facilitator):
    help_request = HelpRequestFactory(venue=venue, in_progress=True)
    with pytest.raises(IllegalTransition):
        actions.mark_left(help_request=help_request, actor=facilitator)


def test_yesterdays_forgotten_arrivals_can_be_cleared(venue, facilitator):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    HelpRequestFactory.create_batch(2, venue=venue, arrived_at=yesterday)
    today = HelpRequestFactory(venue=venue)
    assert actions.clear_previous_days(venue=venue, actor=facilitator) == 2
    assert HelpRequest.objects.filter(status=Status.WAITING).get() == today
