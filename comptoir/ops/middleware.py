"""Cross-cutting middleware: language choice and extra security headers."""

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """French by default, whatever the browser says; English when chosen.

    Visitors often use a borrowed or second-hand phone set to another language:
    the page stays in French unless someone picks English with the language
    switcher (which stores a cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set by itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Staff pages hold personal data: never keep them in a shared cache.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


# What a browser compares in frame-ancestors: a scheme, a host, maybe a port.
# Anything else (a space, a ';', a quote) could change the policy: it is dropped.
_FRAME_ORIGIN_RE = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def allow_framing(response: HttpResponse, origins: Iterable[str]) -> HttpResponse:
    """Let the site itself and `origins` show this response in a frame.

    Every other page answers `X-Frame-Options: DENY` and `frame-ancestors 'none'`.
    With no (valid) origin the response is left as it is. Otherwise it drops
    X-Frame-Options, which cannot name origins, and replaces frame-ancestors
    through django-csp's per-response override.
    """
    allowed = [origin for origin in origins if _FRAME_ORIGIN_RE.fullmatch(origin)]
    if allowed:
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": ["'self'", *dict.fromkeys(allowed)]}
    return response
