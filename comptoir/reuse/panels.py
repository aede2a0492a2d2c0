"""What reuse adds to the venue's staff home: the devices waiting for erasure and
those ready to give."""

from django.db.models import Count, Q

from comptoir.reuse.service import ReuseCapability


def devices_panel(membership):
    if not membership.allows(ReuseCapability.VIEW_DEVICES):
        return None
    from comptoir.reuse.models import Device, DeviceState

    counts = Device.objects.filter(venue=membership.venue).aggregate(
        to_erase=Count("pk", filter=Q(state=DeviceState.TO_ERASE)),
        ready=Count("pk", filter=Q(state=DeviceState.READY)),
    )
    return "reuse/panel.html", counts
