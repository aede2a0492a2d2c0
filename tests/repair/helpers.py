"""Builders shared by the repair tests."""

import datetime

from django.utils import timezone

from comptoir.repair import actions
from comptoir.repair.models import RepairEvent
from comptoir.skills.models import RecognisedSkill, SkillKind
from tests.factories import PersonFactory


def peer_repairer(venue, first_name="Karim"):
    """A person of the venue whose repair skill is recognised."""
    person = PersonFactory(venue=venue, first_name=first_name)
    RecognisedSkill.objects.create(
        venue=venue,
        person=person,
        label="Répare les ordinateurs portables",
        kind=SkillKind.REPAIR,
        evidence_note="A changé trois batteries au dernier repair café.",
        evidence_date=datetime.date(2025, 3, 1),
    )
    return person


def make_event(venue, actor=None, *, starts_at=None, hours=3, **kwargs) -> RepairEvent:
    starts_at = starts_at or timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    return actions.schedule_event(
        actor=actor,
        venue=venue,
        title="Repair café du samedi",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **kwargs,
    )
