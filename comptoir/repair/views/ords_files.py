"""The ORDS files of the repair café: download the venue's records, import a file
from another tool (Open Repair Data Standard v0.3)."""

import io
import logging

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from comptoir.repair import ords
from comptoir.repair.forms import ImportForm
from comptoir.repair.importing import import_rows
from comptoir.repair.service import RepairCapability
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LOG_EVERY_ROWS = 5000

logger = logging.getLogger(__name__)


@venue_view(RepairCapability.MANAGE_REPAIR_EVENTS)
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


def _read_upload(upload) -> list[tuple[int, dict[str, str]]]:
    from django.utils.translation import gettext as _

    if upload.size > MAX_UPLOAD_BYTES:
        raise ords.MalformedFile(_("Le fichier est trop gros (20 Mo au plus)."))
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ords.MalformedFile(
            _("Le fichier n’est pas un texte UTF-8 : est-ce bien un CSV ?")
        ) from None
    return ords.read_rows(io.StringIO(text, newline=""))


def _log_progress(venue):
    """A big upload's progress goes to the log (the page shows the summary at the end)."""

    def progress(done: int, total: int, report) -> None:
        if done % LOG_EVERY_ROWS == 0 or done == total:
            logger.info(
                "ORDS import at %s: %d/%d rows checked, %d imported",
                venue.slug,
                done,
                total,
                report.imported,
            )

    return progress


@venue_view(RepairCapability.MANAGE_REPAIR_EVENTS)
def import_ords(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Upload an ORDS CSV; valid rows are imported, the others listed with their reasons."""
    venue = membership.venue
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = _read_upload(form.cleaned_data["file"])
        except ords.MalformedFile as error:
            form.add_error("file", error.message)
        else:
            report = import_rows(
                actor=request.user, venue=venue, rows=rows, progress=_log_progress(venue)
            )
    return render(
        request,
        "repair/staff/import.html",
        {"venue": venue, "nav": "repair", "form": form, "report": report},
    )
