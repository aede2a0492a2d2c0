"""Skills recognition's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime
import uuid

from django.utils import timezone

from comptoir.skills.models import (
    Achievement,
    Credential,
    IssuerProfile,
    RecognisedSkill,
    SkillKind,
)
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
    # Badges: no page of the matrix signs or verifies, so no real keys are needed
    # (generating them for every case would only slow the matrix down).
    issuer = IssuerProfile.objects.create(
        venue=venue, public_id=uuid.uuid4(), ed25519_private_key="-", rsa_private_key="-"
    )
    achievement = Achievement.objects.create(
        venue=venue,
        public_id=uuid.uuid4(),
        name="Premiers pas sur smartphone",
        description="Allumer, déverrouiller, appeler.",
        criteria="A participé à l’atelier.",
    )
    credential = Credential.objects.create(
        achievement=achievement,
        person=skill.person,
        public_id=uuid.uuid4(),
        status_index=0,
        issuer=issuer,
        recipient_name=skill.person.first_name,
        issued_at=timezone.now(),
        signed_json={},
        signed_jwt="",
    )
    return {"skill": skill, "achievement": achievement, "credential": credential}


URL_ARGS = {
    "skills:framework": lambda w: [],
    "skills:recognise": lambda w: [w["person"].pk],
    "skills:withdraw": lambda w: [w["skill"].pk],
    "skills:achievement_list": lambda w: [],
    "skills:achievement_create": lambda w: [],
    "skills:achievement_edit": lambda w: [w["achievement"].pk],
    "skills:award": lambda w: [w["achievement"].pk],
    "skills:issuer_edit": lambda w: [],
    "skills:credential_list": lambda w: [],
    "skills:credential_detail": lambda w: [w["credential"].pk],
    "skills:credential_revoke": lambda w: [w["credential"].pk],
}
