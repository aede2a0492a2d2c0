"""Fetch-and-authorise helpers of the café numérique: always scoped to the venue."""

from comptoir.helpdesk.models import HelpRequest, KioskDevice
from comptoir.venues.models import Membership


def get_help_request_for(membership: Membership, pk: int) -> HelpRequest:
    """A help request of the membership's venue, or 404 (never another venue's)."""
    return HelpRequest.objects.select_related("venue", "person", "mediator").get_for(
        membership, pk=pk
    )


def get_kiosk_device_for(membership: Membership, pk: int) -> KioskDevice:
    """A kiosk or board enabled at the membership's venue, or 404."""
    return KioskDevice.objects.get_for(membership, pk=pk)
