"""Who may do what at the café numérique, and how a kiosk or board is let in.

Staff pages use `venue_view(capability)` (comptoir.venues.permissions). The
kiosk and the board have no visitor login: they open for a browser that a
staff member enabled (a signed cookie holding a random token whose hash is a
KioskDevice), or for a logged-in staff member who may run the counter there.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from comptoir.helpdesk.models import DeviceKind, KioskDevice, hash_device_token
from comptoir.helpdesk.service import HelpdeskCapability
from comptoir.venues.models import Membership, Venue

COOKIE_NAMES = {DeviceKind.KIOSK: "comptoir_kiosk", DeviceKind.BOARD: "comptoir_board"}
COOKIE_SALT = "comptoir.helpdesk.device"
# Browsers keep a cookie at most 400 days; the device stays enabled until revoked.
COOKIE_MAX_AGE = 400 * 24 * 60 * 60
LAST_SEEN_EVERY = datetime.timedelta(minutes=5)


def can_run_counter(membership: Membership) -> bool:
    return membership.allows(HelpdeskCapability.RUN_COUNTER)


def can_help_visitors(membership: Membership) -> bool:
    return membership.allows(HelpdeskCapability.HELP_VISITORS)


def can_configure_helpdesk(membership: Membership) -> bool:
    return membership.allows(HelpdeskCapability.CONFIGURE_HELPDESK)


# --- Device cookies -------------------------------------------------------------------------------


def device_token(request: HttpRequest, kind: str) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE_NAMES[kind], default=None, salt=COOKIE_SALT)
    except BadSignature:
        return None


def device_from_cookie(request: HttpRequest, kind: str, venue_slug: str) -> KioskDevice | None:
    """The active device of this kind at the venue that this browser holds, if any (one query)."""
    token = device_token(request, kind)
    if not token:
        return None
    return (
        KioskDevice.objects.select_related("venue")
        .filter(
            token_hash=hash_device_token(token),
            kind=kind,
            revoked_at__isnull=True,
            venue__slug=venue_slug,
        )
        .first()
    )


def set_device_cookie(response: HttpResponse, request: HttpRequest, kind: str, token: str) -> None:
    response.set_signed_cookie(
        COOKIE_NAMES[kind],
        token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass
class ScreenAccess:
    """Who opens a kiosk or board page: an enabled device, or a staff member."""

    venue: Venue
    device: KioskDevice | None = None
    user: object = None


def screen_access(request: HttpRequest, venue_slug: str, kind: str) -> ScreenAccess | None:
    """Let in an enabled device of this kind, or staff who may run the counter here.

    404 for an unknown venue; None when neither (the view answers 403).
    """
    device = device_from_cookie(request, kind, venue_slug)
    if device is not None:
        now = timezone.now()
        if device.last_seen_at is None or device.last_seen_at < now - LAST_SEEN_EVERY:
            KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        return ScreenAccess(venue=device.venue, device=device)
    venue = get_object_or_404(Venue, slug=venue_slug)
    if request.user.is_authenticated:
        membership = Membership.objects.filter(user_id=request.user.pk, venue=venue).first()
        if membership is not None and can_run_counter(membership):
            return ScreenAccess(venue=venue, user=request.user)
    return None
