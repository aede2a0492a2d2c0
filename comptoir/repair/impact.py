"""Impact of the repair café: waste and CO2e avoided, volunteer hours.

Method: The Restart Project's restarters.net "Fixometer" methodology
(github.com/TheRestartProject/restarters.net), used by the public repair-data
community (Open Repair Alliance). For each item that was fixed:

- waste avoided (kg) = the average weight of its category;
- CO2e avoided (kg) = the manufacturing footprint of its category (kg CO2e)
  × the displacement factor DISPLACEMENT_VALUE = 0.5 (a repair is assumed to
  avoid half a new purchase).

Weights and footprints are restarters.net's per-category figures (LCA data,
"revision 2" of 2021), mapped onto the 40 ORDS categories in
data/impact-factors.csv (mapping documented in data/SOURCES.md). Categories
without a figure (Misc, large and small home electrical) count for 0.
Only items marked "fixed" count; repairable or end-of-life items do not.
"""

import csv
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from comptoir.repair.reference import DATA_DIR, RepairStatus

DISPLACEMENT_VALUE = Decimal("0.5")
# Fixometer ratios (kg CO2e per kg) for items weighed on the day, in categories without
# a footprint. We do not weigh items yet; kept here with their source for that case.
EMISSION_RATIO_POWERED = Decimal("32.06679233")
EMISSION_RATIO_UNPOWERED = Decimal("17.70147059")

METHOD = _(
    "Méthode « Fixometer » de The Restart Project (restarters.net), utilisée par l’Open "
    "Repair Alliance : pour chaque objet réparé, déchets évités = poids moyen de sa "
    "catégorie ; CO2e évité = empreinte de fabrication de sa catégorie × 0,5 (facteur de "
    "déplacement : une réparation évite en moyenne la moitié d’un achat neuf)."
)


@dataclass(frozen=True)
class Factor:
    weight_kg: Decimal
    footprint_kgco2e: Decimal


@functools.cache
def factors() -> dict[int, Factor]:
    """ORDS category id → (weight, footprint); categories without figures are absent."""
    found = {}
    with (DATA_DIR / "impact-factors.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["weight_kg"]:
                found[int(row["product_category_id"])] = Factor(
                    Decimal(row["weight_kg"]), Decimal(row["footprint_kgco2e"])
                )
    return found


ZERO = Factor(Decimal(0), Decimal(0))


def co2e_avoided_kg(category_id: int) -> Decimal:
    """CO2e avoided by fixing one item of this category."""
    return factors().get(category_id, ZERO).footprint_kgco2e * DISPLACEMENT_VALUE


def waste_avoided_kg(category_id: int) -> Decimal:
    """Waste avoided by fixing one item of this category."""
    return factors().get(category_id, ZERO).weight_kg


@dataclass(frozen=True)
class Impact:
    items: int
    fixed: int
    repairable: int
    end_of_life: int
    waste_kg: Decimal
    co2e_kg: Decimal


def impact_of(items) -> Impact:
    """Totals over items (a queryset or list of RepairItem)."""
    counts = dict.fromkeys(RepairStatus.values, 0)
    waste = co2e = Decimal(0)
    total = 0
    for category_id, repair_status in (
        items.values_list("category_id", "repair_status")
        if hasattr(items, "values_list")
        else [(i.category_id, i.repair_status) for i in items]
    ):
        total += 1
        if repair_status in counts:
            counts[repair_status] += 1
        if repair_status == RepairStatus.FIXED:
            waste += waste_avoided_kg(category_id)
            co2e += co2e_avoided_kg(category_id)
    return Impact(
        items=total,
        fixed=counts[RepairStatus.FIXED],
        repairable=counts[RepairStatus.REPAIRABLE],
        end_of_life=counts[RepairStatus.END_OF_LIFE],
        waste_kg=waste,
        co2e_kg=co2e,
    )


def event_impact(event) -> Impact:
    return impact_of(event.items.all())
