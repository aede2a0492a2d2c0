"""Helpers for the log-in tests: a clean lock-out count, TOTP codes computed
from the key as a phone would, clients verified by a second factor."""

from binascii import unhexlify

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from comptoir.accounts import actions, two_factor
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def clean_lockout_counts():
    """Failures count per username and address in this process's cache."""
    cache.clear()
    yield
    cache.clear()


def code_for(key: str, steps_ahead: int = 0) -> str:
    """The 6 digits an authenticator app shows for `key` (hex) now, or a few
    30-second steps later (a code already used cannot be used again)."""
    return f"{TOTP(unhexlify(key), drift=steps_ahead).token():06d}"


def key_from_secret(secret: str) -> str:
    """The hex key back from the base32 key shown for typing by hand."""
    from base64 import b32decode

    return b32decode("".join(secret.split())).hex()


def give_app(user) -> tuple:
    """The user sets up an authenticator app: (device, recovery codes)."""
    return actions.turn_on_totp(user=user, key=two_factor.new_secret(), last_t=-1)


def verified_client(user, device) -> Client:
    """A client logged in with the password and the device's code."""
    client = client_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
