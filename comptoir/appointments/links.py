"""Signed links that let a visitor see, move or cancel their appointment.

The token signs the appointment's id and version: it cannot be forged, cannot
be used for another appointment, stops working once the appointment is moved
or cancelled (the version changes) and expires a day after the appointment.
"""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comptoir.kernel.errors import InvalidLink

SALT = "comptoir.appointments.manage"


def make_token(appointment) -> str:
    return signing.dumps({"a": appointment.pk, "v": appointment.version}, salt=SALT, compress=True)


def manage_url(appointment) -> str:
    return reverse("appointments:manage", args=[make_token(appointment)])


def read_token(token: str):
    """The appointment the token is for, or InvalidLink with a reason."""
    from comptoir.appointments.models import Appointment

    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise InvalidLink("tampered") from exc
    appointment = (
        Appointment.objects.select_related("venue", "type", "mediator")
        .filter(pk=data.get("a"))
        .first()
    )
    if appointment is None:
        raise InvalidLink("unknown")
    if appointment.version != data.get("v"):
        raise InvalidLink("outdated")
    if appointment.ends_at + datetime.timedelta(days=1) < timezone.now():
        raise InvalidLink("expired")
    return appointment
