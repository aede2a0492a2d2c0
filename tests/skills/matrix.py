"""Skills recognition's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime
import uuid

from django.utils import timezone

from comptoir.skills import issuing
from comptoir.skills.links import make_token
from comptoir.skills.models import (
    Achievement,
    Credential,
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
    # Real keys: the public issuer and status-list pages publish them (the matrix
    # builds its world once, so generating them costs little).
    issuer = issuing.issuer_for(venue)
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


def _badges_token(w) -> str:
    return make_token(w["credential"].person)


# Public pages (see tests/test_permission_matrix.py): all the URL's arguments.
PUBLIC_URLS = {
    "skills:verify_form": lambda w: [],
    "skills:verify": lambda w: [w["credential"].public_id],
    "skills:my_badges": lambda w: [_badges_token(w)],
    "skills:credential_download": lambda w: [_badges_token(w), w["credential"].public_id, "json"],
    "skills:issuer": lambda w: [w["venue"].slug],
    "skills:issuer_json": lambda w: [w["venue"].slug],
    "skills:status_list": lambda w: [w["venue"].slug],
    "skills:achievement_public": lambda w: [w["venue"].slug, w["achievement"].public_id],
    "skills:achievement_image": lambda w: [w["venue"].slug, w["achievement"].public_id],
}
