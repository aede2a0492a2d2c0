"""The reuse figures, from the lifecycle log."""

import datetime
from decimal import Decimal

from django.utils import timezone

from comptoir.reuse import actions
from comptoir.reuse.figures import reuse_figures
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.models import DeviceTransition
from tests.reuse.conftest import walk
from tests.reuse.factories import DeviceFactory, PartFactory


def test_figures_count_what_happened_in_the_period(venue, other_venue, coordinator, laptop):
    walk(laptop, coordinator, venue, S.ALLOCATED)  # 1.83 kg
    screen = actions.receive_donation(
        actor=coordinator, venue=venue, donor_kind="bin", devices=[{"category_id": 8}]
    ).devices.get()
    actions.recycle_device(actor=coordinator, venue=venue, device=screen, receipt="ECO-7")  # 3.66
    PartFactory(venue=venue, status="in_stock")
    part = PartFactory(venue=venue)
    from comptoir.reuse.parts import take_part

    take_part(actor=coordinator, venue=venue, part=part, used_for="repair-item:3")
    # Elsewhere, and before the period: not counted.
    actions.receive_donation(
        actor=coordinator, venue=other_venue, donor_kind="bin", devices=[{"category_id": 16}]
    )
    old = DeviceFactory(venue=venue)
    DeviceTransition.objects.create(
        device=old,
        from_state="",
        to_state=S.RECEIVED,
        at=timezone.now() - datetime.timedelta(days=90),
    )

    today = timezone.localdate()
    figures = reuse_figures(venue, today - datetime.timedelta(days=30), today)
    assert {k: v for k, v in figures.items() if k != "months"} == {
        "collected": 2,
        "erased": 1,
        "reconditioned": 1,
        "allocated": 1,
        "recycled": 1,
        "weight_diverted_kg": Decimal("5.49"),
        "parts_reused": 1,
    }
    assert len(figures["months"]) == 1
    assert figures["months"][0]["collected"] == 2
    assert figures["months"][0]["weight_diverted_kg"] == Decimal("5.49")

    network = reuse_figures([venue, other_venue], today, today)
    assert network["collected"] == 3


def test_an_empty_period_is_all_zero(venue):
    today = timezone.localdate()
    figures = reuse_figures(venue, today, today)
    assert figures["collected"] == 0
    assert figures["weight_diverted_kg"] == Decimal("0")
    assert figures["months"] == []
