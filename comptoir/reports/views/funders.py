"""Funder reports: a coordinator writes one (title, funder, period, venues, a short
context text), anyone who may see the figures of all its venues reads it and
downloads it in PDF or XLSX. The figures are computed when it is opened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from comptoir.ops.forms import query_date
from comptoir.reports import documents
from comptoir.reports.actions import save_funder_report
from comptoir.reports.figures import Report, build_report
from comptoir.reports.filters import reader_scope
from comptoir.reports.forms import FunderReportForm
from comptoir.reports.models import FunderReport
from comptoir.reports.scope import Period, reportable_venues, venue_ids_allowing
from comptoir.venues.models import Venue
from comptoir.venues.roles import Capability


def _writable_venues(user) -> QuerySet[Venue]:
    ids = venue_ids_allowing(user, Capability.WRITE_REPORTS)
    return Venue.objects.filter(pk__in=ids).order_by("name")


def visible_reports(user) -> QuerySet[FunderReport]:
    """The reports whose venues the user may all see (a funder given venue A never
    sees a report that also covers venue B)."""
    visible = reportable_venues(user).values("pk")
    return (
        FunderReport.objects.filter(venues__in=visible)
        .exclude(venues__in=Venue.objects.exclude(pk__in=visible))
        .distinct()
        .prefetch_related(Prefetch("venues", queryset=Venue.objects.order_by("name")))
    )


def get_funder_report_for(request: HttpRequest, pk: int) -> FunderReport:
    """A report the user may read, or 404."""
    report = visible_reports(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report


def _may_write(user, report: FunderReport) -> bool:
    allowed = venue_ids_allowing(user, Capability.WRITE_REPORTS)
    return all(venue.pk in allowed for venue in report.venues.all())


def _figures(request: HttpRequest, report: FunderReport) -> Report:
    """The report's figures as this reader may see them (disclosure.py): small
    counts withheld and whole months for a funder."""
    venue_ids = [venue.pk for venue in report.venues.all()]
    scope, exact = reader_scope(request.user, venue_ids, Period(report.start, report.end))
    return build_report(scope, exact=exact)


def funder_report_list(request: HttpRequest) -> HttpResponse:
    if not reportable_venues(request.user).exists():
        raise PermissionDenied
    reports = visible_reports(request.user).order_by("-end", "-pk")
    return render(
        request,
        "reports/funders/list.html",
        {
            "reports": reports,
            "can_write": bool(venue_ids_allowing(request.user, Capability.WRITE_REPORTS)),
        },
    )


def _initial_from_query(request: HttpRequest, venues: QuerySet[Venue]) -> dict:
    """'Make a funder report from this view': the dashboard's lieu, du and au."""
    initial: dict = {}
    slugs = request.GET.getlist("lieu")
    if slugs:
        initial["venues"] = list(venues.filter(slug__in=slugs))
    for name, field in (("du", "start"), ("au", "end")):
        day = query_date(request.GET.get(name))
        if day:
            initial[field] = day
    return initial


def funder_report_new(request: HttpRequest) -> HttpResponse:
    venues = _writable_venues(request.user)
    if not venues.exists():
        raise PermissionDenied
    form = FunderReportForm(
        request.POST or None, venues=venues, initial=_initial_from_query(request, venues)
    )
    if request.method == "POST" and form.is_valid():
        report = save_funder_report(actor=request.user, form=form)
        messages.success(request, _("Le rapport est enregistré."))
        return redirect(report)
    return render(request, "reports/funders/form.html", {"form": form, "creating": True})


def funder_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_funder_report_for(request, pk)
    if not _may_write(request.user, report):
        raise PermissionDenied
    form = FunderReportForm(
        request.POST or None, instance=report, venues=_writable_venues(request.user)
    )
    if request.method == "POST" and form.is_valid():
        report = save_funder_report(actor=request.user, form=form)
        messages.success(request, _("Le rapport est enregistré."))
        return redirect(report)
    return render(
        request, "reports/funders/form.html", {"form": form, "creating": False, "object": report}
    )


def funder_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_funder_report_for(request, pk)
    figures = _figures(request, report)
    return render(
        request,
        "reports/funders/detail.html",
        {
            "object": report,
            "report": figures,
            "period": documents.period_label(figures.scope.period),
            "asked_period": documents.period_label(Period(report.start, report.end)),
            "widened": figures.scope.period != Period(report.start, report.end),
            "previous_period": documents.period_label(figures.scope.period.previous()),
            "can_write": _may_write(request.user, report),
        },
    )


def _filename(report: FunderReport, extension: str) -> str:
    period = documents.period_slug(Period(report.start, report.end))
    return f"rapport-financeur-{report.pk}-{period}.{extension}"


def funder_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_funder_report_for(request, pk)
    content = documents.report_pdf(
        _figures(request, report),
        title=report.title,
        context_text=report.context,
        funder=report.funder,
        venues=report.venues.all(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response


def funder_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_funder_report_for(request, pk)
    content = documents.report_xlsx(
        _figures(request, report),
        title=report.title,
        context_text=report.context,
        venues=report.venues.all(),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


urlpatterns = [
    path("rapports/financeurs/", funder_report_list, name="funder_reports"),
    path("rapports/financeurs/nouveau/", funder_report_new, name="funder_report_new"),
    path("rapports/financeurs/<int:pk>/", funder_report_detail, name="funder_report"),
    path("rapports/financeurs/<int:pk>/modifier/", funder_report_edit, name="funder_report_edit"),
    path("rapports/financeurs/<int:pk>/rapport.pdf", funder_report_pdf, name="funder_report_pdf"),
    path(
        "rapports/financeurs/<int:pk>/rapport.xlsx", funder_report_xlsx, name="funder_report_xlsx"
    ),
]
