"""Lock-out of the staff log-in after repeated failures, counted in Django's cache.

Two counters, each with its own rule (settings `COMPTOIR_LOGIN_*`):

- per username, normalised (trimmed, NFKC, case-folded), whether or not the
  account exists, so a lock-out never tells which accounts exist;
- per client address (`comptoir.ops.ratelimit.client_ip`), against someone
  trying many usernames from one place.

A failure is a wrong password or a wrong second-factor code. Failures count
until a window passes without one; reaching the limit locks the username (or
the address) for a while. A locked attempt is refused before the password is
looked at: no password hashing is spent and nothing is learnt about it. A
complete log-in clears the username's count.

The lock stores the moment it ends and is compared with `now()`, which tests
may patch to move the clock; the cache entry's own expiry only cleans up.
With several server processes the cache must be shared (docs/environment.md).
"""

import datetime
import hashlib
import logging
import math
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.ops.ratelimit import client_ip

logger = logging.getLogger(__name__)


def now() -> float:
    """The clock of the lock-out (seconds since the epoch); patched by tests."""
    return time.time()


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int  # failures that lock
    window: int  # seconds without a failure after which the count starts again
    lock: int  # seconds the lock holds


def _rules() -> tuple[Rule, Rule]:
    return (
        Rule(
            "username",
            settings.COMPTOIR_LOGIN_FAILURES_PER_USERNAME,
            settings.COMPTOIR_LOGIN_USERNAME_WINDOW,
            settings.COMPTOIR_LOGIN_USERNAME_LOCK,
        ),
        Rule(
            "address",
            settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS,
            settings.COMPTOIR_LOGIN_ADDRESS_WINDOW,
            settings.COMPTOIR_LOGIN_ADDRESS_LOCK,
        ),
    )


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _subjects(username: str, address: str) -> list[tuple[Rule, str]]:
    """(rule, identifier) pairs; the username is hashed so any text makes a safe key."""
    by_username, by_address = _rules()
    digest = hashlib.sha256(normalise_username(username).encode()).hexdigest()
    return [(by_username, digest), (by_address, address or "unknown")]


def _count_key(rule: Rule, ident: str) -> str:
    return f"login-throttle:{rule.scope}:count:{ident}"


def _lock_key(rule: Rule, ident: str) -> str:
    return f"login-throttle:{rule.scope}:lock:{ident}"


def locked_until(request: HttpRequest, username: str) -> float | None:
    """When the lock on this username or this request's address ends, if one holds."""
    keys = [_lock_key(rule, ident) for rule, ident in _subjects(username, client_ip(request))]
    moment = now()
    ends = [end for end in cache.get_many(keys).values() if end and end > moment]
    return max(ends) if ends else None


def record_failure(request: HttpRequest, username: str) -> float | None:
    """Count a failed attempt; return when the lock ends if the username or the
    address is now locked."""
    address = client_ip(request)
    for rule, ident in _subjects(username, address):
        key = _count_key(rule, ident)
        if cache.add(key, 1, timeout=rule.window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # the entry expired between add() and incr()
                count = 1
                cache.set(key, count, timeout=rule.window)
            # Some backends (database) give incr()'d entries the default timeout.
            cache.touch(key, timeout=rule.window)
        if count >= rule.limit:
            end = now() + rule.lock
            cache.set(_lock_key(rule, ident), end, timeout=rule.lock + 60)
            cache.delete(key)
            logger.warning(
                "Staff log-in locked for %d min after %d failures: %s (username %r, address %s)",
                rule.lock // 60,
                count,
                rule.scope,
                normalise_username(username)[:150],
                address,
            )
    return locked_until(request, username)


def clear_username(username: str) -> None:
    """A complete log-in: the username's failures are forgotten."""
    rule, ident = _subjects(username, "")[0]
    cache.delete(_count_key(rule, ident))


def lock_message(end: float) -> str:
    """Plain French, with the local time (to the minute, rounded up) from when to try again."""
    moment = datetime.datetime.fromtimestamp(math.ceil(end / 60) * 60, tz=datetime.UTC)
    return _(
        "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est "
        "bloquée jusqu’à %(time)s. Réessayez à partir de cette heure-là."
    ) % {"time": formats.time_format(timezone.localtime(moment), "H:i")}


def unlock_username(username: str) -> None:
    """Lift a username's lock and forget its failures (reset_two_factor)."""
    rule, ident = _subjects(username, "")[0]
    cache.delete_many([_count_key(rule, ident), _lock_key(rule, ident)])
