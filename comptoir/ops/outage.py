"""When the database does not answer: a plain 503 page, never a 500.

`DatabaseOutageMiddleware` sits high in MIDDLEWARE (right after the security
and static-file layers). A database that is down, restarting or refusing
connections shows up as Django's `OperationalError` or `InterfaceError`
(psycopg's and sqlite3's own errors are wrapped into those). Wherever it is
raised, the visitor gets the same page, status 503 with `Retry-After`:

- in a view: `process_exception()` answers directly;
- in another middleware (loading the session to know who is logged in,
  saving it, a 404 page that needed the user…): Django has already turned the
  exception into a 500 response by the time it reaches us, so a receiver of
  `got_request_exception` notes the outage on the request and `__call__`
  turns that 500 into the 503 page.

The page is rendered from `templates/503.html` with a bare template context —
no request, so no context processor, nothing that could query the database.

Nothing half-written stays behind: every action that writes several rows runs
under `transaction.atomic` (see docs/architecture.md), so an error midway rolls
the whole action back. When the database is back, the next request simply
works: connections are opened per request (or checked before reuse, with
CONN_HEALTH_CHECKS), nothing needs a restart.
"""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Seconds a browser or a monitoring probe is told to wait before trying again.
RETRY_AFTER_SECONDS = 120
_MARK = "_comptoir_database_outage"

FALLBACK_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Service momentanément indisponible · Comptoir</title></head><body><main>"
    "<h1>Le service est momentanément indisponible</h1>"
    "<p>Ce que vous avez déjà enregistré n’est pas perdu. Réessayez dans quelques minutes.</p>"
    "</main></body></html>"
)


def _driver_errors() -> tuple[type[BaseException], ...]:
    """The database drivers' own connection errors, in case one escapes Django's wrapper."""
    import psycopg  # a dependency (requirements/base.txt), on SQLite too

    return (psycopg.OperationalError, psycopg.InterfaceError)


OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    *_driver_errors(),
)


def is_database_outage(error: BaseException | None) -> bool:
    """True when the error (or one it was raised from) says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _chosen_language(request: HttpRequest) -> str:
    """The visitor's language, as LanguageMiddleware picks it (cookie, else French)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def outage_page(request: HttpRequest) -> str:
    """The 503 page's HTML, rendered without touching the database."""
    language = _chosen_language(request)
    try:
        with translation.override(language):
            return get_template("503.html").render(
                {"language": language, "retry_url": request.get_full_path()}
            )
    except Exception:  # an error page must never fail: fall back to plain text
        logger.exception("Could not render the 503 page")
        return FALLBACK_PAGE


def _fill(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    response.status_code = 503
    response.reason_phrase = "Service Unavailable"
    response.content = outage_page(request)
    response["Content-Type"] = "text/html; charset=utf-8"
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    if response.has_header("Content-Length"):  # set by CommonMiddleware for the old body
        response["Content-Length"] = str(len(response.content))
    add_never_cache_headers(response)
    return response


def _log(request: HttpRequest, error: BaseException | None) -> None:
    logger.error(
        "Database unavailable: answered 503 to %s %s (%s: %s)",
        request.method,
        request.path,
        type(error).__name__ if error else "?",
        error,
    )


def _remember_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Receiver of got_request_exception: note a database outage on the request."""
    error = sys.exc_info()[1]
    if request is not None and is_database_outage(error):
        setattr(request, _MARK, error)


got_request_exception.connect(_remember_outage, dispatch_uid="comptoir.ops.outage")


class DatabaseOutageMiddleware:
    """Answer 503 with a plain page when the database is unavailable (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code == 500:
            _log(request, error)
            # Keep the headers the inner layers set (CSP, frame options…).
            return _fill(response, request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        _log(request, exception)
        return _fill(HttpResponse(), request)
