"""The parts stock: parts taken from devices left "for parts" or dismantled, and
the repairs that use them. The repair app calls this module (and only this one).

API (keyword arguments only):
- add_part(*, actor, venue, kind, compatible_models="", condition, location="",
  source_device=None, source_ref="") -> Part
- available_parts(venue, *, query="") -> QuerySet[Part]
- take_part(*, actor, venue, part, used_for, note="") -> Part
- parts_used_for(used_for) -> QuerySet[Part]
- receive_left_for_parts(*, actor, venue, category_id, brand="", model="",
  source_ref="", note="") -> Device
- discard_part(*, actor, venue, part, note="") -> Part
Refusals raise ReuseError with a plain French message, and change nothing.
References (`source_ref`, `used_for`) are short strings such as "repair-item:12".
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.people.normalise import name_key
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.lifecycle import create_device, lock_device
from comptoir.reuse.models import (
    Device,
    DeviceState,
    Part,
    PartCondition,
    PartMovement,
    PartMovementKind,
    PartStatus,
)

__all__ = [
    "Part",
    "PartMovement",
    "ReuseError",
    "add_part",
    "available_parts",
    "discard_part",
    "parts_used_for",
    "receive_left_for_parts",
    "take_part",
]


def _clean(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def add_part(
    *,
    actor,
    venue,
    kind: str,
    compatible_models: str = "",
    condition: str,
    location: str = "",
    source_device: Device | None = None,
    source_ref: str = "",
) -> Part:
    """Put a part in stock. From a dismantled device: the device must be of the venue
    and "for parts"."""
    kind = _clean(kind)
    if not kind:
        raise ReuseError(_("Indiquez de quelle pièce il s’agit (par exemple : « Batterie »)."))
    if condition not in PartCondition.values:
        raise ReuseError(_("Indiquez l’état de la pièce : testée, non testée ou abîmée."))
    if source_device is not None:
        source_device = lock_device(source_device, venue)
        if source_device.state != DeviceState.FOR_PARTS:
            raise ReuseError(
                _(
                    "L’appareil %(tag)s n’est pas « pour pièces » : passez-le d’abord à cette "
                    "étape avant de le démonter."
                )
                % {"tag": source_device.asset_tag}
            )
        source_ref = source_ref or f"device:{source_device.asset_tag}"
    part = Part.objects.create(
        venue=venue,
        kind=kind,
        compatible_models=compatible_models.strip(),
        condition=condition,
        location=_clean(location),
        source_device=source_device,
        source_ref=_clean(source_ref),
    )
    PartMovement.objects.create(part=part, kind=PartMovementKind.IN, ref=part.source_ref, by=actor)
    record_change(
        actor=actor,
        venue=venue,
        instance=part,
        action=AuditAction.CREATE,
        changes={"kind": [None, kind], "source_ref": [None, part.source_ref]},
    )
    return part


def available_parts(venue, *, query: str = "") -> QuerySet[Part]:
    """The venue's parts in stock; `query` searches the kind and the compatible models."""
    parts = Part.objects.filter(venue=venue, status=PartStatus.IN_STOCK).select_related(
        "source_device"
    )
    for word in name_key(query).split():
        parts = parts.filter(search_key__contains=word)
    return parts.order_by("kind", "pk")


def _lock_part(part: Part, venue) -> Part:
    locked = Part.objects.select_for_update().filter(pk=part.pk).first()
    if locked is None or locked.venue_id != venue.pk:
        raise ReuseError(_("Cette pièce n’est pas dans le stock de ce lieu."))
    return locked


@transaction.atomic
def take_part(*, actor, venue, part: Part, used_for: str, note: str = "") -> Part:
    """Take a part out of the stock for a repair (`used_for`, e.g. "repair-item:34")."""
    used_for = _clean(used_for)
    if not used_for:
        raise ReuseError(_("Indiquez pour quelle réparation la pièce est utilisée."))
    part = _lock_part(part, venue)
    if part.status != PartStatus.IN_STOCK:
        raise ReuseError(
            _("La pièce « %(kind)s » n’est plus en stock (%(status)s).")
            % {"kind": part.kind, "status": part.get_status_display().lower()}
        )
    part.status, part.used_for = PartStatus.USED, used_for
    part.save(update_fields=["status", "used_for"])
    PartMovement.objects.create(
        part=part, kind=PartMovementKind.OUT, ref=used_for, note=note.strip(), by=actor
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=part,
        action=AuditAction.UPDATE,
        changes={"status": [PartStatus.IN_STOCK, PartStatus.USED], "used_for": ["", used_for]},
    )
    return part


@transaction.atomic
def discard_part(*, actor, venue, part: Part, note: str = "") -> Part:
    part = _lock_part(part, venue)
    if part.status != PartStatus.IN_STOCK:
        raise ReuseError(_("Seule une pièce en stock peut être mise au rebut."))
    part.status = PartStatus.DISCARDED
    part.save(update_fields=["status"])
    PartMovement.objects.create(
        part=part, kind=PartMovementKind.DISCARDED, note=note.strip(), by=actor
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=part,
        action=AuditAction.UPDATE,
        changes={"status": [PartStatus.IN_STOCK, PartStatus.DISCARDED]},
    )
    return part


def parts_used_for(used_for: str) -> QuerySet[Part]:
    """The parts taken for one repair (e.g. "repair-item:34")."""
    return Part.objects.filter(status=PartStatus.USED, used_for=_clean(used_for)).order_by("pk")


@transaction.atomic
def receive_left_for_parts(
    *,
    actor,
    venue,
    category_id: int,
    brand: str = "",
    model: str = "",
    source_ref: str = "",
    note: str = "",
) -> Device:
    """An object left "for parts" at the repair café becomes a device "for parts"
    (no donation; `source_ref` says where it came from, e.g. "repair-item:12")."""
    return create_device(
        actor=actor,
        venue=venue,
        category_id=category_id,
        state=DeviceState.FOR_PARTS,
        note=note.strip(),
        brand=brand,
        model=model,
        source_ref=source_ref,
    )
