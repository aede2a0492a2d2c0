"""Fetch-and-authorise helpers of the team pages: always scoped to the venue."""

from comptoir.venues.models import Invitation, Membership


def get_member_for(membership: Membership, pk: int) -> Membership:
    """A team member's membership at the same venue, or 404."""
    return Membership.objects.get_for(membership, pk=pk)


def get_open_invitation_for(membership: Membership, pk: int) -> Invitation:
    """An invitation to the membership's venue not yet accepted, or 404."""
    return Invitation.objects.get_for(membership, pk=pk, accepted_at__isnull=True)
