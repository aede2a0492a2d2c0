"""Changes to a staff member's second factor. Each runs in one transaction.

The audit trail (comptoir.audit) is about a venue's objects; these changes are
about a person's account, so they go to the log (logger `comptoir.accounts`).
"""

import logging

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptoir.accounts import two_factor

logger = logging.getLogger("comptoir.accounts")

RECOVERY_CODE_COUNT = 8


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes with new ones (each works once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def turn_on_totp(*, user, key: str, last_t: int) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app whose first code matched (`last_t`: its time step, so the
    same code cannot be used again), replacing any earlier app; new recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name="authenticator app",
        key=key,
        step=two_factor.TOTP_STEP,
        digits=two_factor.TOTP_DIGITS,
        tolerance=two_factor.TOTP_TOLERANCE,
        last_t=last_t,
        confirmed=True,
    )
    codes = new_recovery_codes(user=user)
    logger.info("Second factor turned on for %r", user.get_username())
    return device, codes


@transaction.atomic
def turn_off_two_factor(*, user, by: str = "") -> None:
    """Remove the user's app and recovery codes (`by`: who did it, when not the user)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if by:
        logger.warning("Second factor of %r reset by %s", user.get_username(), by)
    else:
        logger.info("Second factor turned off by %r", user.get_username())
