"""The repair café's demo data (comptoir/demo/repair.py), built on the demo's venues and people."""

import io

import pytest
from django.utils import timezone

from comptoir.demo.builder import DemoBuilder
from comptoir.demo.repair import ITEMS, build_repair
from comptoir.journal.models import Activity, Source
from comptoir.repair import impact
from comptoir.repair.models import ItemStatus, RepairEvent
from comptoir.repair.reference import RepairStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_past_event_with_outcomes_and_an_upcoming_one():
    builder = DemoBuilder(seed=7, today=timezone.localdate(), stdout=io.StringIO())
    cafe, partner = builder.build_venues()
    builder.build_staff(cafe, partner)
    builder.build_people(cafe, partner)

    counts = build_repair(builder, cafe, partner)

    past, upcoming = RepairEvent.objects.order_by("starts_at")
    assert past.ends_at < timezone.now() < upcoming.starts_at
    assert upcoming.is_outreach and upcoming.where == partner.venue
    items = list(past.items.all())
    assert counts == {"events": 2, "items": len(items), "fixed": 4}
    statuses = {item.repair_status for item in items}
    assert statuses == {RepairStatus.FIXED, RepairStatus.REPAIRABLE, RepairStatus.END_OF_LIFE, ""}
    assert sum(item.status == ItemStatus.LEFT for item in items) == 1
    assert any(item.left_for_parts for item in items)
    assert past.peer_repairers.count() == 1
    assert Activity.objects.filter(source=Source.REPAIR).count() == len(ITEMS)
    assert impact.event_impact(past).co2e_kg > 0
