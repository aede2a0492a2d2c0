"""The skills panel on a person's page: their recognised skills, and a way to add one."""

from django.db.models import Prefetch

from comptoir.skills.models import PixCompetence, RecognisedSkill
from comptoir.venues.roles import Capability


def person_skills_panel(membership, person):
    if not membership.allows(Capability.VIEW_SKILLS):
        return None
    skills = (
        RecognisedSkill.objects.active()
        .filter(person=person, venue=membership.venue)
        .select_related("recognised_by")
        .prefetch_related(Prefetch("competences", queryset=PixCompetence.objects.order_by("code")))
    )
    return "skills/person_panel.html", {
        "person": person,
        "skills": list(skills),
        "can_recognise": membership.allows(Capability.RECOGNISE_SKILLS),
    }
