"""The lifecycle of a device: the table of allowed moves and the one function
that moves a device, plus the writes that bring devices in (donations).

    received ──> triaged ──> to_erase ──> erased ──> reconditioned ──> ready ──> allocated
                    │            │           │             │
                    └──> for_parts <─────────┴─────────────┘
    received, triaged, for_parts, to_erase, erased, reconditioned, ready ──> recycled

- `allocated` and `recycled` are final (a device that comes back is a new story,
  not handled yet).
- A device may go "for parts" from triage, or when erasure or reconditioning shows
  it is not worth it (from to_erase, erased, reconditioned).
- Data erasure guards every move to erased, reconditioned, ready, allocated and
  recycled: the device must be "cleared" (see erasure.is_cleared: every drive's
  latest erasure passed, and a device that holds data has at least one drive).
  So a failed erasure blocks the device, and nothing with data leaves the place,
  not even to the WEEE channel (physical destruction is an erasure method).
- Some moves need more than a note: reconditioned (a checklist), allocated (a
  recipient) and recycled (the WEEE receipt). `move_device` refuses them; their
  own actions (recondition_device, allocate_device, recycle_device) record the
  details and then make the move through the same `_transition`.

Every action locks the device row first (select_for_update), checks everything,
then writes: a refused move raises ReuseError and changes nothing.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.kernel.states import StateMachine
from comptoir.people.models import refuse_erased
from comptoir.reuse.categories import get_category
from comptoir.reuse.erasure import blocking_message
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.models import Device, DeviceTransition, Donation, DonorKind, StorageDrive
from comptoir.reuse.models import DeviceState as S

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.TRIAGED, S.RECYCLED}),
    S.TRIAGED: frozenset({S.TO_ERASE, S.FOR_PARTS, S.RECYCLED}),
    S.TO_ERASE: frozenset({S.ERASED, S.FOR_PARTS, S.RECYCLED}),
    S.FOR_PARTS: frozenset({S.RECYCLED}),
    S.ERASED: frozenset({S.RECONDITIONED, S.FOR_PARTS, S.RECYCLED}),
    S.RECONDITIONED: frozenset({S.READY, S.FOR_PARTS, S.RECYCLED}),
    S.READY: frozenset({S.ALLOCATED, S.RECYCLED}),
    S.ALLOCATED: frozenset(),
    S.RECYCLED: frozenset(),
}
STATES = StateMachine(
    ALLOWED_MOVES, log="reuse.DeviceTransition", subject="device", field="state", refused=ReuseError
)
# Moves that need the data to be erased first.
NEEDS_ERASURE = frozenset({S.ERASED, S.RECONDITIONED, S.READY, S.ALLOCATED, S.RECYCLED})
# Moves made by their own action, which records the details.
DEDICATED = {
    S.RECONDITIONED: gettext_lazy(
        "Pour marquer un appareil reconditionné, remplissez la fiche de reconditionnement."
    ),
    S.ALLOCATED: gettext_lazy("Pour attribuer un appareil, indiquez à qui il est remis."),
    S.RECYCLED: gettext_lazy(
        "Pour envoyer un appareil au recyclage, indiquez la référence du bordereau DEEE."
    ),
}


def lock_device(device: Device, venue=None) -> Device:
    """The device row, locked until the end of the transaction."""
    locked = (
        Device.objects.select_related("venue")
        .select_for_update(of=("self",))
        .filter(pk=device.pk)
        .first()
    )
    if locked is None or (venue is not None and locked.venue_id != venue.pk):
        raise ReuseError(_("Cet appareil n’est pas suivi par ce lieu."))
    return locked


def _state_label(state: str) -> str:
    return str(S(state).label)


def check_move(device: Device, to: str) -> None:
    """Raise ReuseError when the device may not move to `to` now."""
    if to not in S.values:
        raise ReuseError(_("Étape inconnue."))
    if device.state == to:
        raise ReuseError(
            _("L’appareil %(tag)s est déjà à l’étape « %(state)s ».")
            % {"tag": device.asset_tag, "state": _state_label(to)}
        )
    if device.state == S.ALLOCATED:
        raise ReuseError(
            _("L’appareil %(tag)s a déjà été attribué : il ne peut plus changer d’étape.")
            % {"tag": device.asset_tag}
        )
    if device.state == S.RECYCLED:
        raise ReuseError(
            _("L’appareil %(tag)s est parti au recyclage : il ne peut plus changer d’étape.")
            % {"tag": device.asset_tag}
        )
    if not STATES.can_move(device, to):
        raise ReuseError(
            _("L’appareil %(tag)s ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"tag": device.asset_tag, "from": _state_label(device.state), "to": _state_label(to)}
        )
    if to in NEEDS_ERASURE:
        problem = blocking_message(device)
        if problem:
            raise ReuseError(problem)


def _transition(*, actor, device: Device, to: str, note: str = "") -> DeviceTransition:
    """Move a locked device (checks included). Callers hold the lock."""
    check_move(device, to)
    before = device.state
    move = STATES.transition(device, to, actor=actor, update_fields=(), note=note.strip())
    record_change(
        actor=actor,
        venue=device.venue,
        instance=device,
        action=AuditAction.UPDATE,
        changes={"state": [before, to]},
    )
    return move


@transaction.atomic
def move_device(*, actor, venue, device: Device, to: str, note: str = "") -> Device:
    """Move a device to a state that needs nothing but a note (triaged, to_erase,
    for_parts, erased, ready)."""
    device = lock_device(device, venue)
    if to in DEDICATED:
        check_move(device, to)
        raise ReuseError(str(DEDICATED[to]))
    _transition(actor=actor, device=device, to=to, note=note)
    return device


# --- Bringing devices in --------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def create_device(*, actor, venue, category_id, state: str = S.RECEIVED, note: str = "", **fields):
    """A new device with its asset tag and its first transition (from nothing)."""
    category = get_category(category_id)
    if category is None:
        raise ReuseError(
            _("Catégorie inconnue : choisissez ordinateur, écran, téléphone, tablette, etc.")
        )
    battery = fields.get("battery_health_percent")
    if battery is not None and not 0 <= battery <= 100:
        raise ReuseError(_("L’état de la batterie est un pourcentage, entre 0 et 100."))
    for name in ("brand", "model", "serial_number", "processor", "source_ref"):
        if name in fields:
            fields[name] = _clean(fields[name])
    if fields.get("weight_kg") is None:
        fields["weight_kg"] = category.weight_kg
    device = Device.objects.create(
        venue=venue,
        category_id=category_id,
        state=state,
        asset_tag=f"tmp-{uuid.uuid4().hex[:12]}",
        **fields,
    )
    device.asset_tag = f"CPT-{device.pk:06d}"
    device.save(update_fields=["asset_tag"])
    STATES.created(device, actor=actor, note=note)
    record_change(
        actor=actor,
        venue=venue,
        instance=device,
        action=AuditAction.CREATE,
        changes={"state": [None, state], "category_id": [None, category_id]},
    )
    return device


def _check_drive(kind: str, serial: str) -> None:
    from comptoir.reuse.models import DriveKind

    if kind not in DriveKind.values:
        raise ReuseError(_("Type de support de stockage inconnu."))
    if not _clean(serial):
        raise ReuseError(
            _(
                "Le numéro de série du support de stockage est obligatoire : il figure sur le "
                "certificat d’effacement. Il est imprimé sur l’étiquette du disque (pour un "
                "téléphone ou une tablette, indiquez son IMEI ou son numéro de série)."
            )
        )


@transaction.atomic
def add_drive(
    *, actor, venue, device: Device, kind: str, serial: str, model: str = "", capacity_gb=None
) -> StorageDrive:
    device = lock_device(device, venue)
    _check_drive(kind, serial)
    if device.state not in {S.RECEIVED, S.TRIAGED, S.TO_ERASE, S.FOR_PARTS}:
        raise ReuseError(
            _("On ne peut plus ajouter de support de stockage à un appareil à l’étape « %s ».")
            % _state_label(device.state)
        )
    if device.drives.filter(serial=_clean(serial)).exists():
        raise ReuseError(_("Ce support de stockage est déjà enregistré sur cet appareil."))
    drive = StorageDrive.objects.create(
        device=device,
        kind=kind,
        serial=_clean(serial),
        model=_clean(model),
        capacity_gb=capacity_gb,
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=drive,
        action=AuditAction.CREATE,
        changes={"device": [None, device.asset_tag], "kind": [None, kind]},
    )
    return drive


@transaction.atomic
def receive_donation(
    *,
    actor,
    venue,
    donor_kind: str,
    devices: list[dict],
    donor_name: str = "",
    donor_person=None,
    received_at=None,
    place: str = "",
    notes: str = "",
) -> Donation:
    """Record a donation and its devices, each in state `received`.

    `devices` is a list of dicts with the Device fields (category_id, brand, model,
    serial_number, processor, memory_gb, battery_health_percent, condition, weight_kg)
    and optionally `drives`: a list of dicts (kind, serial, model, capacity_gb).
    Everything is checked before anything is written.
    """
    donor_name = _clean(donor_name)
    if donor_kind not in DonorKind.values:
        raise ReuseError(
            _(
                "Indiquez qui donne : une personne, une entreprise, une association "
                "ou le bac de collecte."
            )
        )
    if donor_kind == DonorKind.PERSON:
        if donor_person is None:
            raise ReuseError(_("Choisissez la personne qui donne."))
        if donor_person.venue_id != venue.pk:
            raise ReuseError(_("Cette personne n’est pas suivie par ce lieu."))
        refuse_erased(donor_person, ReuseError)
        donor_name = ""
    else:
        donor_person = None
    if donor_kind in {DonorKind.COMPANY, DonorKind.ASSOCIATION} and not donor_name:
        raise ReuseError(_("Indiquez le nom de l’entreprise ou de l’association."))
    if donor_kind == DonorKind.BIN:
        donor_name = ""
    if not devices:
        raise ReuseError(_("Un don compte au moins un appareil."))
    for spec in devices:
        if get_category(spec.get("category_id")) is None:
            raise ReuseError(
                _("Catégorie inconnue : choisissez ordinateur, écran, téléphone, tablette, etc.")
            )
        for drive in spec.get("drives", ()):
            _check_drive(drive.get("kind", ""), drive.get("serial", ""))
    donation = Donation.objects.create(
        venue=venue,
        donor_kind=donor_kind,
        donor_name=donor_name,
        donor_person=donor_person,
        received_at=received_at or timezone.now(),
        received_by=actor,
        place=_clean(place),
        notes=notes.strip(),
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=donation,
        action=AuditAction.CREATE,
        changes={"donor_kind": [None, donor_kind], "devices": [None, len(devices)]},
    )
    for spec in devices:
        spec = dict(spec)
        drives = spec.pop("drives", ())
        device = create_device(actor=actor, venue=venue, donation=donation, **spec)
        for drive in drives:
            add_drive(actor=actor, venue=venue, device=device, **drive)
    return donation
