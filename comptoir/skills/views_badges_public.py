"""Public Open Badges pages: the issuer, a badge, verification, a person's badges.

No account needed. The verification pages say in plain words whether a badge
is valid, expired, revoked or not valid, and show what was achieved: the
badge, the issuer, the date and the recipient's first name — never more.
"""

import json
import uuid
import zlib
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from comptoir.ops.ratelimit import too_many_attempts
from comptoir.skills import issuing, links
from comptoir.skills.forms_badges import VerifyForm, parse_pasted
from comptoir.skills.models import Achievement, Credential, PixCompetence
from comptoir.skills.openbadges import baking, limits
from comptoir.venues.models import Venue

VERIFY_ATTEMPTS_PER_HOUR = 60
STATUS_WORDS = {
    "valid": gettext_lazy("Badge valide"),
    "expired": gettext_lazy("Badge expiré"),
    "revoked": gettext_lazy("Badge révoqué"),
    "invalid": gettext_lazy("Badge non valide"),
}


def _competences():
    return Prefetch(
        "competences", queryset=PixCompetence.objects.select_related("area").order_by("code")
    )


# --- The issuer and its badges --------------------------------------------------------------------


@login_not_required
@require_safe
def issuer_page(request: HttpRequest, venue_slug: str) -> HttpResponse:
    venue = get_object_or_404(Venue, slug=venue_slug)
    issuer = issuing.issuer_for(venue)
    achievements = (
        Achievement.objects.filter(venue=venue, active=True)
        .select_related("venue")
        .defer("image_png")
        .prefetch_related(_competences())
        .order_by("name", "pk")
    )
    return render(
        request,
        "skills/badges/public/issuer.html",
        {"venue": venue, "issuer": issuer, "achievements": list(achievements)},
    )


@login_not_required
@require_safe
def achievement_page(request: HttpRequest, venue_slug: str, public_id: uuid.UUID) -> HttpResponse:
    achievement = get_object_or_404(
        Achievement.objects.select_related("venue").prefetch_related(_competences()),
        venue__slug=venue_slug,
        public_id=public_id,
    )
    return render(
        request,
        "skills/badges/public/achievement.html",
        {"venue": achievement.venue, "achievement": achievement},
    )


# --- Verification ---------------------------------------------------------------------------------


@dataclass
class Verdict:
    status: str
    words: str
    reasons: list[str]
    credential: Credential | None  # ours, shown only when the proof holds


def _verdict(result, credential: Credential | None) -> Verdict:
    status = result.status if result.status in STATUS_WORDS else "invalid"
    return Verdict(
        status=status,
        words=str(STATUS_WORDS[status]),
        # The refusals of openbadges.limits are marked for translation.
        reasons=[_(str(reason)) for reason in result.reasons],
        credential=credential if status != "invalid" else None,
    )


def _credential_query():
    return Credential.objects.select_related("achievement__venue", "issuer__venue")


@login_not_required
@require_safe
@never_cache
def verify(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    credential = get_object_or_404(_credential_query(), public_id=public_id)
    result = issuing.verify_credential(credential.signed_json, fetch=issuing.local_fetch)
    return render(
        request,
        "skills/badges/public/verify.html",
        {"verdict": _verdict(result, credential)},
    )


def _credential_of(parsed) -> Credential | None:
    """Our stored credential that a verified payload is ("urn:uuid:…" id)."""
    if not isinstance(parsed, dict):
        return None
    value = str(parsed.get("id", "")).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        return None
    return _credential_query().filter(public_id=public_id).first()


def read_upload(data: bytes) -> dict | str | None:
    """A credential out of an uploaded file: JSON, JWT, or unbaked from a PNG or SVG.

    Raises limits.InputRefused when the credential inside a picture is over the caps.
    """
    try:
        if data.startswith(b"\x89PNG"):
            text = baking.unbake_png(data)
        else:
            text = data.decode("utf-8").lstrip("\ufeff").strip()
            if text.startswith("<"):
                text = baking.unbake_svg(text)
    except (ValueError, IndexError, zlib.error):  # UnicodeDecodeError is a ValueError
        return None
    return parse_pasted(text) if text else None


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict, limited, status = None, False, 200
    if request.method == "POST":
        if too_many_attempts(request, "badge-verify", VERIFY_ATTEMPTS_PER_HOUR):
            form, limited, status = VerifyForm(), True, 429
        elif form.is_valid():
            upload = form.cleaned_data.get("upload")
            try:
                payload = read_upload(upload) if upload else parse_pasted(form.cleaned_data["text"])
            except limits.InputRefused as error:
                payload, refusal = None, _(error.message)
            else:
                refusal = _("Aucun badge n’a été trouvé dans ce fichier.")
            if not payload:
                form.add_error("upload", refusal)
            else:
                result = issuing.verify_credential(payload, fetch=issuing.local_fetch)
                verdict = _verdict(result, _credential_of(result.credential))
    return render(
        request,
        "skills/badges/public/verify_form.html",
        {"form": form, "verdict": verdict, "limited": limited},
        status=status,
    )


# --- A person's badges, through the signed link --------------------------------------------------


def _person_or_404(request: HttpRequest, token: str):
    try:
        return links.read_token(token)
    except links.InvalidLink:
        return None


@login_not_required
@require_safe
@never_cache
def my_badges(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person = links.read_token(token)
    except links.InvalidLink as error:
        # An expired link is gone for good (410): the team gives a fresh one.
        status = 410 if error.args == ("expired",) else 404
        return render(request, "skills/badges/public/invalid_link.html", status=status)
    credentials = list(
        Credential.objects.filter(person=person)
        .select_related("achievement__venue", "issuer__venue")
        .order_by("-issued_at", "-pk")
    )
    return render(
        request,
        "skills/badges/public/my_badges.html",
        {
            "person": person,
            "token": token,
            "current": [c for c in credentials if not c.is_revoked],
            "revoked": [c for c in credentials if c.is_revoked],
            "now": timezone.now(),
        },
    )


DOWNLOAD_TYPES = {
    "json": "application/ld+json",
    "jwt": "application/jwt",
    "png": "image/png",
    "svg": "image/svg+xml",
}


@login_not_required
@require_safe
@never_cache
def credential_download(
    request: HttpRequest, token: str, public_id: uuid.UUID, fmt: str
) -> HttpResponse:
    person = _person_or_404(request, token)
    if person is None:
        raise Http404("Invalid link")
    credential = get_object_or_404(
        Credential.objects.select_related("achievement__venue", "issuer__venue"),
        person=person,
        public_id=public_id,
    )
    if fmt == "json":
        body = json.dumps(credential.signed_json, ensure_ascii=False, indent=2).encode()
    elif fmt == "jwt":
        body = credential.signed_jwt.encode("ascii")
    else:
        body = issuing.credential_files(credential)[fmt]
    response = HttpResponse(body, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{credential.public_id}.{fmt}"'
    return response
