"""Rate limits on public forms (booking, registration…), counted in Django's cache.

With several server processes the cache must be shared between them (see
docs/environment.md) or each process counts alone.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def too_many_attempts(request: HttpRequest, scope: str, per_hour: int) -> bool:
    """Count this attempt; True once the address has made more than `per_hour` this hour.

    One counter per scope, address and clock hour. Works with any cache backend:
    where incr() rewrites the entry with the default timeout (database cache),
    touch() gives it its hour back.
    """
    key = f"ratelimit:{scope}:{client_ip(request)}:{int(time.time() // 3600)}"
    attempts = 1
    if not cache.add(key, attempts, timeout=3600):
        try:
            attempts = cache.incr(key)
        except ValueError:  # the entry expired between add() and incr()
            cache.set(key, attempts, timeout=3600)
        cache.touch(key, timeout=3600)
    return attempts > per_hour
