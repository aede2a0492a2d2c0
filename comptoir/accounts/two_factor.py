"""The second factor: an authenticator app (TOTP, django-otp) and recovery codes.

Who must use it: a coordinator of a venue whose `require_two_factor` is on.
Anybody else may turn it on. Once on, every log-in asks for a code after the
password (views.verify), and the session is "verified" (django-otp's
`request.user.is_verified()`).

The session remembers, from the log-in on, whether the user has a second factor
and whether one is required (`SESSION_STATE`), so that the middleware costs no
query on an ordinary page; it looks again every `RECHECK_SECONDS`, for a venue
that turned the rule on or a device added from another browser.
"""

import time
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptoir.kernel.qr import qr_data_uri
from comptoir.venues.models import Venue
from comptoir.venues.roles import Role

SESSION_STATE = "comptoir_two_factor"
RECHECK_SECONDS = 300
TOTP_STEP = 30
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1  # one step (30 s) either side: a phone whose clock is a little off


def has_device(user) -> bool:
    """True when the user has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def requiring_venues(user):
    """The venues where the user is a coordinator and a second factor is mandatory."""
    return Venue.objects.filter(
        memberships__user=user,
        memberships__role=Role.COORDINATOR,
        require_two_factor=True,
    ).order_by("name")


def is_required(user) -> bool:
    return requiring_venues(user).exists()


# --- What the session remembers ------------------------------------------------------------------


def remember(request: HttpRequest, user) -> dict:
    state = {"device": has_device(user), "required": is_required(user), "at": time.time()}
    request.session[SESSION_STATE] = state
    return state


def remember_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: any log-in (the form, an invitation, a test's force_login)."""
    if request is not None and hasattr(request, "session"):
        remember(request, user)


def session_state(request: HttpRequest) -> dict:
    state = request.session.get(SESSION_STATE)
    if not state or time.time() - state.get("at", 0) > RECHECK_SECONDS:
        state = remember(request, request.user)
    return state


# --- Codes ---------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """What people type: spaces and dashes between groups, any case."""
    return "".join((code or "").split()).replace("-", "").lower()


def verify_code(user, code: str) -> Device | None:
    """The confirmed device that accepts this code (an app's 6 digits, or a
    recovery code, which is then used up), or None."""
    code = normalise_code(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices.order_by("pk"):
            if device.verify_token(code):
                return device
    return None


def recovery_codes_left(user) -> int:
    return sum(
        device.token_set.count()
        for device in StaticDevice.objects.devices_for_user(user, confirmed=True)
    )


# --- Setting up an app ---------------------------------------------------------------------------


def new_secret() -> str:
    """A new random key, hex-encoded as django-otp stores it (20 bytes)."""
    from django_otp.plugins.otp_totp.models import default_key

    return default_key()


def secret_for_typing(key: str) -> str:
    """The key in base32, as apps ask for it, in groups of four: 'ABCD EFGH …'."""
    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key: str) -> str:
    """The otpauth:// address the QR code holds (issuer: settings.OTP_TOTP_ISSUER)."""
    return TOTPDevice(user=user, key=key, step=TOTP_STEP, digits=TOTP_DIGITS).config_url


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI (the CSP allows data: images)."""
    return qr_data_uri(uri, scale=5, border=4, dark="#1d1d1b", light="#ffffff")


def check_setup_code(key: str, code: str) -> int | None:
    """The time step of the code if it matches the key being set up, else None."""
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return None
    totp = TOTP(unhexlify(key), step=TOTP_STEP, digits=TOTP_DIGITS)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=TOTP_TOLERANCE):
        return totp.t()
    return None
