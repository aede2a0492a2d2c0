"""Fetch-and-authorise helpers of the skills staff views: always scoped to the venue."""

from comptoir.skills.models import Achievement, Credential, RecognisedSkill
from comptoir.venues.models import Membership


def get_skill_for(membership: Membership, pk: int) -> RecognisedSkill:
    """A recognised skill of the membership's venue, or 404 (never another venue's)."""
    return RecognisedSkill.objects.select_related("venue", "person").get_for(membership, pk=pk)


def get_achievement_for(membership: Membership, pk: int) -> Achievement:
    """A badge of the membership's venue, or 404 (never another venue's)."""
    return Achievement.objects.select_related("venue").get_for(membership, pk=pk)


def get_credential_for(membership: Membership, pk: int) -> Credential:
    """A credential issued by the membership's venue, or 404."""
    return Credential.objects.select_related(
        "achievement__venue", "person", "awarded_by", "revoked_by"
    ).get_for(membership, pk=pk)
