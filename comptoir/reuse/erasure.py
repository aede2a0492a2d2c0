"""Data erasure: one record per storage drive, and the rule that blocks a device.

A device is "cleared" when:
- every registered drive's latest erasure record passed its verification
  (a failed record blocks the device until a later record for that drive passes);
- and a device of a category that holds data (computers, phones, tablets) has at
  least one drive registered: a phone or tablet registers its internal memory as
  a drive (kind eMMC, serial = IMEI or serial number), so its erasure is recorded
  like any other.
A device of another category (screen, accessory, printer) with no drive has nothing
to erase and is cleared. Erasures are recorded while the device is "to erase" or
"for parts" (a dismantled device's drive is erased or destroyed before its shell
goes to the WEEE channel).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.models import Device, ErasureMethod, ErasureRecord, StorageDrive
from comptoir.reuse.models import DeviceState as S

ERASABLE_STATES = frozenset({S.TO_ERASE, S.FOR_PARTS})


def latest_erasures(device: Device) -> dict[int, ErasureRecord | None]:
    """Each drive's latest erasure record (None when never erased)."""
    latest: dict[int, ErasureRecord | None] = {drive.pk: None for drive in device.drives.all()}
    for record in ErasureRecord.objects.filter(drive__device=device).order_by("performed_at", "pk"):
        latest[record.drive_id] = record
    return latest


def blocking_message(device: Device) -> str:
    """Why the device's data is not erased yet, or "" when it is cleared."""
    drives = list(device.drives.all())
    if not drives:
        if device.category and device.category.has_storage:
            return _(
                "L’appareil %(tag)s contient des données : enregistrez d’abord son support de "
                "stockage (pour un téléphone ou une tablette, sa mémoire interne) et son "
                "effacement."
            ) % {"tag": device.asset_tag}
        return ""
    latest = latest_erasures(device)
    for drive in drives:
        record = latest[drive.pk]
        if record is None:
            return _(
                "Le support %(serial)s de l’appareil %(tag)s n’a pas encore été effacé : "
                "l’effacement des données est obligatoire avant toute autre étape."
            ) % {"serial": drive.serial, "tag": device.asset_tag}
        if not record.passed:
            return _(
                "L’effacement du support %(serial)s de l’appareil %(tag)s a échoué : l’appareil "
                "est bloqué tant qu’un nouvel effacement de ce support n’est pas vérifié "
                "(ou le support détruit)."
            ) % {"serial": drive.serial, "tag": device.asset_tag}
    return ""


def is_cleared(device: Device) -> bool:
    return blocking_message(device) == ""


@transaction.atomic
def record_erasure(
    *,
    actor,
    venue,
    drive: StorageDrive,
    method: str,
    tool: str,
    passed: bool,
    performed_at=None,
    notes: str = "",
) -> ErasureRecord:
    """Record an erasure of one drive, by `actor` (the operator)."""
    from comptoir.reuse.lifecycle import lock_device

    device = lock_device(drive.device, venue)
    drive = device.drives.filter(pk=drive.pk).first()
    if drive is None:
        raise ReuseError(_("Ce support de stockage n’appartient pas à cet appareil."))
    if device.state == S.RECYCLED:
        raise ReuseError(
            _("L’appareil %(tag)s est parti au recyclage : on ne peut plus l’effacer.")
            % {"tag": device.asset_tag}
        )
    if device.state not in ERASABLE_STATES:
        raise ReuseError(
            _(
                "L’appareil %(tag)s est à l’étape « %(state)s » : on efface les données d’un "
                "appareil « à effacer » ou « pour pièces »."
            )
            % {"tag": device.asset_tag, "state": S(device.state).label}
        )
    if method not in ErasureMethod.values:
        raise ReuseError(
            _("Choisissez la méthode d’effacement : Clear, Purge ou destruction physique.")
        )
    tool = " ".join(tool.split())
    if not tool:
        raise ReuseError(
            _("Indiquez l’outil utilisé (par exemple : ShredOS, nwipe, destruction au broyeur).")
        )
    record = ErasureRecord.objects.create(
        drive=drive,
        method=method,
        tool=tool,
        operator=actor,
        passed=passed,
        performed_at=performed_at or timezone.now(),
        notes=notes.strip(),
    )
    record_change(
        actor=actor,
        venue=venue,
        instance=record,
        action=AuditAction.CREATE,
        changes={
            "device": [None, device.asset_tag],
            "method": [None, method],
            "passed": [None, passed],
        },
    )
    return record
