"""What the repair café keeps about a person (see comptoir/people/privacy.py).

An erasure keeps the items (the repair figures and the ORDS open data need them:
category, brand, fault, outcome) and clears the first name typed at intake.
Events the person repaired at as a volunteer keep them, shown anonymised.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from comptoir.people.privacy import Section, local, record, register
from comptoir.repair.models import RepairEvent, RepairItem
from comptoir.repair.service import RepairCapability

FIELDS = (
    "event",
    "first_name",
    "brand",
    "model",
    "problem",
    "status",
    "repair_status",
    "next_steps",
    "advice",
    "arrived_at",
)


def export(person) -> list[dict]:
    items = RepairItem.objects.filter(person=person).select_related("event")
    category = str(_("catégorie"))
    return [
        record(item, FIELDS, **{category: item.category_label})
        for item in items.order_by("arrived_at", "pk")
    ]


def export_volunteering(person) -> list[dict]:
    events = RepairEvent.objects.filter(peer_repairers=person).order_by("starts_at", "pk")
    repaired = RepairItem.objects.filter(repairer_person=person).count()
    rows = [
        {str(_("repair café")): event.title, str(_("date")): local(event.starts_at)}
        for event in events
    ]
    if repaired:
        rows.append({str(_("objets réparés ou examinés")): repaired})
    return rows


def erase(person_ids: list[int], *, actor, now) -> None:
    RepairItem.objects.filter(person_id__in=person_ids).exclude(first_name="").update(first_name="")


def recent_contact(cutoff) -> list[Exists]:
    through = RepairEvent.peer_repairers.through
    return [
        Exists(RepairItem.objects.filter(person=OuterRef("pk"), arrived_at__gte=cutoff)),
        Exists(RepairItem.objects.filter(repairer_person=OuterRef("pk"), arrived_at__gte=cutoff)),
        Exists(
            through.objects.filter(person_id=OuterRef("pk"), repairevent__starts_at__gte=cutoff)
        ),
    ]


register(
    Section(
        key="repair",
        label=_("Objets apportés au repair café"),
        export=export,
        capability=RepairCapability.VIEW_REPAIRS,
        erase=erase,
        recent_contact=recent_contact,
        order=60,
    )
)
register(
    Section(
        key="repair_volunteering",
        label=_("Réparations bénévoles"),
        export=export_volunteering,
        capability=RepairCapability.VIEW_REPAIRS,
        order=61,
    )
)
