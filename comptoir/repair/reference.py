"""Reference data of the repair café, read once from comptoir/repair/data/ (see SOURCES.md there).

- The 40 product categories of the Open Repair Data Standard (ORDS v0.3): id, English name
  (as published, used in the ORDS export) and a French label (ours).
- The ORDS outcome codes (repair status, end-of-life barrier) with their published English text.
- The ORDS fault-type lists for computers, tablets, mobiles and printers. A fault type is stored
  as its published English title (the mobiles list has no ids); its French label (ours, in
  fault-types-fr.csv) is only shown.
"""

import csv
import functools
import unicodedata
from pathlib import Path

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"

CATEGORY_LABELS = {
    1: _("Climatiseur, déshumidificateur"),
    2: _("Batterie, chargeur, adaptateur"),
    3: _("Guirlande ou éclairage de sécurité"),
    4: _("Ordinateur de bureau"),
    5: _("Appareil photo compact"),
    6: _("Appareil photo reflex, caméscope"),
    7: _("Ventilateur"),
    8: _("Écran plat (télévision, moniteur)"),
    9: _("Appareil de soin ou de beauté"),
    10: _("Appareil de divertissement portable"),
    11: _("Casque, écouteurs"),
    12: _("Chaîne hi-fi compacte"),
    13: _("Élément hi-fi (ampli, enceinte, platine)"),
    14: _("Bouilloire"),
    15: _("Lampe"),
    16: _("Ordinateur portable"),
    17: _("Gros appareil électrique"),
    18: _("Autre appareil électronique"),
    19: _("Téléphone mobile"),
    20: _("Instrument de musique électrique"),
    21: _("Destructeur de documents"),
    22: _("Accessoire informatique"),
    23: _("Radio portable"),
    24: _("Outil électrique"),
    25: _("Imprimante, scanner"),
    26: _("Vidéoprojecteur"),
    27: _("Machine à coudre"),
    28: _("Petit appareil électrique"),
    29: _("Petit appareil de cuisine"),
    30: _("Tablette"),
    31: _("Grille-pain"),
    32: _("Jouet"),
    33: _("Accessoire TV ou jeu vidéo"),
    34: _("Aspirateur"),
    35: _("Montre, horloge"),
    36: _("Cafetière"),
    37: _("Robot de cuisine"),
    38: _("Console de jeux"),
    39: _("Sèche-cheveux"),
    40: _("Fer à repasser"),
}

# Which ORDS fault list applies to which category.
FAULT_LISTS = {
    4: "computers",
    16: "computers",
    30: "tablets",
    19: "mobiles",
    25: "printers",
}


class RepairStatus(models.TextChoices):
    FIXED = "fixed", _("Réparé")
    REPAIRABLE = "repairable", _("Réparable")
    END_OF_LIFE = "end_of_life", _("En fin de vie")
    UNKNOWN = "unknown", _("Inconnu")


class NextStep(models.TextChoices):
    BRING_PART = "bring_part", _("Revenir avec une pièce")
    SEE_PROFESSIONAL = "see_professional", _("Voir un professionnel")
    COME_BACK = "come_back", _("Revenir à un prochain repair café")


class Barrier(models.TextChoices):
    PARTS_NOT_AVAILABLE = "parts_not_available", _("Pièces détachées introuvables")
    PARTS_TOO_EXPENSIVE = "parts_too_expensive", _("Pièces détachées trop chères")
    NO_WAY_TO_OPEN = "no_way_to_open", _("Impossible d’ouvrir l’appareil")
    NO_REPAIR_INFORMATION = "no_repair_information", _("Pas d’information de réparation")
    LACK_OF_EQUIPMENT = "lack_of_equipment", _("Manque d’outillage")
    TOO_WORN_OUT = "too_worn_out", _("Appareil trop usé")


