"""What the repair café adds to the venue's staff home: the next event and its queue."""

from django.db.models import Count, Q
from django.utils import timezone

from comptoir.repair.service import RepairCapability


def next_event_panel(membership):
    """The next (or current) repair event and how many items wait, in one query."""
    if not membership.allows(RepairCapability.VIEW_REPAIRS):
        return None
    from comptoir.repair.models import ItemStatus, RepairEvent

    event = (
        RepairEvent.objects.filter(venue=membership.venue, ends_at__gte=timezone.now())
        .annotate(waiting=Count("items", filter=Q(items__status=ItemStatus.WAITING)))
        .order_by("starts_at", "pk")
        .first()
    )
    return "repair/staff/panel.html", {"event": event, "waiting": event.waiting if event else 0}
