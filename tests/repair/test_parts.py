"""The repair app and the reuse app's parts stock (comptoir/reuse/parts.py)."""

import pytest

from comptoir.journal.models import Activity
from comptoir.repair import actions
from comptoir.repair.actions import RepairError
from comptoir.repair.models import ItemStatus
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import Barrier, RepairStatus
from tests.repair.helpers import make_event

parts = pytest.importorskip("comptoir.reuse.parts")
from comptoir.reuse.models import Device, DeviceState, PartCondition, PartStatus  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(venue, coordinator, mediator):
    event = make_event(venue, coordinator, repairers=[mediator])
    item = actions.intake_item(
        actor=mediator,
        event=event,
        category_id=16,
        problem="Batterie morte",
        brand="Lenovo",
        model="T440",
    )
    return actions.start_repair(actor=mediator, item=item)


def _part(venue, actor, kind="Batterie"):
    return parts.add_part(actor=actor, venue=venue, kind=kind, condition=PartCondition.TESTED)


def test_parts_used_by_a_repair_leave_the_stock(item, venue, mediator):
    battery = _part(venue, mediator)
    record_outcome(actor=mediator, item=item, repair_status=RepairStatus.FIXED, parts=[battery])
    assert list(parts.parts_used_for(f"repair-item:{item.pk}")) == [battery]
    battery.refresh_from_db()
    assert battery.status == PartStatus.USED
    assert not parts.available_parts(venue).exists()


def test_a_part_already_used_refuses_the_whole_outcome(item, venue, mediator):
    battery = _part(venue, mediator)
    parts.take_part(actor=mediator, venue=venue, part=battery, used_for="repair-item:999")
    with pytest.raises(RepairError, match="n’est plus en stock"):
        record_outcome(actor=mediator, item=item, repair_status=RepairStatus.FIXED, parts=[battery])
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REPAIR
    assert not Activity.objects.exists()


def test_an_object_left_for_parts_becomes_a_device_for_parts(item, venue, mediator):
    record_outcome(
        actor=mediator,
        item=item,
        repair_status=RepairStatus.END_OF_LIFE,
        barrier=Barrier.PARTS_TOO_EXPENSIVE,
        left_for_parts=True,
    )
    device = Device.objects.get(source_ref=f"repair-item:{item.pk}")
    assert device.state == DeviceState.FOR_PARTS and device.venue == venue
    assert (device.brand, device.model) == ("Lenovo", "T440")
