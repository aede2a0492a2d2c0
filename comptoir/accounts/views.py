"""Staff log-in (password, then the code when the account has a second factor)
and the account's security pages under /compte/securite/."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from comptoir.accounts import actions, throttle, two_factor
from comptoir.accounts.forms import (
    PasswordCheckForm,
    SecondStepForm,
    SetupForm,
    ThrottledAuthenticationForm,
)

# Between the password and the code, the session holds who is logging in (not
# logged in yet: every staff page still sends to the log-in).
PENDING = "comptoir_login_pending"
PENDING_SECONDS = 5 * 60
SETUP_KEY = "comptoir_totp_setup_key"
NEW_CODES = "comptoir_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    """The `next` parameter if it stays on this site, else the staff home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        next_url = self.get_success_url()
        if two_factor.has_device(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": next_url,
                "at": time.time(),
            }
            return redirect("accounts:verify")
        auth_login(self.request, user)
        throttle.clear_username(user.get_username())
        if two_factor.session_state(self.request)["required"]:
            return HttpResponseRedirect(_with_next("accounts:setup", next_url))
        return HttpResponseRedirect(next_url)

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked_until:
            response.status_code = 429
        return response


def _pending_user(request: HttpRequest):
    """(user, pending data) of a log-in waiting for its code, or (None, None)."""
    pending = request.session.get(PENDING)
    if not pending:
        return None, None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        del request.session[PENDING]
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        del request.session[PENDING]
    return user, pending


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the app's code (or a recovery code) after the password.

    Also reached by a logged-in user whose session is not verified yet (the
    middleware sends them here)."""
    if request.user.is_authenticated:
        if request.user.is_verified():
            return HttpResponseRedirect(_next_url(request))
        user, pending = request.user, None
        if not two_factor.has_device(user):
            two_factor.remember(request, user)
            return HttpResponseRedirect(_next_url(request))
        next_url = _next_url(request)
    else:
        user, pending = _pending_user(request)
        if user is None:
            # Expired, or reached without the password first: start again.
            return render(request, "accounts/verify_restart.html")
        next_url = pending["next"]

    form = SecondStepForm(request.POST or None, request=request, user=user)
    if request.method == "POST" and form.is_valid():
        device = form.device
        if pending is not None:
            del request.session[PENDING]
            user.otp_device = device  # django-otp keeps it in the session at log-in
            auth_login(request, user, backend=pending["backend"])
        else:
            otp_login(request, device)
            two_factor.remember(request, user)
        throttle.clear_username(user.get_username())
        if isinstance(device, StaticDevice):
            messages.warning(
                request,
                _(
                    "Vous vous êtes connecté·e avec un code de secours : il ne servira plus. "
                    "Il vous en reste %(count)s. Pensez à en créer de nouveaux dans "
                    "« Sécurité du compte »."
                )
                % {"count": two_factor.recovery_codes_left(user)},
            )
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": next_url if pending is None else ""},
        status=429 if form.locked_until else 200,
    )


def _verified_if_enrolled(view):
    """A user with an app must have given a code in this session before changing anything."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_verified() and two_factor.has_device(request.user):
            return HttpResponseRedirect(_with_next("accounts:verify", request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def _security_context(request: HttpRequest, **extra) -> dict:
    user = request.user
    return {
        "enabled": two_factor.has_device(user),
        "requiring_venues": list(two_factor.requiring_venues(user)),
        "codes_left": two_factor.recovery_codes_left(user),
        **extra,
    }


@never_cache
@_verified_if_enrolled
def security(request: HttpRequest) -> HttpResponse:
    form = PasswordCheckForm(request=request, user=request.user)
    return render(request, "accounts/security.html", _security_context(request, form=form))


@sensitive_post_parameters("code")
@never_cache
@_verified_if_enrolled
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and key, then a first code to confirm."""
    user = request.user
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = two_factor.new_secret()
    form = SetupForm(request.POST or None, key=key)
    if request.method == "POST" and form.is_valid():
        device, codes = actions.turn_on_totp(user=user, key=key, last_t=form.time_step)
        otp_login(request, device)
        two_factor.remember(request, user)
        del request.session[SETUP_KEY]
        request.session[NEW_CODES] = codes
        messages.success(request, _("La double authentification est activée."))
        return HttpResponseRedirect(_with_next("accounts:recovery_codes", _next_url(request)))
    uri = two_factor.provisioning_uri(user, key)
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(uri),
            "otpauth_uri": uri,
            "secret": two_factor.secret_for_typing(key),
            "replacing": two_factor.has_device(user),
            "requiring_venues": list(two_factor.requiring_venues(user)),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


@never_cache
@_verified_if_enrolled
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown once, right after they are made; a POST makes new ones."""
    user = request.user
    if not two_factor.has_device(user):
        return redirect("accounts:security")
    if request.method == "POST":
        request.session[NEW_CODES] = actions.new_recovery_codes(user=user)
        messages.success(request, _("Vos anciens codes de secours ne fonctionnent plus."))
        return HttpResponseRedirect(_with_next("accounts:recovery_codes", _next_url(request)))
    codes = request.session.pop(NEW_CODES, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "codes_left": two_factor.recovery_codes_left(user),
            "next": _next_url(request),
        },
    )


@require_POST
@sensitive_post_parameters("password")
@never_cache
@_verified_if_enrolled
def turn_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.is_required(user):
        messages.error(
            request,
            _(
                "La double authentification est obligatoire pour les coordinateurs de ce "
                "lieu : elle ne peut pas être désactivée."
            ),
        )
        return redirect("accounts:security")
    form = PasswordCheckForm(request.POST, request=request, user=user)
    if form.is_valid():
        actions.turn_off_two_factor(user=user)
        two_factor.remember(request, user)
        messages.success(request, _("La double authentification est désactivée."))
        return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        _security_context(request, form=form),
        status=429 if form.locked_until else 200,
    )
