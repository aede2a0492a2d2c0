"""The reports dashboard: the figures of the venues and period chosen in the
URL, compared with the period before, as charts with their data tables.

`/rapports/` takes every filter from the URL (see filters.py). A venue's own
`/equipe/<venue>/rapports/` shows the same page for that venue, inside the
venue's menu; its filter form then leads to `/rapports/`.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from comptoir.reports.figures import build_report
from comptoir.reports.filters import ReportRequest, read_filters
from comptoir.reports.scope import venue_ids_allowing
from comptoir.venues.models import Membership, Venue
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

PERIOD_PARAMS = ("periode", "du", "au")


def dashboard(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request, read_filters(request))


@venue_view(Capability.VIEW_REPORTS)
def venue_reports(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The venue's figures, inside its menu (the link of the venue's menu and home)."""
    query = request.GET.copy()
    query.setlist("lieu", [membership.venue.slug])
    query.pop("reseau", None)
    request.GET = query
    return _render_dashboard(request, read_filters(request), nav="reports")


def _render_dashboard(request: HttpRequest, filters: ReportRequest, nav: str = "") -> HttpResponse:
    form = filters.form
    report = build_report(filters.scope, exact=filters.exact) if filters.scope is not None else None
    query = request.GET.urlencode()
    context = {
        "form": form,
        "filters": filters,
        "report": report,
        "nav": nav,
        "form_action": reverse("reports:dashboard"),
        "venue_groups": _venue_groups(request, filters),
        "several_networks": len(filters.networks) > 1,
        "venues_label": _venues_label(filters) if report else "",
        "downloads": _downloads(request, filters, query) if report else [],
    }
    return render(request, "reports/dashboard.html", context)


def _venue_groups(request: HttpRequest, filters: ReportRequest) -> list[dict]:
    """The venue checkboxes by network, each with its "whole network" link
    (keeping the period asked for)."""
    boxes = {box.data["value"]: box for box in filters.form["lieu"]}
    period = urlencode([(k, v) for k in PERIOD_PARAMS for v in request.GET.getlist(k) if v])
    groups = []
    for network in filters.networks:
        venues = [v for v in filters.venues if v.network_id == network.pk]
        link = reverse("reports:dashboard") + "?" + urlencode({"reseau": network.slug})
        groups.append(
            {
                "network": network,
                "boxes": [boxes[v.slug] for v in venues],
                "network_url": f"{link}&{period}" if period else link,
                "several": len(venues) > 1,
            }
        )
    return groups


def _venues_label(filters: ReportRequest) -> str:
    selected = filters.selected
    if len(selected) == 1:
        return selected[0].name
    networks = {v.network_id for v in selected}
    if len(networks) == 1:
        return _("%(network)s, %(n)s lieux") % {
            "network": selected[0].network.name,
            "n": len(selected),
        }
    return _("%(n)s lieux") % {"n": len(selected)}


def _link(name: str, query: str = "") -> str:
    url = reverse(f"reports:{name}")
    return f"{url}?{query}" if query else url


def _can_export_activities(user, selected: list[Venue]) -> bool:
    """The list of activities is for staff who may export the journal of every
    venue of the report (never for a funder or network partner)."""
    allowed = venue_ids_allowing(user, Capability.EXPORT_JOURNAL)
    return all(venue.pk in allowed for venue in selected)


def _downloads(request: HttpRequest, filters: ReportRequest, query: str) -> list[tuple[str, str]]:
    wanted = [
        ("export_pdf", _("Le rapport en PDF"), True),
        ("export_xlsx", _("Les tableaux en classeur (XLSX)"), True),
    ]
    if _can_export_activities(request.user, filters.selected):
        wanted += [
            ("activities_csv", _("La liste des activités (CSV)"), True),
            ("activities_xlsx", _("La liste des activités (XLSX)"), True),
        ]
    wanted += [
        ("funder_reports", _("Les rapports aux financeurs"), False),
        ("diagnostic", _("Le diagnostic territorial"), True),
    ]
    return [(label, _link(name, query if with_query else "")) for name, label, with_query in wanted]


urlpatterns = [
    path("rapports/", dashboard, name="dashboard"),
    path("equipe/<slug:venue_slug>/rapports/", venue_reports, name="venue"),
]
