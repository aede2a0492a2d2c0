"""The outcome of a repair, per the Open Repair Data Standard, and its journal activity.

Rules (ORDS v0.3): a barrier is given only for an object at end of life, and is
required then; next steps (bring a part, see a professional, come back) only for a
repairable object, and are required then. Parts taken from the stock go through
the reuse app (`comptoir.reuse.parts.take_part`, used_for "repair-item:<pk>"); an
object left for parts is received by it (`receive_left_for_parts`). Any refusal
rolls everything back: nothing is half-written.
"""

import datetime
import math
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.journal.cra import MAX_DURATION_MINUTES, ActivityType, Equipment, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.repair.actions import (
    DEFAULT_DURATION_MINUTES,
    EQUIPMENT_BY_CATEGORY,
    RepairError,
    lock_item,
    move_item,
    staff_user,
)
from comptoir.repair.models import ItemStatus, RepairItem
from comptoir.repair.reference import Barrier, NextStep, RepairStatus


def _parts_api():
    """The reuse app's stock (imported late: the repair café's one hook into reuse)."""
    from comptoir.reuse import parts

    return parts


def _check(repair_status: str, next_steps: str, barrier: str, left_for_parts: bool) -> None:
    if repair_status not in RepairStatus.values:
        raise RepairError(
            _("Choisissez le résultat : réparé, réparable, en fin de vie ou inconnu.")
        )
    if repair_status == RepairStatus.END_OF_LIFE:
        if not barrier:
            raise RepairError(
                _("Pour un appareil en fin de vie, indiquez ce qui a empêché la réparation.")
            )
        if barrier not in Barrier.values:
            raise RepairError(_("Cet obstacle à la réparation n’existe pas dans la liste."))
    elif barrier:
        raise RepairError(
            _("L’obstacle à la réparation ne se note que pour un appareil en fin de vie.")
        )
    if repair_status == RepairStatus.REPAIRABLE:
        if not next_steps:
            raise RepairError(_("Pour un appareil réparable, indiquez la suite à donner."))
        if next_steps not in NextStep.values:
            raise RepairError(_("Cette suite à donner n’existe pas dans la liste."))
    elif next_steps:
        raise RepairError(_("La suite à donner ne se note que pour un appareil réparable."))
    if left_for_parts and repair_status == RepairStatus.FIXED:
        raise RepairError(
            _("Un appareil réparé repart avec la personne : il n’est pas laissé pour pièces.")
        )


def _reuse_call(function, **kwargs):
    try:
        return function(**kwargs)
    except Exception as error:
        message = getattr(error, "message", None)
        if message is None:
            raise
        raise RepairError(str(message)) from None


def _record_journal(item: RepairItem, actor) -> Activity:
    from comptoir.journal.actions import record_activity

    event = item.event
    place = event.where
    if item.started_at and item.finished_at and item.finished_at > item.started_at:
        minutes = math.ceil((item.finished_at - item.started_at).total_seconds() / 60)
        minutes = min(max(1, minutes), MAX_DURATION_MINUTES)
    else:
        minutes = DEFAULT_DURATION_MINUTES
    activity = Activity(
        type=ActivityType.INDIVIDUAL,
        place_type=PlaceType.OTHER if event.is_outreach else PlaceType.VENUE,
        place_commune=place.commune,
        place_postal_code=place.postal_code,
        date=timezone.localdate(item.finished_at),
        duration_minutes=minutes,
        equipment=[EQUIPMENT_BY_CATEGORY.get(item.category_id, Equipment.OTHER)],
        person=item.person,
        mediator=item.repairer_user or staff_user(actor),
        source=Source.REPAIR,
        source_ref=item.source_ref,
    )
    return record_activity(
        actor=actor, venue=item.venue, activity=activity, themes=[Theme.MAINTENANCE]
    )


@transaction.atomic
def record_outcome(
    *,
    actor,
    item: RepairItem,
    repair_status: str,
    next_steps: str = "",
    barrier: str = "",
    advice: str = "",
    parts: Iterable = (),
    left_for_parts: bool = False,
    now: datetime.datetime | None = None,
) -> RepairItem:
    """Close a repair with its ORDS outcome; writes the item's one journal activity."""
    now = now or timezone.now()
    item = lock_item(item)
    if item.status != ItemStatus.IN_REPAIR:
        if item.status == ItemStatus.WAITING:
            raise RepairError(_("Personne ne répare encore cet objet : commencez la réparation."))
        raise RepairError(_("Le résultat de cette réparation est déjà noté."))
    _check(repair_status, next_steps, barrier, left_for_parts)
    parts = list(parts)
    api = _parts_api()
    for part in parts:
        _reuse_call(
            api.take_part,
            actor=actor,
            venue=item.venue,
            part=part,
            used_for=item.source_ref,
            note=_("Réparation : %(item)s") % {"item": item},
        )
    if left_for_parts:
        _reuse_call(
            api.receive_left_for_parts,
            actor=actor,
            venue=item.venue,
            category_id=item.category_id,
            brand=item.brand,
            model=item.model,
            source_ref=item.source_ref,
            note=item.problem[:200],
        )
    item.repair_status = repair_status
    item.next_steps = next_steps
    item.barrier = barrier
    item.advice = advice.strip()
    item.left_for_parts = left_for_parts
    item.finished_at = now
    item.activity = _record_journal(item, actor)
    move_item(item, ItemStatus.DONE, actor=actor, at=now)
    record_change(
        actor=actor,
        venue=item.venue,
        instance=item,
        action=AuditAction.UPDATE,
        changes={
            "status": [ItemStatus.IN_REPAIR, ItemStatus.DONE],
            "repair_status": ["", repair_status],
            "barrier": ["", barrier],
            "next_steps": ["", next_steps],
            "parts": [None, len(parts)],
            "left_for_parts": [False, left_for_parts],
        },
    )
    return item
