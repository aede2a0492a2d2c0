"""What skills and badges keep about a person (see comptoir/people/privacy.py).

An erasure withdraws the person's recognised skills (nobody can pick an
anonymised person as a peer animator or repairer) and clears what was written
as evidence. Badges already delivered stay valid and are not revoked: the
signed credential names nobody (an opaque identifier and, at most, a salted
hash of the e-mail), so it is kept exactly as the person downloaded it; only
the name kept beside it in our database is replaced.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from comptoir.people.privacy import ANONYMISED_NAME, Section, record, register
from comptoir.skills.models import Credential, RecognisedSkill
from comptoir.skills.service import SkillCapability

SKILL_FIELDS = ("label", "kind", "evidence_note", "evidence_date", "created_at", "revoked_at")
CREDENTIAL_FIELDS = (
    "achievement",
    "recipient_name",
    "evidence_note",
    "issued_at",
    "expires_at",
    "revoked_at",
)


def export_skills(person) -> list[dict]:
    skills = RecognisedSkill.objects.filter(person=person).prefetch_related("competences")
    label = str(_("compétences Pix"))
    return [
        record(skill, SKILL_FIELDS, **{label: [c.code for c in skill.competences.all()]})
        for skill in skills.order_by("evidence_date", "pk")
    ]


def export_credentials(person) -> list[dict]:
    credentials = Credential.objects.filter(person=person).select_related("achievement")
    label = str(_("identifiant"))
    return [
        record(credential, CREDENTIAL_FIELDS, **{label: f"urn:uuid:{credential.public_id}"})
        for credential in credentials.order_by("issued_at", "pk")
    ]


def erase(person_ids: list[int], *, actor, now) -> None:
    staff = actor if getattr(actor, "is_authenticated", False) else None
    skills = RecognisedSkill.objects.filter(person_id__in=person_ids)
    skills.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_by=staff)
    skills.exclude(evidence_note="").update(evidence_note="")
    Credential.objects.filter(person_id__in=person_ids).update(recipient_name=ANONYMISED_NAME)


def recent_contact(cutoff) -> list[Exists]:
    return [
        Exists(RecognisedSkill.objects.filter(person=OuterRef("pk"), created_at__gte=cutoff)),
        Exists(Credential.objects.filter(person=OuterRef("pk"), issued_at__gte=cutoff)),
    ]


register(
    Section(
        key="skills",
        label=_("Compétences reconnues"),
        export=export_skills,
        capability=SkillCapability.VIEW_SKILLS,
        erase=erase,
        recent_contact=recent_contact,
        order=50,
    )
)
register(
    Section(
        key="badges",
        label=_("Badges délivrés"),
        export=export_credentials,
        capability=SkillCapability.VIEW_SKILLS,
        order=51,
    )
)
