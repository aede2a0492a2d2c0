"""Skills recognition's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime

from comptoir.skills.models import RecognisedSkill, SkillKind
from tests.factories import PersonFactory

POST_ONLY = {"skills:withdraw"}


def build_world(venue) -> dict:
    # Created directly, not through the action: the matrix checks that a refused
    # request leaves no audit entry, so the world itself must leave none.
    skill = RecognisedSkill.objects.create(
        venue=venue,
        person=PersonFactory(venue=venue),
        label="Répare des ordinateurs portables",
        kind=SkillKind.REPAIR,
        evidence_note="A réparé trois portables au repair café.",
        evidence_date=datetime.date(2025, 3, 1),
    )
    return {"skill": skill}


URL_ARGS = {
    "skills:framework": lambda w: [],
    "skills:recognise": lambda w: [w["person"].pk],
    "skills:withdraw": lambda w: [w["skill"].pk],
}
