"""Rate limits on public forms (booking, registration, kiosk…), counted in Django's cache.

Two kinds of counters, one per clock hour:

- per address (`too_many_attempts`): every submission of the form counts, valid or not;
- per contact (`too_many_for_contact`): a phone number or an e-mail address typed into
  the form counts, whatever address it came from. The cache key holds a keyed hash of
  the contact (HMAC with SECRET_KEY), never the number or the address itself.

With several server processes the cache must be shared between them (see
docs/environment.md) or each process counts alone. The limits themselves live
next to each form (see docs/security.md).
"""

import re
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HOUR = 3600
_CONTACT_SALT = "comptoir.ops.ratelimit.contact"


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind the HTTPS proxy (BEHIND_HTTPS_PROXY), the
    proxy's own address is REMOTE_ADDR: the last X-Forwarded-For entry, the one
    the proxy added, is the visitor's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _hour() -> int:
    return int(time.time() // HOUR)


def _count(key: str) -> int:
    """Add one to the counter `key` (kept an hour) and return its new value.

    Works with any cache backend: where incr() rewrites the entry with the
    default timeout (database cache), touch() gives it its hour back.
    """
    attempts = 1
    if not cache.add(key, attempts, timeout=HOUR):
        try:
            attempts = cache.incr(key)
        except ValueError:  # the entry expired between add() and incr()
            cache.set(key, attempts, timeout=HOUR)
        cache.touch(key, timeout=HOUR)
    return attempts


def too_many_attempts(request: HttpRequest, scope: str, per_hour: int) -> bool:
    """Count this attempt; True once the address has made more than `per_hour` this hour.

    One counter per scope, address and clock hour.
    """
    return _count(f"ratelimit:{scope}:ip:{client_ip(request)}:{_hour()}") > per_hour


def normalise_contact(contact: str) -> str:
    """One spelling per contact: an e-mail in lower case, a phone number without separators."""
    contact = contact.strip().lower()
    if "@" in contact:
        return contact
    return re.sub(r"[\s.\-()/]", "", contact)


def contact_key(scope: str, contact: str) -> str:
    """The cache key of a contact's counter: a keyed hash, never the contact itself."""
    digest = salted_hmac(_CONTACT_SALT, normalise_contact(contact), algorithm="sha256")
    return f"ratelimit:{scope}:contact:{digest.hexdigest()[:40]}:{_hour()}"


def too_many_for_contact(scope: str, contacts: Iterable[str], per_hour: int) -> bool:
    """Count this attempt for each contact given (phone, e-mail; blanks are skipped);
    True once one of them was used more than `per_hour` times this hour."""
    counts = [_count(contact_key(scope, contact)) for contact in contacts if contact.strip()]
    return any(count > per_hour for count in counts)
