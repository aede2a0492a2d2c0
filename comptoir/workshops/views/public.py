"""Public workshop pages: visitors see the agenda, register, see and cancel
their registration — no account.

The path: the venue's agenda (filters by audience and theme) → a session's
page with the registration form → the registration's own page, reached
through the signed link sent by SMS or e-mail (seat or place on the waiting
list, QR code for the check-in, cancel). Views parse and check the input;
actions.py registers and cancels. Every page works without JavaScript.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from comptoir.kernel import qr
from comptoir.kernel.phone import display_phone
from comptoir.people.forms import consent_wording
from comptoir.workshops import actions, links
from comptoir.workshops.agenda import (
    animator_names,
    by_day,
    entry,
    get_public_venue,
    place_line,
    public_session_or_404,
    upcoming_sessions,
)
from comptoir.workshops.models import Registration, RegistrationSource
from comptoir.workshops.models import RegistrationStatus as R
from comptoir.workshops.public_forms import (
    REGISTRATION_ATTEMPTS_PER_HOUR,
    AgendaFilterForm,
    RegistrationForm,
    too_many_attempts,
    too_many_for_contact,
)

DONE_FLAGS = {"inscrit", "annule"}


def _with_query(url: str, **params: str) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def venue_context(venue) -> dict:
    return {
        "venue": venue,
        "venue_phone": display_phone(venue.phone),
        "agenda_url": reverse("workshops:agenda", args=[venue.slug]),
        "ical_url": reverse("workshops:ical", args=[venue.slug]),
        "rss_url": reverse("workshops:rss", args=[venue.slug]),
    }


# --- The agenda -----------------------------------------------------------------------------------


@login_not_required
@require_safe
def agenda(request: HttpRequest, venue_slug: str) -> HttpResponse:
    """The venue's upcoming sessions, by day, filtered by audience and theme."""
    venue = get_public_venue(venue_slug)
    now = timezone.now()
    sessions = list(upcoming_sessions(venue, now))
    themes = {code for session in sessions for code in session.workshop.themes}
    filters = AgendaFilterForm(request.GET or None, themes=themes)
    audience, theme = filters.value("audience"), filters.value("theme")
    chosen = [
        session
        for session in sessions
        if (not audience or session.workshop.audience == audience)
        and (not theme or theme in session.workshop.themes)
    ]
    context = {
        **venue_context(venue),
        "days": by_day([entry(session, now) for session in chosen]),
        "filters": filters,
        "filtered": bool(audience or theme),
        "any_session": bool(sessions),
    }
    return render(request, "workshops/public/agenda.html", context)


# --- A session and its registration form ----------------------------------------------------------


def session_context(session, now=None) -> dict:
    item = entry(session, now)
    workshop = session.workshop
    return {
        **venue_context(session.venue),
        "session": session,
        "workshop": workshop,
        "item": item,
        "place": session.where,
        "place_line": place_line(session),
        "animators": animator_names(session),
        "competences": list(workshop.competences.all()),
        "themes": workshop.theme_labels(),
        "poster_url": reverse("workshops:poster", args=[session.venue.slug, session.pk]),
    }


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def session(request: HttpRequest, venue_slug: str, pk: int) -> HttpResponse:
    """The session's page; registration when it is open, else why not."""
    session = public_session_or_404(venue_slug, pk)
    status = 200
    problem = None
    rate_limited = ""  # or "address", "contact": which limit refused it (docs/security.md)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        rate_limited = "address" if too_many_attempts(request) else ""
        if rate_limited:
            status = 429
        elif form.is_valid() and too_many_for_contact(form.cleaned_data):
            rate_limited, status = "contact", 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                registration = actions.register(
                    session=session,
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent_to_reminders=data["consent_to_reminders"],
                    consent_wording=consent_wording(form),
                    source=RegistrationSource.ONLINE,
                )
            except actions.WorkshopError as error:
                problem = error.message
                session = public_session_or_404(venue_slug, pk)  # seats may have changed
            else:
                return redirect(_with_query(links.manage_url(registration), fait="inscrit"))
    else:
        form = RegistrationForm()
    context = session_context(session)
    context.update(
        {
            "form": form,
            "problem": problem,
            "rate_limited": rate_limited,
            "attempts_limit": REGISTRATION_ATTEMPTS_PER_HOUR,
            # A form already filled in stays, with what was typed.
            "show_form": context["item"].state == "open" or request.method == "POST",
        }
    )
    return render(request, "workshops/public/session.html", context, status=status)


# --- The registration's own page, through the signed link -----------------------------------------

INVALID_STATUS = {"tampered": 404, "unknown": 404, "expired": 410}


def registration_for_link(request: HttpRequest, token: str) -> Registration | HttpResponse:
    """The registration the link is for, or the page explaining why the link fails."""
    try:
        return links.read_token(token)
    except links.InvalidLink as error:
        reason = error.args[0] if error.args else "tampered"
        return render(
            request,
            "workshops/public/invalid_link.html",
            {"reason": reason},
            status=INVALID_STATUS.get(reason, 404),
        )


def can_cancel(registration: Registration) -> bool:
    session = registration.session
    return (
        registration.status in (R.CONFIRMED, R.WAITLISTED)
        and session.is_scheduled
        and session.starts_at > timezone.now()
    )


def qr_svg(url: str) -> str:
    """The check-in QR code as inline SVG markup (no style attribute: the CSP allows it)."""
    return qr.qr_svg(
        url,
        scale=5,
        border=3,
        light="#fff",
        svgclass="qr-code",
        lineclass="qrline",
        omitsize=True,
        decorative=True,
    )


def registration_context(registration: Registration, token: str) -> dict:
    session = registration.session
    # read_token() loads the session without counts; the page wants seats left.
    session = public_session_or_404(session.venue.slug, session.pk)
    registration.session = session
    return {
        **session_context(session),
        "registration": registration,
        "token": token,
        "position": actions.waitlist_position(registration),
        "can_cancel": can_cancel(registration),
        "phone": display_phone(registration.phone),
    }


@login_not_required
@never_cache
@require_safe
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The person's registration: seat or waiting list, QR code, cancel."""
    registration = registration_for_link(request, token)
    if isinstance(registration, HttpResponse):
        return registration
    context = registration_context(registration, token)
    done = request.GET.get("fait", "")
    context["done"] = done if done in DONE_FLAGS else ""
    context["qr"] = (
        qr_svg(links.checkin_url(registration)) if registration.status == R.CONFIRMED else ""
    )
    return render(request, "workshops/public/registration.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask once more, then cancel; the registration page then says it is cancelled."""
    registration = registration_for_link(request, token)
    if isinstance(registration, HttpResponse):
        return registration
    page = reverse("workshops:registration", args=[token])
    if not can_cancel(registration):
        if registration.status == R.CANCELLED:
            messages.info(request, _("Cette inscription est déjà annulée."))
        else:
            messages.warning(
                request,
                _("Cette inscription ne peut plus être annulée ici. Prévenez le lieu directement."),
            )
        return redirect(page)
    if request.method == "POST":
        try:
            actions.cancel_registration(registration=registration, by_visitor=True)
        except actions.WorkshopError as error:
            messages.warning(request, error.message)
            return redirect(page)
        return redirect(_with_query(page, fait="annule"))
    return render(
        request,
        "workshops/public/cancel_confirm.html",
        registration_context(registration, token),
    )
