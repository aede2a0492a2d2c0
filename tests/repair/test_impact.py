from decimal import Decimal

import pytest

from comptoir.repair import actions, impact
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import Barrier, RepairStatus
from tests.repair.helpers import make_event

pytestmark = pytest.mark.django_db


def test_per_item_figures_come_from_the_restarters_data():
    # Laptop (ORDS 16) = restarters "Laptop medium": 1.83 kg, 265.32 kg CO2e.
    assert impact.waste_avoided_kg(16) == Decimal("1.830")
    assert impact.co2e_avoided_kg(16) == Decimal("132.66")
    # Mobile (ORDS 19): 0.15 kg, 50.51 kg CO2e × 0.5.
    assert impact.co2e_avoided_kg(19) == Decimal("25.255")
    # Flat screen (ORDS 8) = the median size, 22-24": 343.49 kg CO2e.
    assert impact.co2e_avoided_kg(8) == Decimal("171.745")
    # No figure for "Large home electrical" nor "Misc".
    assert impact.co2e_avoided_kg(17) == impact.waste_avoided_kg(18) == 0


def test_every_ords_category_has_a_row_in_the_factors():
    assert Decimal("0.5") == impact.DISPLACEMENT_VALUE
    assert len(impact.factors()) == 38  # 40 minus the two without a restarters category


def test_event_totals_count_only_fixed_items(venue, coordinator, mediator):
    event = make_event(venue, coordinator, repairers=[mediator])
    outcomes = [
        (16, {"repair_status": RepairStatus.FIXED}),
        (19, {"repair_status": RepairStatus.FIXED}),
        (30, {"repair_status": RepairStatus.END_OF_LIFE, "barrier": Barrier.TOO_WORN_OUT}),
        (4, {"repair_status": RepairStatus.REPAIRABLE, "next_steps": "see_professional"}),
    ]
    for category, outcome in outcomes:
        item = actions.intake_item(actor=mediator, event=event, category_id=category, problem="x")
        record_outcome(
            actor=mediator, item=actions.start_repair(actor=mediator, item=item), **outcome
        )
    actions.intake_item(actor=mediator, event=event, category_id=16, problem="still waiting")
    totals = impact.event_impact(event)
    assert (totals.items, totals.fixed, totals.repairable, totals.end_of_life) == (5, 2, 1, 1)
    assert totals.waste_kg == Decimal("1.98")
    assert totals.co2e_kg == Decimal("157.915")
    assert "0,5" in str(impact.METHOD) and "restarters.net" in str(impact.METHOD)
