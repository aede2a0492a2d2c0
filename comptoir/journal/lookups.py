"""Fetch-and-authorise helpers of the journal: always scoped to the venue."""

from comptoir.journal.models import Activity
from comptoir.venues.models import Membership


def get_activity_for(membership: Membership, pk: int) -> Activity:
    """An activity of the membership's venue, or 404."""
    return (
        Activity.objects.select_related("venue", "mediator", "person")
        .prefetch_related("themes")
        .get_for(membership, pk=pk)
    )
