"""Keeps a logged-in user who owes a second factor on the pages that settle it.

- A user with an authenticator app whose session is not verified (a session
  opened before the app was set up, or through a log-in that skipped the code,
  such as the admin's) is sent to the code step.
- A coordinator of a venue that requires a second factor and who has no app yet
  is sent to the set-up page.

Every page is covered, whatever its kind: staff pages, the Django admin, and
the pages that need no login too, because some of them open for staff by their
role (the café's kiosk and queue board let in whoever may run the counter), and
a new one could do the same. Only the pages listed below stay open: the code
step or the set-up, logging out, the language switch and the health check.
tests/accounts/test_mandatory_everywhere.py walks every URL of the project.

The decision reads the session only (see two_factor.SESSION_STATE): an ordinary
page costs no query here.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from comptoir.accounts import two_factor

# Open to a user who owes a code or an app (url names).
ALWAYS_OPEN = frozenset(
    {"accounts:verify", "logout", "set_language", "healthz", "admin:login", "admin:logout"}
)
# Also open to a coordinator who must set up an app and has none yet.
OPEN_DURING_SETUP = ALWAYS_OPEN | {"accounts:security", "accounts:setup"}


class TwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        state = two_factor.session_state(request)
        if state["device"]:
            target, still_open = "accounts:verify", ALWAYS_OPEN
        elif state["required"]:
            target, still_open = "accounts:setup", OPEN_DURING_SETUP
        else:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in still_open:
            return None
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
