"""Writes on the catalogue: create and change a workshop, with the audit trail.

(Sessions, registrations and attendance live in actions.py.)
"""

from django.db import transaction

from comptoir.audit.actions import diff, record_change, snapshot
from comptoir.audit.models import AuditAction
from comptoir.workshops.models import Workshop

AUDITED_FIELDS = (
    "title",
    "description",
    "format",
    "audience",
    "level",
    "themes",
    "price_kind",
    "price_amount",
    "duration_minutes",
    "default_capacity",
    "badge",
    "active",
)


def _audited(workshop: Workshop) -> dict:
    values = snapshot(workshop, AUDITED_FIELDS)
    values["competences"] = sorted(c.code for c in workshop.competences.all())
    return values


@transaction.atomic
def create_workshop(*, actor, venue, workshop: Workshop, competences=()) -> Workshop:
    """Save a new workshop of the venue's catalogue (built by the form, not saved yet)."""
    workshop.venue = venue
    workshop.save()
    workshop.competences.set(competences)
    record_change(
        actor=actor,
        venue=venue,
        instance=workshop,
        action=AuditAction.CREATE,
        changes={name: [None, value] for name, value in _audited(workshop).items()},
    )
    return workshop


@transaction.atomic
def update_workshop(*, actor, workshop: Workshop, before: dict, competences=()) -> Workshop:
    """Save changes made by the form; `before` is `audit_snapshot(workshop)` taken first."""
    workshop.save()
    workshop.competences.set(competences)
    record_change(
        actor=actor,
        venue=workshop.venue,
        instance=workshop,
        action=AuditAction.UPDATE,
        changes=diff(before, _audited(workshop)),
    )
    return workshop


def audit_snapshot(workshop: Workshop) -> dict:
    """What the audit trail compares: take it before the form changes the instance."""
    return _audited(workshop)
