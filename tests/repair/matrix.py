"""The repair café's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime

from django.utils import timezone

from comptoir.repair.models import ItemStatus, RepairEvent, RepairItem

POST_ONLY = {"repair:start", "repair:put_back", "repair:mark_left"}


def build_world(venue) -> dict:
    """An event under way with one item waiting and one in repair (for the outcome page)."""
    # Made directly (no audit entry: the matrix checks an intruder leaves none).
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    event = RepairEvent.objects.create(
        venue=venue,
        title="Repair café du samedi",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
    )
    waiting = RepairItem.objects.create(
        event=event, venue=venue, category_id=16, problem="Ne démarre plus"
    )
    in_repair = RepairItem.objects.create(
        event=event, venue=venue, category_id=19, problem="Écran", status=ItemStatus.IN_REPAIR
    )
    return {"repair_event": event, "repair_waiting": waiting, "repair_in_repair": in_repair}


URL_ARGS = {
    "repair:index": lambda w: [],
    "repair:event_create": lambda w: [],
    "repair:event": lambda w: [w["repair_event"].pk],
    "repair:event_edit": lambda w: [w["repair_event"].pk],
    "repair:intake": lambda w: [w["repair_event"].pk],
    "repair:start": lambda w: [w["repair_waiting"].pk],
    "repair:outcome": lambda w: [w["repair_in_repair"].pk],
    "repair:put_back": lambda w: [w["repair_in_repair"].pk],
    "repair:mark_left": lambda w: [w["repair_waiting"].pk],
    "repair:import_ords": lambda w: [],
    "repair:export_ords": lambda w: [],
}
