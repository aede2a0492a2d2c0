"""Writes on badge definitions and the issuer's description, each in the audit trail.

Awarding and revoking credentials (signed, status list) live in `issuing.py`.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction

from comptoir.audit.actions import diff, record_change, snapshot
from comptoir.audit.models import AuditAction
from comptoir.skills.models import Achievement, IssuerProfile, PixCompetence

AUDITED_FIELDS = ["name", "description", "criteria", "colour", "validity_days", "active"]


@transaction.atomic
def save_achievement(
    *,
    actor,
    venue,
    achievement: Achievement,
    competences: Iterable[PixCompetence],
    image_png: bytes | None = None,
) -> Achievement:
    """Create or update a badge of `venue` with its Pix competences.

    `image_png`: new picture bytes, b"" to go back to the drawn picture, None to keep it.
    """
    creating = achievement.pk is None
    if creating:
        before: dict = {}
        old_codes: list[str] = []
        had_image = False
        achievement.public_id = achievement.public_id or uuid.uuid4()
        achievement.created_by = actor if getattr(actor, "is_authenticated", False) else None
    else:
        stored = Achievement.objects.select_for_update().get(pk=achievement.pk)
        before = snapshot(stored, AUDITED_FIELDS)
        old_codes = sorted(stored.competences.values_list("code", flat=True))
        had_image = bool(stored.image_png)
        achievement.image_png = stored.image_png
    achievement.venue = venue
    if image_png is not None:
        achievement.image_png = image_png
    achievement.save()
    competences = list(competences)
    achievement.competences.set(competences)
    changes = diff(before, snapshot(achievement, AUDITED_FIELDS))
    new_codes = sorted(c.code for c in competences)
    if new_codes != old_codes:
        changes["competences"] = [old_codes or None, new_codes]
    if image_png is not None and (image_png or had_image):
        changes["image"] = [had_image, bool(image_png)]
    record_change(
        actor=actor,
        venue=venue,
        instance=achievement,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        changes=changes,
    )
    return achievement


@transaction.atomic
def update_issuer_description(*, actor, issuer: IssuerProfile, description: str) -> IssuerProfile:
    issuer = IssuerProfile.objects.select_for_update().select_related("venue").get(pk=issuer.pk)
    description = description.strip()
    if issuer.description != description:
        old = issuer.description
        issuer.description = description
        issuer.save(update_fields=["description"])
        record_change(
            actor=actor,
            venue=issuer.venue,
            instance=issuer,
            action=AuditAction.UPDATE,
            changes={"description": [old, description]},
        )
    return issuer
