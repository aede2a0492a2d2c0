"""What the reuse service keeps about a person (see comptoir/people/privacy.py).

An erasure keeps donations and allocations (the device's history and the reuse
figures) and clears their free text: the remarks and the collection place of a
donation, and the eligibility reason of an allocation, which may say something
about the person's situation.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from comptoir.people.privacy import Section, record, register
from comptoir.reuse.models import Allocation, Donation
from comptoir.reuse.service import ReuseCapability

DONATION_FIELDS = ("received_at", "place", "notes")
ALLOCATION_FIELDS = (
    "allocated_at",
    "eligibility_reason",
    "agreement_signed",
    "price_kind",
    "amount",
    "returned_at",
)


def export_donations(person) -> list[dict]:
    donations = Donation.objects.filter(donor_person=person).order_by("received_at", "pk")
    return [record(donation, DONATION_FIELDS) for donation in donations]


def export_allocations(person) -> list[dict]:
    allocations = Allocation.objects.filter(person=person).select_related("device")
    device = str(_("appareil"))
    return [
        record(
            allocation,
            ALLOCATION_FIELDS,
            **{
                device: f"{allocation.device.get_category_id_display()} "
                f"({allocation.device.asset_tag})"
            },
        )
        for allocation in allocations.order_by("allocated_at", "pk")
    ]


def erase(person_ids: list[int], *, actor, now) -> None:
    donations = Donation.objects.filter(donor_person_id__in=person_ids)
    # The collection place is free text too ("devant chez Mme X, 3 rue…").
    donations.exclude(notes="", place="").update(notes="", place="")
    Allocation.objects.filter(person_id__in=person_ids).exclude(eligibility_reason="").update(
        eligibility_reason=""
    )


def recent_contact(cutoff) -> list[Exists]:
    return [
        Exists(Donation.objects.filter(donor_person=OuterRef("pk"), received_at__gte=cutoff)),
        Exists(Allocation.objects.filter(person=OuterRef("pk"), allocated_at__gte=cutoff)),
    ]


register(
    Section(
        key="reuse_donations",
        label=_("Dons de matériel"),
        export=export_donations,
        capability=ReuseCapability.VIEW_DEVICES,
        erase=erase,
        recent_contact=recent_contact,
        order=70,
    )
)
register(
    Section(
        key="reuse_allocations",
        label=_("Matériel reçu"),
        export=export_allocations,
        capability=ReuseCapability.VIEW_DEVICES,
        order=71,
    )
)
