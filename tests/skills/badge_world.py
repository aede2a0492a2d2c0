"""Helpers for the Open Badges page tests: a badge, a person, an award, images."""

import io

from PIL import Image

from comptoir.skills import issuing
from comptoir.skills.models import PixCompetence
from tests.factories import PersonFactory
from tests.skills.helpers import load_pix_framework
from tests.skills.openbadges.factories import AchievementFactory


def make_achievement(venue, name="Premiers pas sur smartphone", codes=("3.1",), **kwargs):
    load_pix_framework()
    return AchievementFactory(
        venue=venue,
        name=name,
        competences=list(PixCompetence.objects.filter(code__in=codes)),
        **kwargs,
    )


def make_person(venue, first_name="Josiane", **kwargs):
    return PersonFactory(venue=venue, first_name=first_name, **kwargs)


def award(actor, achievement, person, **kwargs):
    return issuing.award_credential(
        actor=actor,
        achievement=achievement,
        person=person,
        evidence_note="Atelier du 3 mars",
        **kwargs,
    )


def png_bytes(size=(64, 64), colour=(29, 95, 168)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
