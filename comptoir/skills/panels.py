"""The skills panel on a person's page: recognised skills, badges, and ways to add them."""

from django.db.models import Prefetch

from comptoir.skills.links import person_badges_url
from comptoir.skills.models import Credential, PixCompetence, RecognisedSkill
from comptoir.skills.service import SkillCapability


def person_skills_panel(membership, person):
    if not membership.allows(SkillCapability.VIEW_SKILLS):
        return None
    skills = (
        RecognisedSkill.objects.active()
        .filter(person=person, venue=membership.venue)
        .select_related("recognised_by")
        .prefetch_related(Prefetch("competences", queryset=PixCompetence.objects.order_by("code")))
    )
    credentials = (
        Credential.objects.filter(person=person, achievement__venue=membership.venue)
        .select_related("achievement__venue")
        .order_by("-issued_at", "-pk")
    )
    credentials = list(credentials)
    return "skills/badges/person_panel.html", {
        "person": person,
        "skills": list(skills),
        "can_recognise": membership.allows(SkillCapability.RECOGNISE_SKILLS),
        "credentials": credentials,
        "badges_url": person_badges_url(person) if credentials else "",
        "can_award": membership.allows(SkillCapability.AWARD_BADGES),
    }
