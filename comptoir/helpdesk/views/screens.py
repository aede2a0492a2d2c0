"""The kiosk and the queue board: no visitor login.

They open for a browser a staff member enabled (device cookie) or for staff who
may run the counter at the venue; anyone else gets a plain 403 page saying how
to enable the screen.
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRefresh

from comptoir.helpdesk import actions
from comptoir.helpdesk.forms import KioskForm
from comptoir.helpdesk.models import ArrivalSource, DeviceKind, HelpdeskSettings, HelpRequest
from comptoir.helpdesk.permissions import screen_access
from comptoir.helpdesk.queue import queue_state
from comptoir.helpdesk.topics import device_options, topic_options
from comptoir.ops import ratelimit
from comptoir.ops.middleware import allow_framing
from comptoir.venues.models import Venue

# The kiosk's thank-you page goes back to the start after this many seconds.
KIOSK_RETURN_SECONDS = 15
# After this long without a touch, a half-filled kiosk form starts afresh.
KIOSK_IDLE_SECONDS = 90
# The confirmation of a check-in is shown for this long at most.
CONFIRMATION_WINDOW = datetime.timedelta(minutes=15)
BOARD_POLL_SECONDS = 5
# A TV shows this many rows; the rest is counted ("… and 38 others").
BOARD_ROWS = 12
# Kiosk submissions per address and clock hour. Each tablet is already held to
# KIOSK_MAX_PER_HOUR check-ins (actions.py); several tablets share the venue's
# address, and a refused or mistyped form counts too: a café never gets near it.
KIOSK_ATTEMPTS_PER_ADDRESS_PER_HOUR = 240
KIOSK_LIMITED = _(
    "Trop de demandes ont été faites depuis cette borne. Réessayez dans une heure, "
    "ou adressez-vous à l’équipe du lieu."
)


def _framable(response: HttpResponse, venue: Venue | None) -> HttpResponse:
    """The kiosk and the board may be shown in a frame by the sites the venue lists."""
    return allow_framing(response, venue.embed_origin_list if venue is not None else ())


def _denied(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    if request.htmx:
        # A board whose device was revoked reloads, and shows why it stopped.
        return HttpResponseClientRefresh()
    response = render(request, "helpdesk/screen_denied.html", {"kind": kind}, status=403)
    # In a frame too, the screen says why it stays blank.
    return _framable(response, Venue.objects.filter(slug=slug).only("embed_origins").first())


@login_not_required
def kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    """Check-in alone, in three questions with pictograms; only the topic is needed."""
    access = screen_access(request, slug, DeviceKind.KIOSK)
    if access is None:
        return _denied(request, DeviceKind.KIOSK, slug)
    venue = access.venue
    if not HelpdeskSettings.for_venue(venue).kiosk_enabled:
        return _framable(render(request, "helpdesk/kiosk_paused.html", {"venue": venue}), venue)
    form = KioskForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and ratelimit.too_many_attempts(
        request, "helpdesk:kiosk", KIOSK_ATTEMPTS_PER_ADDRESS_PER_HOUR
    ):
        form.is_valid()  # the errors need a cleaned form; nothing is written
        form.add_error(None, KIOSK_LIMITED)
        status = 429
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            help_request = actions.check_in_walk_in(
                venue=venue,
                topic=data["topic"],
                device=data["device"],
                first_name=data["first_name"],
                source=ArrivalSource.KIOSK,
                kiosk_device=access.device,
                actor=access.user,
            )
        except actions.ERRORS as error:
            form.add_error(None, error.message)
        else:
            return _framable(redirect("helpdesk:kiosk_done", venue.slug, help_request.pk), venue)
    response = render(
        request,
        "helpdesk/kiosk.html",
        {
            "venue": venue,
            "form": form,
            "topics": topic_options(),
            "devices": device_options(),
            "idle_seconds": KIOSK_IDLE_SECONDS,
        },
        status=status,
    )
    return _framable(response, venue)


@login_not_required
def kiosk_done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """ "C’est noté": the visitor's number and place, then back to the start."""
    access = screen_access(request, slug, DeviceKind.KIOSK)
    if access is None:
        return _denied(request, DeviceKind.KIOSK, slug)
    mine = HelpRequest.objects.filter(
        pk=pk,
        venue=access.venue,
        source=ArrivalSource.KIOSK,
        arrived_at__gte=timezone.now() - CONFIRMATION_WINDOW,
    )
    if access.device is not None:
        mine = mine.filter(kiosk_device=access.device)
    else:
        mine = mine.filter(checked_in_by_id=access.user.pk)
    help_request = mine.first()
    if help_request is None:
        return _framable(redirect("helpdesk:kiosk", slug), access.venue)
    state = queue_state(access.venue)
    response = render(
        request,
        "helpdesk/kiosk_done.html",
        {
            "venue": access.venue,
            "help_request": help_request,
            "entry": state.entry_for(help_request.pk),
            "return_seconds": KIOSK_RETURN_SECONDS,
        },
    )
    return _framable(response, access.venue)


@login_not_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    """The queue for a TV screen: number, first name or initial, place, estimated wait."""
    access = screen_access(request, slug, DeviceKind.BOARD)
    if access is None:
        return _denied(request, DeviceKind.BOARD, slug)
    helpdesk_settings = HelpdeskSettings.for_venue(access.venue)
    state = queue_state(access.venue, helpdesk_settings)
    context = {
        "venue": access.venue,
        "state": state,
        "rows": [
            (entry, entry.help_request.public_name(helpdesk_settings.board_display))
            for entry in state.waiting[:BOARD_ROWS]
        ],
        "more": max(0, state.waiting_count - BOARD_ROWS),
        "poll_seconds": BOARD_POLL_SECONDS,
    }
    template = "helpdesk/board.html#board" if request.htmx else "helpdesk/board.html"
    return _framable(render(request, template, context), access.venue)