# ORDS codelist texts (ords-codelists.csv) ↔ our codes.
STATUS_TO_ORDS = {
    RepairStatus.UNKNOWN: "Unknown",
    RepairStatus.FIXED: "Fixed",
    RepairStatus.REPAIRABLE: "Repairable",
    RepairStatus.END_OF_LIFE: "End of life",
}
BARRIER_TO_ORDS = {
    Barrier.PARTS_NOT_AVAILABLE: "Spare parts not available",
    Barrier.PARTS_TOO_EXPENSIVE: "Spare parts too expensive",
    Barrier.NO_WAY_TO_OPEN: "No way to open product",
    Barrier.NO_REPAIR_INFORMATION: "Repair information not available",
    Barrier.LACK_OF_EQUIPMENT: "Lack of equipment",
    Barrier.TOO_WORN_OUT: "Item too worn out",
}
ORDS_TO_STATUS = {text: code for code, text in STATUS_TO_ORDS.items()}
ORDS_TO_BARRIER = {text: code for code, text in BARRIER_TO_ORDS.items()} | {
    # Variants of the same codes found in the standard's text and the 2025-07 tableschema.
    "No way to open the product": Barrier.NO_WAY_TO_OPEN,
    "Too worn out": Barrier.TOO_WORN_OUT,
    "Product too worn out": Barrier.TOO_WORN_OUT,
}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def categories() -> dict[int, str]:
    """ORDS category id → English name, as published."""
    return {
        int(row["product_category_id"]): row["product_category"]
        for row in _read("ords-product-categories.csv")
    }


@functools.cache
def codelists() -> dict[str, list[str]]:
    """Codelist name → the published texts (from ords-codelists.csv)."""
    found: dict[str, list[str]] = {}
    for row in _read("ords-codelists.csv"):
        found.setdefault(row["codelist"], []).append(row["text"])
    return found


def category_name(category_id: int) -> str:
    return categories()[category_id]


def category_label(category_id: int) -> str:
    return str(CATEGORY_LABELS[category_id])


def category_choices() -> list[tuple[int, str]]:
    return sorted(((cid, str(label)) for cid, label in CATEGORY_LABELS.items()), key=lambda c: c[1])


@functools.cache
def _fault_list(name: str) -> tuple[str, ...]:
    return tuple(row["Title"] for row in _read(f"fault-types-{name}.csv"))


def fault_types_for(category_id: int | None) -> tuple[str, ...]:
    """The fault types offered for a category (empty when ORDS publishes no list for it)."""
    name = FAULT_LISTS.get(category_id or 0)
    return _fault_list(name) if name else ()


# Catch-all fault types, offered after the others.
CATCH_ALL_FAULTS = ("Multiple", "Other", "Unknown", "Poor data")


@functools.cache
def fault_labels_fr() -> dict[tuple[str, str], str]:
    """(fault list, English title) → our French label (fault-types-fr.csv)."""
    return {(row["list"], row["Title"]): row["label_fr"] for row in _read("fault-types-fr.csv")}


def _french_active() -> bool:
    # No active language (translations deactivated) shows the source strings: French.
    language = get_language()
    return language is None or language.startswith("fr")


def fault_type_label(category_id: int | None, title: str) -> str:
    """What to show for a stored fault type: our French label while the interface is in
    French, else the published English title (also for a title outside our lists)."""
    if not title or not _french_active():
        return title
    labels = fault_labels_fr()
    name = FAULT_LISTS.get(category_id or 0)
    if name and (name, title) in labels:
        return labels[name, title]
    # A category changed since, or a title of another list: any list's label will do.
    return next((label for (_list, t), label in labels.items() if t == title), title)


def _sort_key(choice: tuple[str, str]) -> tuple[int, str]:
    title, label = choice
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    last = CATCH_ALL_FAULTS.index(title) if title in CATCH_ALL_FAULTS else -1
    return (last, plain.casefold())


def fault_type_choices(category_id: int) -> list[tuple[str, str]]:
    """(English title stored, label shown) for a category's fault types, in the order of the
    labels shown, the catch-alls ("Other", "Unknown"…) last."""
    return sorted(
        ((title, fault_type_label(category_id, title)) for title in fault_types_for(category_id)),
        key=_sort_key,
    )
