"""Public badge endpoints: the issuer profile, the status list and the badge picture.

No account needed. The HTML pages (issuer, achievement, verification) are in
views_badges_public.py.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from comptoir.skills.issuing import (
    achievement_image_png,
    issuer_profile_document,
    status_list_document,
)
from comptoir.skills.models import Achievement, IssuerProfile

JSON_LD = "application/ld+json"


def _issuer(venue_slug: str) -> IssuerProfile:
    return get_object_or_404(IssuerProfile.objects.select_related("venue"), venue__slug=venue_slug)


@login_not_required
@require_GET
def issuer_json(request, venue_slug: str):
    response = JsonResponse(
        issuer_profile_document(_issuer(venue_slug)),
        content_type=JSON_LD,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def status_list(request, venue_slug: str):
    response = JsonResponse(
        status_list_document(_issuer(venue_slug)),
        content_type=JSON_LD,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    # Revocations must show quickly: verifiers may cache for five minutes at most.
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_not_required
@require_GET
def achievement_image(request, venue_slug: str, public_id):
    achievement = get_object_or_404(
        Achievement.objects.select_related("venue"), venue__slug=venue_slug, public_id=public_id
    )
    response = HttpResponse(achievement_image_png(achievement), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
