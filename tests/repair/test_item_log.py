"""The repair queue moves through the kernel's state machine: every move is logged
with who and when, an illegal one is refused with nothing written."""

import datetime

import pytest
from django.utils import timezone

from comptoir.kernel.errors import ActionRefused
from comptoir.repair import actions
from comptoir.repair.actions import RepairError
from comptoir.repair.models import STATES, ItemStatus, RepairItem, RepairItemTransition
from tests.repair.helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(venue, coordinator, mediator, facilitator):
    event = make_event(venue, coordinator, repairers=[mediator])
    return actions.intake_item(actor=facilitator, event=event, category_id=16, problem="Écran noir")


def test_taking_putting_back_and_leaving_are_logged_with_who_and_when(item, mediator, facilitator):
    now = timezone.now()
    actions.start_repair(actor=mediator, item=item, now=now)
    actions.put_back(actor=mediator, item=item, now=now + datetime.timedelta(minutes=5))
    actions.mark_left(actor=facilitator, item=item, now=now + datetime.timedelta(minutes=9))
    history = list(STATES.history(item))
    assert [(t.from_state, t.to_state, t.actor) for t in history] == [
        (ItemStatus.WAITING, ItemStatus.IN_REPAIR, mediator),
        (ItemStatus.IN_REPAIR, ItemStatus.WAITING, mediator),
        (ItemStatus.WAITING, ItemStatus.LEFT, facilitator),
    ]
    assert [t.at for t in history] == [
        now,
        now + datetime.timedelta(minutes=5),
        now + datetime.timedelta(minutes=9),
    ]
    assert [t.to_label for t in history] == ["En réparation", "En attente", "Parti sans être vu"]


def test_an_illegal_move_is_refused_and_nothing_is_written(item, mediator, facilitator):
    actions.mark_left(actor=facilitator, item=item)
    logged = RepairItemTransition.objects.count()
    with pytest.raises(RepairError) as refused:
        actions.start_repair(actor=mediator, item=item)
    assert isinstance(refused.value, ActionRefused)
    assert (
        refused.value.message
        == "Impossible de passer de « Parti sans être vu » à « En réparation »."
    )
    assert RepairItemTransition.objects.count() == logged
    item = RepairItem.objects.get(pk=item.pk)
    assert item.status == ItemStatus.LEFT and item.started_at is None
