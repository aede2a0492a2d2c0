"""Writes on reused devices. The lifecycle (state table, moves, donations) is in
lifecycle.py, erasure in erasure.py, the parts stock in parts.py; this module
holds the moves that record details (reconditioning, recycling, allocation) and
re-exports the others, so that views and tests import from one place.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.journal.cra import ActivityType, Equipment, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.people.models import refuse_erased
from comptoir.reuse.erasure import record_erasure
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.lifecycle import (
    ALLOWED_MOVES,
    _transition,
    add_drive,
    check_move,
    create_device,
    lock_device,
    move_device,
    receive_donation,
)
from comptoir.reuse.models import Allocation, AllocationPrice, Device, Reconditioning
from comptoir.reuse.models import DeviceState as S

__all__ = [
    "ALLOWED_MOVES",
    "ReuseError",
    "add_drive",
    "allocate_device",
    "create_device",
    "move_device",
    "receive_donation",
    "recondition_device",
    "record_erasure",
    "recycle_device",
]


@transaction.atomic
def recondition_device(
    *,
    actor,
    venue,
    device: Device,
    operating_system: str,
    tests_passed: bool,
    accessories: str = "",
    notes: str = "",
    session=None,
) -> Device:
    """Fill the reconditioning checklist and move the (erased) device to reconditioned."""
    device = lock_device(device, venue)
    check_move(device, S.RECONDITIONED)
    operating_system = " ".join(operating_system.split())
    if not operating_system:
        raise ReuseError(_("Indiquez le système installé (par exemple : « Linux Mint 22 »)."))
    if not tests_passed:
        raise ReuseError(
            _(
                "Les tests n’ont pas tous réussi : l’appareil ne peut pas être déclaré "
                "reconditionné. Réparez-le ou passez-le « pour pièces »."
            )
        )
    if session is not None and session.venue_id != venue.pk:
        raise ReuseError(_("Cette séance n’a pas lieu dans ce lieu."))
    Reconditioning.objects.create(
        device=device,
        operating_system=operating_system,
        tests_passed=True,
        accessories=" ".join(accessories.split()),
        notes=notes.strip(),
        session=session,
        by=actor,
    )
    note = _("Système installé : %(os)s") % {"os": operating_system}
    _transition(actor=actor, device=device, to=S.RECONDITIONED, note=note)
    return device


@transaction.atomic
def recycle_device(*, actor, venue, device: Device, receipt: str, note: str = "") -> Device:
    """Hand the device to a WEEE (DEEE) channel; the channel's receipt is required."""
    device = lock_device(device, venue)
    check_move(device, S.RECYCLED)
    receipt = " ".join(receipt.split())
    if not receipt:
        raise ReuseError(
            _("Indiquez la référence du bordereau remis par la filière DEEE (éco-organisme).")
        )
    device.recycling_receipt = receipt
    device.save(update_fields=["recycling_receipt"])
    _transition(actor=actor, device=device, to=S.RECYCLED, note=note or receipt)
    return device


def _amount(price_kind: str, amount) -> Decimal | None:
    if price_kind not in AllocationPrice.values:
        raise ReuseError(
            _("Choisissez la contrepartie : gratuit, prix solidaire ou pass numériques.")
        )
    if price_kind == AllocationPrice.FREE:
        return None
    try:
        value = Decimal(str(amount)) if amount not in (None, "") else None
    except ArithmeticError:
        value = None
    if value is None or value <= 0:
        raise ReuseError(_("Indiquez le montant demandé (en euros)."))
    return value


@transaction.atomic
def allocate_device(
    *,
    actor,
    venue,
    device: Device,
    person=None,
    partner_name: str = "",
    eligibility_reason: str = "",
    agreement_signed: bool = False,
    price_kind: str = AllocationPrice.FREE,
    amount=None,
) -> Allocation:
    """Give a ready device to a person of the venue (with a signed agreement) or to a
    partner association. A device is never allocated twice."""
    device = lock_device(device, venue)
    if device.state == S.ALLOCATED or device.allocations.filter(returned_at__isnull=True).exists():
        raise ReuseError(
            _("L’appareil %(tag)s a déjà été attribué : il ne peut pas l’être une seconde fois.")
            % {"tag": device.asset_tag}
        )
    check_move(device, S.ALLOCATED)
    partner_name = " ".join(partner_name.split())
    eligibility_reason = " ".join(eligibility_reason.split())
    if (person is None) == (not partner_name):
        raise ReuseError(
            _("Indiquez à qui l’appareil est remis : une personne ou une association partenaire.")
        )
    if person is not None:
        if person.venue_id != venue.pk:
            raise ReuseError(
                _(
                    "Cette personne n’est pas suivie par ce lieu : l’appareil ne peut pas lui être "
                    "attribué d’ici."
                )
            )
        refuse_erased(person, ReuseError)
        if not eligibility_reason:
            raise ReuseError(_("Indiquez le motif d’éligibilité de la personne."))
        if not agreement_signed:
            raise ReuseError(
                _("La convention de don doit être signée par la personne avant la remise.")
            )
    value = _amount(price_kind, amount)
    allocation = Allocation.objects.create(
        device=device,
        person=person,
        partner_name=partner_name,
        eligibility_reason=eligibility_reason,
        agreement_signed=bool(agreement_signed) if person is not None else False,
        price_kind=price_kind,
        amount=value,
        allocated_by=actor,
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=allocation,
        action=AuditAction.CREATE,
        # Never the person's name: only what kind of recipient.
        changes={
            "device": [None, device.asset_tag],
            "recipient": [None, "person" if person is not None else "partner"],
            "price_kind": [None, price_kind],
        },
    )
    _transition(actor=actor, device=device, to=S.ALLOCATED)
    if person is not None:
        _record_handover(actor=actor, venue=venue, allocation=allocation)
    return allocation


# Equipment of the national activity report, by device category (ORDS ids).
_EQUIPMENT = {
    4: Equipment.COMPUTER,
    16: Equipment.COMPUTER,
    19: Equipment.PHONE,
    30: Equipment.TABLET,
}
# Handing a device over takes time: how to start it, the accounts, the first settings.
HANDOVER_MINUTES = 30


def _record_handover(*, actor, venue, allocation: Allocation) -> None:
    """Giving a device to a person is an accompaniment: one individual journal activity."""
    from comptoir.journal.actions import record_activity

    device = allocation.device
    equipment = _EQUIPMENT.get(device.category_id)
    record_activity(
        actor=actor,
        venue=venue,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            place_type=PlaceType.VENUE,
            date=timezone.localdate(),
            duration_minutes=HANDOVER_MINUTES,
            equipment=[equipment] if equipment else [],
            person=allocation.person,
            notes=_("Remise de l’appareil reconditionné %(tag)s.") % {"tag": device.asset_tag},
            source=Source.REUSE,
            source_ref=f"allocation:{allocation.pk}",
        ),
        themes=[Theme.GETTING_STARTED],
    )
