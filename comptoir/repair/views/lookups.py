"""Fetch-and-authorise helpers of the repair staff views: always scoped to the venue."""

from comptoir.repair.models import RepairEvent, RepairItem
from comptoir.venues.models import Membership


def get_event_for(membership: Membership, pk: int) -> RepairEvent:
    """An event of the membership's venue, or 404 (never another venue's)."""
    return RepairEvent.objects.select_related("venue", "place").get_for(membership, pk=pk)


def get_item_for(membership: Membership, pk: int) -> RepairItem:
    """An item brought to an event of the membership's venue, or 404."""
    return RepairItem.objects.select_related(
        "event__venue", "event__place", "person", "repairer_user", "repairer_person"
    ).get_for(membership, pk=pk)
