"""Fetch-and-authorise helpers of the messages page: always scoped to the venue."""

from comptoir.notifications.models import Message
from comptoir.venues.models import Membership


def get_message_for(membership: Membership, pk: int) -> Message:
    """A message sent (or to send) by the membership's venue, or 404."""
    return Message.objects.get_for(membership, pk=pk)
