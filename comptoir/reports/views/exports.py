"""Files of the dashboard's current selection (same query string as the dashboard):
the report in PDF and XLSX (aggregated figures: anyone who may see the
dashboard, viewers included), and the activity-report export in CSV and XLSX
(one row per accompaniment: only those who may export the journal of every
selected venue)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext as _

from comptoir.journal import export
from comptoir.reports import documents
from comptoir.reports.figures import build_report
from comptoir.reports.filters import ReportRequest, read_filters
from comptoir.reports.scope import Scope, venue_ids_allowing
from comptoir.venues.roles import Capability

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_filters(selection: ReportRequest) -> HttpResponse:
    """400 with the form's errors in plain text: the dashboard shows them in its
    form, so only a hand-made or outdated link gets here."""
    errors = [str(error) for errors in selection.form.errors.values() for error in errors]
    text = _("Filtres du rapport incorrects : %(errors)s") % {"errors": " ".join(errors)}
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _title(selection: ReportRequest) -> str:
    if len(selection.selected) == 1:
        return _("Rapport d’activité — %(venue)s") % {"venue": selection.selected[0].name}
    return _("Rapport d’activité — %(n)s lieux") % {"n": len(selection.selected)}


def report_pdf(request: HttpRequest) -> HttpResponse:
    selection = read_filters(request)
    if selection.scope is None:
        return _bad_filters(selection)
    content = documents.report_pdf(
        build_report(selection.scope, exact=selection.exact),
        title=_title(selection),
        venues=selection.selected,
    )
    filename = f"rapport-{documents.period_slug(selection.scope.period)}.pdf"
    return attachment(HttpResponse(content, content_type=PDF), filename)


def report_xlsx(request: HttpRequest) -> HttpResponse:
    selection = read_filters(request)
    if selection.scope is None:
        return _bad_filters(selection)
    content = documents.report_xlsx(
        build_report(selection.scope, exact=selection.exact),
        title=_title(selection),
        venues=selection.selected,
    )
    filename = f"rapport-{documents.period_slug(selection.scope.period)}.xlsx"
    return attachment(HttpResponse(content, content_type=XLSX), filename)


def _activities_scope(request: HttpRequest) -> tuple[ReportRequest, Scope | None]:
    """The selection, once the user may export the journal of every selected venue."""
    selection = read_filters(request)
    if selection.scope is None:
        return selection, None
    allowed = venue_ids_allowing(request.user, Capability.EXPORT_JOURNAL)
    if not set(selection.scope.venue_ids) <= allowed:
        # Row-level data: viewers, and staff of a venue they may not export, never get it.
        raise PermissionDenied
    return selection, selection.scope


def activities_csv(request: HttpRequest) -> HttpResponse:
    selection, scope = _activities_scope(request)
    if scope is None:
        return _bad_filters(selection)
    activities = scope.activities().order_by("date", "pk")
    response = StreamingHttpResponse(
        export.iter_csv_lines(activities, export.mediator_roles_at(scope.venue_ids)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"accompagnements-{documents.period_slug(scope.period)}.csv"
    return attachment(response, filename)


def activities_xlsx(request: HttpRequest) -> HttpResponse:
    selection, scope = _activities_scope(request)
    if scope is None:
        return _bad_filters(selection)
    activities = scope.activities().order_by("date", "pk")
    content = documents.activities_xlsx(activities, export.mediator_roles_at(scope.venue_ids))
    filename = f"accompagnements-{documents.period_slug(scope.period)}.xlsx"
    return attachment(HttpResponse(content, content_type=XLSX), filename)


urlpatterns = [
    path("rapports/rapport.pdf", report_pdf, name="export_pdf"),
    path("rapports/rapport.xlsx", report_xlsx, name="export_xlsx"),
    path("rapports/accompagnements.csv", activities_csv, name="activities_csv"),
    path("rapports/accompagnements.xlsx", activities_xlsx, name="activities_xlsx"),
]
