"""Staff pages of the café numérique: the counter and queue, the mediator's console, the day's summary.

Every action is a plain POST that redirects back with a message (works without
JavaScript); the queue refreshes itself with HTMX polling of the same URL.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.helpdesk import actions
from comptoir.helpdesk.forms import CheckInForm, CloseForm, DayForm
from comptoir.helpdesk.lookups import get_help_request_for
from comptoir.helpdesk.models import ArrivalSource, HelpdeskSettings, HelpRequest, Status
from comptoir.helpdesk.permissions import (
    can_configure_helpdesk,
    can_help_visitors,
)
from comptoir.helpdesk.queue import queue_state
from comptoir.helpdesk.service import HelpdeskCapability
from comptoir.helpdesk.summary import day_summary
from comptoir.helpdesk.topics import device_options, topic_options
from comptoir.people.lookups import get_person_in
from comptoir.people.models import Person
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

# The staff queue refreshes every POLL_SECONDS (the board every 5 s).
POLL_SECONDS = 10


def _person_from(request: HttpRequest, venue) -> Person | None:
    """The known person the walk-in is for (?person=pk or the form's hidden field), or 404."""
    pk = request.POST.get("person") or request.GET.get("person")
    if not pk:
        return None
    if not str(pk).isdigit():
        return None
    return get_person_in(venue, pk)


@venue_view(HelpdeskCapability.RUN_COUNTER)
def queue(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The counter: register a walk-in in two taps, and the live queue."""
    venue = membership.venue
    person = _person_from(request, venue)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                help_request = actions.check_in_walk_in(
                    venue=venue,
                    topic=data["topic"],
                    device=data["device"],
                    first_name=data["first_name"],
                    person=person,
                    source=ArrivalSource.COUNTER,
                    actor=request.user,
                )
            except actions.ERRORS as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s est dans la file (n° %(ticket)s, %(topic)s).")
                    % {
                        "name": help_request.name,
                        "ticket": help_request.ticket,
                        "topic": help_request.get_topic_display(),
                    },
                )
                return redirect("helpdesk:queue", venue.slug)
    else:
        form = CheckInForm()
    helpdesk_settings = HelpdeskSettings.for_venue(venue)
    state = queue_state(venue, helpdesk_settings)
    today = timezone.localdate()
    context = {
        "venue": venue,
        "nav": "helpdesk",
        "form": form,
        "person": person,
        "topics": topic_options(),
        "state": state,
        "mine": state.helping(request.user),
        "can_help": can_help_visitors(membership),
        "can_configure": can_configure_helpdesk(membership),
        "stale_count": sum(1 for e in state.waiting if e.help_request.day < today),
        "today": today,
        "poll_seconds": POLL_SECONDS,
    }
    template = "helpdesk/queue.html#live" if request.htmx else "helpdesk/queue.html"
    return render(request, template, context)


def _back_to_queue(membership: Membership) -> HttpResponse:
    return redirect("helpdesk:queue", membership.venue.slug)


def _take(request: HttpRequest, membership: Membership, take) -> HttpResponse:
    """Run a 'take someone' action; open their console, or explain why not."""
    try:
        help_request = take()
    except actions.ERRORS as error:
        messages.error(request, error.message)
        return _back_to_queue(membership)
    messages.success(request, _("Vous accompagnez %(name)s.") % {"name": help_request.name})
    return redirect("helpdesk:session", membership.venue.slug, help_request.pk)


@require_POST
@venue_view(HelpdeskCapability.HELP_VISITORS)
def take_next(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _take(
        request, membership, lambda: actions.take_next(venue=membership.venue, actor=request.user)
    )


@require_POST
@venue_view(HelpdeskCapability.HELP_VISITORS)
def take(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    help_request = get_help_request_for(membership, pk)
    return _take(
        request,
        membership,
        lambda: actions.take_chosen(help_request=help_request, actor=request.user),
    )


@require_POST
@venue_view(HelpdeskCapability.RUN_COUNTER)
def left(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    help_request = get_help_request_for(membership, pk)
    try:
        actions.mark_left(help_request=help_request, actor=request.user)
    except actions.ERRORS as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s n’est plus dans la file.") % {"name": help_request.name}
        )
    return _back_to_queue(membership)


@require_POST
@venue_view(HelpdeskCapability.RUN_COUNTER)
def clear_previous_days(request: HttpRequest, membership: Membership) -> HttpResponse:
    count = actions.clear_previous_days(venue=membership.venue, actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s arrivée des jours précédents est retirée de la file.",
                "%(count)s arrivées des jours précédents sont retirées de la file.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Aucune arrivée des jours précédents dans la file."))
    return _back_to_queue(membership)


def booking_url(help_request: HelpRequest) -> str:
    """The staff booking form of the appointments app, pre-filled with the person and the problem."""
    params = {
        "person": help_request.person_id or "",
        "first_name": help_request.first_name
        or (help_request.person.first_name if help_request.person else ""),
        "topic": help_request.get_topic_display(),
        "from_help": help_request.pk,
    }
    query = urlencode({key: value for key, value in params.items() if value != ""})
    return reverse("appointments:staff_book", args=[help_request.venue.slug]) + "?" + query


@venue_view(HelpdeskCapability.HELP_VISITORS)
def session(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The mediator's console: who, what, the countdown, one extension, then close."""
    help_request = get_help_request_for(membership, pk)
    form = CloseForm(request.POST if request.method == "POST" else None, topic=help_request.topic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closing = actions.close_help_request(
                help_request=help_request,
                actor=request.user,
                outcome=data["outcome"],
                referral_structure=data["referral_structure"],
                themes=data["themes"],
                note=data["note"],
            )
        except actions.ERRORS as error:
            messages.error(request, error.message)
            return redirect("helpdesk:session", membership.venue.slug, help_request.pk)
        closed = closing.help_request
        if closing.needs_appointment:
            messages.success(
                request,
                _(
                    "Accompagnement noté au journal. Choisissez maintenant un rendez-vous pour %(name)s."
                )
                % {"name": help_request.name},
            )
            return redirect(booking_url(help_request))
        if closing.activity is not None:
            messages.success(
                request,
                _("Accompagnement de %(name)s terminé et noté au journal (%(minutes)s min).")
                % {"name": help_request.name, "minutes": closing.activity.duration_minutes},
            )
        else:
            messages.success(
                request,
                _("%(name)s : départ avant l’aide, rien n’est noté au journal.")
                % {"name": closed.name},
            )
        return _back_to_queue(membership)
    helpdesk_settings = HelpdeskSettings.for_venue(membership.venue)
    return render(
        request,
        "helpdesk/session.html",
        {
            "venue": membership.venue,
            "nav": "helpdesk",
            "help_request": help_request,
            "form": form,
            "settings": helpdesk_settings,
            "can_extend": help_request.status == Status.IN_PROGRESS
            and not help_request.extended
            and helpdesk_settings.extension_minutes > 0,
            "is_mine": help_request.mediator_id == request.user.pk,
            "can_view_people": membership.allows(Capability.VIEW_PEOPLE),
            "device_icon": _device_icon(help_request.device),
            "now": timezone.now(),
        },
    )


def _device_icon(device: str):
    return next((o for o in device_options() if o.value == device), None)


@require_POST
@venue_view(HelpdeskCapability.HELP_VISITORS)
def extend(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    help_request = get_help_request_for(membership, pk)
    try:
        help_request = actions.extend_once(help_request=help_request, actor=request.user)
    except actions.ERRORS as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Prolongé : fin prévue à %(time)s.")
            % {"time": timezone.localtime(help_request.ends_at).strftime("%H:%M")},
        )
    return redirect("helpdesk:session", membership.venue.slug, pk)


@require_POST
@venue_view(HelpdeskCapability.HELP_VISITORS)
def put_back(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    help_request = get_help_request_for(membership, pk)
    try:
        actions.put_back(help_request=help_request, actor=request.user)
    except actions.ERRORS as error:
        messages.error(request, error.message)
        return redirect("helpdesk:session", membership.venue.slug, pk)
    messages.success(
        request,
        _("%(name)s est de retour dans la file, à sa place.") % {"name": help_request.name},
    )
    return _back_to_queue(membership)


@venue_view(HelpdeskCapability.HELP_VISITORS)
def summary(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The day's figures: people helped, waits, help lengths, escalations, outcomes."""
    form = DayForm(request.GET or None, initial={"date": timezone.localdate()})
    day = form.day()
    return render(
        request,
        "helpdesk/summary.html",
        {
            "venue": membership.venue,
            "nav": "helpdesk",
            "form": form,
            "summary": day_summary(membership.venue, day),
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1) if day < timezone.localdate() else None,
        },
    )
