"""Writes on recognised skills: recognise one, withdraw one — each in the audit trail."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.kernel.errors import ActionRefused
from comptoir.people.models import refuse_erased
from comptoir.skills.models import PixCompetence, RecognisedSkill, SkillKind


class SkillError(ActionRefused):
    """A recognition or withdrawal that cannot be made; the message is for staff."""


def check_evidence_date(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise SkillError(
            _(
                "La date ne peut pas être dans le futur : indiquez le jour où "
                "la compétence a été constatée."
            )
        )


@transaction.atomic
def recognise_skill(
    *,
    actor,
    venue,
    person,
    label: str,
    kind: str,
    evidence_note: str,
    evidence_date: datetime.date,
    competences: Iterable[PixCompetence] = (),
) -> RecognisedSkill:
    if person.venue_id != venue.pk:
        raise SkillError(
            _(
                "Cette personne n’est pas suivie par ce lieu : on ne peut reconnaître "
                "que les compétences des personnes du lieu."
            )
        )
    refuse_erased(person, SkillError)
    label = label.strip()
    if not label:
        raise SkillError(_("Décrivez la compétence en quelques mots."))
    if kind not in SkillKind.values:
        raise SkillError(_("Choisissez ce que cette compétence permet."))
    check_evidence_date(evidence_date)
    competences = list(competences)
    skill = RecognisedSkill.objects.create(
        venue=venue,
        person=person,
        label=label,
        kind=kind,
        evidence_note=evidence_note.strip(),
        evidence_date=evidence_date,
        recognised_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    skill.competences.set(competences)
    record_change(
        actor=actor,
        venue=venue,
        instance=skill,
        action=AuditAction.CREATE,
        changes={
            "person": [None, person.pk],
            "label": [None, skill.label],
            "kind": [None, skill.kind],
            "competences": [None, sorted(c.code for c in competences)],
            "evidence_date": [None, evidence_date.isoformat()],
        },
    )
    return skill


@transaction.atomic
def withdraw_skill(*, actor, skill: RecognisedSkill) -> RecognisedSkill:
    """Withdraw a recognised skill: it no longer allows animating or repairing."""
    skill = RecognisedSkill.objects.select_for_update().get(pk=skill.pk)
    if skill.revoked_at is not None:
        raise SkillError(_("Cette compétence a déjà été retirée."))
    skill.revoked_at = timezone.now()
    skill.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    skill.save(update_fields=["revoked_at", "revoked_by"])
    record_change(
        actor=actor,
        venue=skill.venue,
        instance=skill,
        action=AuditAction.UPDATE,
        changes={"revoked_at": [None, skill.revoked_at.isoformat()]},
    )
    return skill
