"""The device categories a collection sees, from the Open Repair Data Standard.

The ids are those of the ORDS v0.3 product categories (40 ids; the repair app
holds the whole list). A device stores `category_id`; only the ids below are
accepted here, with their French label, whether the device holds data to
erase, and a typical weight.

Weights (kg) are the per-category averages of the Restart Project's LCA data
(restarters.net, see comptoir/repair/data/SOURCES.md: only the numbers are copied): Desktop computer 6.69,
Flat screen 19-20" 3.66 (the middle size), Laptop medium 1.83, Mobile 0.15,
PC accessory 0.44, Printer/scanner 12.47, Tablet 0.77. "Misc" has no weight
in that table: its devices are weighed by hand.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    id: int
    ords_name: str
    label: str
    weight_kg: Decimal | None
    # Holds personal data: at least one storage drive must be registered and erased.
    has_storage: bool


CATEGORIES: dict[int, Category] = {
    c.id: c
    for c in (
        Category(4, "Desktop computer", _("Ordinateur fixe"), Decimal("6.69"), True),
        Category(8, "Flat screen", _("Écran"), Decimal("3.66"), False),
        Category(16, "Laptop", _("Ordinateur portable"), Decimal("1.83"), True),
        Category(19, "Mobile", _("Téléphone"), Decimal("0.15"), True),
        Category(22, "PC accessory", _("Accessoire informatique"), Decimal("0.44"), False),
        Category(25, "Printer/scanner", _("Imprimante/scanner"), Decimal("12.47"), False),
        Category(30, "Tablet", _("Tablette"), Decimal("0.77"), True),
        Category(18, "Misc", _("Autre"), None, False),
    )
}

CATEGORY_CHOICES = [(c.id, c.label) for c in CATEGORIES.values()]


def get_category(category_id: int | None) -> Category | None:
    return CATEGORIES.get(category_id) if category_id is not None else None
