"""Open data pages (public): /donnees-ouvertes/ and each network's files.

The files are the bytes `manage.py export_opendata --network <slug>` writes
(see comptoir/reports/opendata.py). Anyone may read them, from any origin.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from comptoir.reports.opendata import FIELDS, SCHEMA_VERSION, build_export, opendata_venues
from comptoir.venues.models import Network

CACHE_SECONDS = 60 * 60
SCHEMA_URL = "https://github.com/LaMednum/standard-mediation-num"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """What the files are, their schema and licence, and a link per network."""
    networks = (
        Network.objects.annotate(venue_count=Count("venues"))
        .filter(venue_count__gt=0)
        .order_by("name")
    )
    return render(
        request,
        "reports/opendata.html",
        {
            "networks": networks,
            "schema_version": SCHEMA_VERSION,
            "schema_url": SCHEMA_URL,
            "licence_url": LICENCE_URL,
            "field_count": len(FIELDS),
        },
    )


def _network_file(request: HttpRequest, network_slug: str, fmt: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=network_slug)
    export = build_export(opendata_venues(network), fmt)
    # Validated by ETag only: a venue's date of update misses a removed venue.
    response = get_conditional_response(request, etag=export.etag) or HttpResponse(
        export.content, content_type=export.content_type
    )
    response["ETag"] = export.etag
    response["Content-Disposition"] = (
        f'inline; filename="lieux-mediation-numerique-{network.slug}.{fmt}"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@login_not_required
@require_safe
def network_csv(request: HttpRequest, network_slug: str) -> HttpResponse:
    return _network_file(request, network_slug, "csv")


@login_not_required
@require_safe
def network_json(request: HttpRequest, network_slug: str) -> HttpResponse:
    return _network_file(request, network_slug, "json")


urlpatterns = [
    path("donnees-ouvertes/", index, name="opendata"),
    path("donnees-ouvertes/<slug:network_slug>/lieux.csv", network_csv, name="opendata_csv"),
    path("donnees-ouvertes/<slug:network_slug>/lieux.json", network_json, name="opendata_json"),
]
