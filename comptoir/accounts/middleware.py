"""Keeps a logged-in user who owes a second factor on the pages that settle it.

- A user with an authenticator app whose session is not verified (a session
  opened before the app was set up, or through a log-in that skipped the code,
  such as the admin's) is sent to the code step.
- A coordinator of a venue that requires a second factor and who has no app yet
  is sent to the set-up page.

Public pages (login_not_required) stay open, except the Django admin's, and so
do the log-out and the language switch. The decision reads the session only
(see two_factor.SESSION_STATE): an ordinary page costs no query here.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from comptoir.accounts import two_factor

ALWAYS_OPEN = {"logout", "set_language", "healthz", "admin:login", "admin:logout"}
OPEN_DURING_SETUP = {"accounts:security", "accounts:setup"}


class TwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_OPEN:
            return None
        public = not getattr(view_func, "login_required", True)
        if public and not (match and "admin" in match.namespaces):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        state = two_factor.session_state(request)
        if state["device"]:
            target = "accounts:verify"
        elif state["required"] and name not in OPEN_DURING_SETUP:
            target = "accounts:setup"
        else:
            return None
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
