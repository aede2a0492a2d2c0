import datetime

import pytest
from django.utils import timezone

from comptoir.journal.cra import ActivityType, Equipment, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.repair import actions
from comptoir.repair.actions import RepairError
from comptoir.repair.models import ItemStatus, RepairItem
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import Barrier, NextStep, RepairStatus
from tests.factories import PersonFactory
from tests.repair.helpers import make_event, peer_repairer

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(venue, coordinator, mediator):
    return make_event(venue, coordinator, repairers=[mediator])


@pytest.fixture
def item(event, facilitator, venue):
    person = PersonFactory(venue=venue, first_name="Odette")
    item = actions.intake_item(
        actor=facilitator, event=event, category_id=16, problem="Ne charge plus", person=person
    )
    return actions.start_repair(actor=facilitator, item=item, user=event.repairers.get())


def _outcome(item, actor, **kwargs):
    kwargs.setdefault("repair_status", RepairStatus.FIXED)
    return record_outcome(actor=actor, item=item, **kwargs)


def test_a_fixed_item_writes_one_individual_journal_activity(item, mediator, venue):
    started = item.started_at
    done = _outcome(
        item,
        mediator,
        advice="Nettoyer le connecteur",
        now=started + datetime.timedelta(minutes=42),
    )
    assert done.status == ItemStatus.DONE and done.repair_status == RepairStatus.FIXED
    activity = Activity.objects.get()
    assert done.activity == activity
    assert activity.type == ActivityType.INDIVIDUAL
    assert activity.source == Source.REPAIR and activity.source_ref == f"repair-item:{item.pk}"
    assert activity.person == item.person and activity.mediator == mediator
    assert activity.duration_minutes == 42
    assert activity.theme_codes() == [Theme.MAINTENANCE]
    assert activity.equipment == [Equipment.COMPUTER]
    assert activity.place_type == PlaceType.VENUE and activity.venue == venue
    assert [t.to_state for t in done.transitions.all()] == [ItemStatus.IN_REPAIR, ItemStatus.DONE]


def test_the_outcome_cannot_be_recorded_twice(item, mediator):
    _outcome(item, mediator)
    with pytest.raises(RepairError, match="déjà noté"):
        _outcome(item, mediator, repair_status=RepairStatus.UNKNOWN)
    assert Activity.objects.count() == 1
    assert RepairItem.objects.get().repair_status == RepairStatus.FIXED


def test_an_anonymous_visitor_gives_an_activity_without_person(event, facilitator, mediator):
    item = actions.intake_item(actor=facilitator, event=event, category_id=19, problem="Écran noir")
    item = actions.start_repair(actor=mediator, item=item)
    item.started_at = None  # no start time known: the default duration applies
    item.save()
    _outcome(item, mediator, repair_status=RepairStatus.UNKNOWN)
    activity = Activity.objects.get()
    assert activity.person is None and activity.duration_minutes == 30
    assert activity.equipment == [Equipment.PHONE]


def test_an_item_still_waiting_has_no_outcome(event, facilitator, mediator):
    item = actions.intake_item(actor=facilitator, event=event, category_id=19, problem="x")
    with pytest.raises(RepairError, match="commencez la réparation"):
        _outcome(item, mediator)
    assert not Activity.objects.exists()


def test_a_visitor_who_left_writes_no_activity(event, facilitator):
    item = actions.intake_item(actor=facilitator, event=event, category_id=19, problem="x")
    item = actions.mark_left(actor=facilitator, item=item)
    assert item.status == ItemStatus.LEFT
    with pytest.raises(RepairError, match="Impossible de passer"):
        actions.start_repair(actor=facilitator, item=item)
    assert not Activity.objects.exists()


def test_a_peer_repairer_needs_the_recognised_skill(event, facilitator, venue):
    item = actions.intake_item(actor=facilitator, event=event, category_id=19, problem="x")
    with pytest.raises(RepairError, match="compétence de réparation"):
        actions.start_repair(actor=facilitator, item=item, person=PersonFactory(venue=venue))
    peer = peer_repairer(venue)
    item = actions.start_repair(actor=facilitator, item=item, person=peer)
    assert item.repairer == peer and peer in event.peer_repairers.all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repair_status": RepairStatus.END_OF_LIFE}, "ce qui a empêché la réparation"),
        (
            {"repair_status": RepairStatus.FIXED, "barrier": Barrier.TOO_WORN_OUT},
            "que pour un appareil en fin de vie",
        ),
        ({"repair_status": RepairStatus.REPAIRABLE}, "indiquez la suite à donner"),
        (
            {
                "repair_status": RepairStatus.END_OF_LIFE,
                "barrier": Barrier.LACK_OF_EQUIPMENT,
                "next_steps": NextStep.COME_BACK,
            },
            "que pour un appareil réparable",
        ),
        ({"repair_status": "broken"}, "Choisissez le résultat"),
        ({"repair_status": RepairStatus.END_OF_LIFE, "barrier": "magic"}, "n’existe pas"),
        ({"repair_status": RepairStatus.FIXED, "left_for_parts": True}, "repart avec la personne"),
    ],
)
def test_outcome_rules_are_enforced_and_nothing_is_written(item, mediator, kwargs, message):
    with pytest.raises(RepairError, match=message):
        record_outcome(actor=mediator, item=item, **kwargs)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REPAIR and item.repair_status == ""
    assert not Activity.objects.exists()


def test_repairable_and_end_of_life_outcomes_keep_their_details(item, event, facilitator, mediator):
    repairable = _outcome(
        item, mediator, repair_status=RepairStatus.REPAIRABLE, next_steps=NextStep.BRING_PART
    )
    assert repairable.next_steps == NextStep.BRING_PART
    other = actions.intake_item(actor=facilitator, event=event, category_id=8, problem="x")
    other = actions.start_repair(actor=mediator, item=other)
    eol = _outcome(
        other, mediator, repair_status=RepairStatus.END_OF_LIFE, barrier=Barrier.NO_WAY_TO_OPEN
    )
    assert eol.barrier == Barrier.NO_WAY_TO_OPEN
    assert Activity.objects.count() == 2


def test_an_outreach_event_gives_an_activity_at_another_place(
    venue, other_venue, coordinator, mediator
):
    event = make_event(venue, coordinator, place=other_venue, starts_at=timezone.now())
    item = actions.intake_item(actor=mediator, event=event, category_id=30, problem="x")
    _outcome(actions.start_repair(actor=mediator, item=item), mediator)
    activity = Activity.objects.get()
    assert activity.place_type == PlaceType.OTHER
    assert activity.place_commune == other_venue.commune
