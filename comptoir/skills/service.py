"""Skills recognition and Open Badges declare themselves to the kernel's registry
(see kernel/services.py)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import Contribution, NavEntry, Service, register


class SkillCapability(StrEnum):
    # Skills recognition (Pix framework)
    VIEW_SKILLS = "view_skills"  # the framework, a person's recognised skills
    RECOGNISE_SKILLS = "recognise_skills"  # recognise or withdraw a person's skill
    # Open Badges
    MANAGE_BADGES = "manage_badges"  # issuer profile, achievements (badge definitions)
    AWARD_BADGES = "award_badges"  # award a credential by hand, revoke one


register(
    Service(
        key="skills",
        label=_("Compétences"),
        capabilities={
            SkillCapability.VIEW_SKILLS: frozenset({"mediator", "facilitator"}),
            SkillCapability.RECOGNISE_SKILLS: frozenset({"mediator"}),
            SkillCapability.MANAGE_BADGES: frozenset(),
            SkillCapability.AWARD_BADGES: frozenset({"mediator"}),
        },
        nav=(
            NavEntry(
                "skills",
                _("Compétences"),
                "skills:framework",
                SkillCapability.VIEW_SKILLS,
                order=90,
            ),
            NavEntry(
                "badges",
                _("Badges"),
                "skills:achievement_list",
                SkillCapability.VIEW_SKILLS,
                order=95,
            ),
        ),
        person_panels=(Contribution("comptoir.skills.panels.person_skills_panel", order=10),),
    )
)
