"""Signed links: the visitor's registration page (see, cancel) and the check-in code.

The registration token signs the registration's id: it cannot be forged or
used for another registration, and expires a day after the session. The
check-in code (shown as a QR code on that page) opens a staff page that marks
the person present; it is useless without a staff account of the venue.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comptoir.kernel.errors import InvalidLink

SALT = "comptoir.workshops.registration"
CHECKIN_SALT = "comptoir.workshops.checkin"


def make_token(registration) -> str:
    return signing.dumps({"r": registration.pk}, salt=SALT, compress=True)


def manage_url(registration, *, absolute: bool = False) -> str:
    url = reverse("workshops:registration", args=[make_token(registration)])
    return settings.SITE_URL.rstrip("/") + url if absolute else url


def read_token(token: str):
    """The registration the token is for, or InvalidLink."""
    from comptoir.workshops.models import Registration

    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise InvalidLink("tampered") from exc
    registration = (
        Registration.objects.select_related("session__workshop", "session__venue", "session__place")
        .filter(pk=data.get("r"))
        .first()
    )
    if registration is None:
        raise InvalidLink("unknown")
    if registration.session.ends_at + datetime.timedelta(days=1) < timezone.now():
        raise InvalidLink("expired")
    return registration


def make_checkin_code(registration) -> str:
    return signing.dumps({"c": registration.pk}, salt=CHECKIN_SALT, compress=True)


def checkin_url(registration, *, absolute: bool = True) -> str:
    url = reverse(
        "workshops:checkin", args=[registration.session.venue.slug, make_checkin_code(registration)]
    )
    return settings.SITE_URL.rstrip("/") + url if absolute else url


def read_checkin_code(code: str) -> int:
    """The registration id in a check-in code, or InvalidLink."""
    try:
        data = signing.loads(code, salt=CHECKIN_SALT)
    except signing.BadSignature as exc:
        raise InvalidLink("tampered") from exc
    if not isinstance(data.get("c"), int):
        raise InvalidLink("unknown")
    return data["c"]
