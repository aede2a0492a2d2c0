"""Staff pages of the repair café (for now: the ORDS download)."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from comptoir.repair import ords
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability


@venue_view(Capability.MANAGE_REPAIR_EVENTS)
def export_ords(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The venue's repair records as an ORDS v0.3 CSV file (Open Repair Data Standard)."""
    venue = membership.venue
    items = ords.exportable_items([venue])
    filename = f"ords-{venue.slug}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(
        ords.iter_csv_lines(ords.export_rows(items.iterator(chunk_size=500))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
