"""Public booking pages: visitors book, see, move and cancel with no account.

The path: the venue's reasons (start) → a day and a time (slots) → who is
coming (book) → the appointment's own page (manage), reached through the
signed link sent by SMS or e-mail. Views parse and check the input; actions.py
books, moves and cancels. Every page works without JavaScript; HTMX only
swaps the day-and-time picker in place.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from comptoir.appointments import links
from comptoir.appointments.actions import (
    BookingError,
    book_appointment,
    cancel_appointment,
    move_appointment,
)
from comptoir.appointments.ics import appointment_ics
from comptoir.appointments.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    BookingSource,
)
from comptoir.appointments.public_forms import (
    BOOKING_ATTEMPTS_PER_HOUR,
    BookingForm,
    format_start,
    last_bookable_day,
    other_slots,
    parse_day,
    parse_start,
    slot_problem,
    too_many_attempts,
    too_many_for_contact,
)
from comptoir.appointments.slots import find_slot, free_slots
from comptoir.kernel.phone import display_phone
from comptoir.people.forms import consent_wording
from comptoir.venues.models import Venue

# How many days with free slots the picker shows at a time.
PAGE_DAYS = 14

DONE_FLAGS = {"reserve", "deplace", "annule"}


# --- Fetching what the URL names -----------------------------------------------------------------


def get_public_venue(venue_slug: str) -> Venue:
    return get_object_or_404(Venue, slug=venue_slug)


def bookable_types(venue: Venue):
    """Reasons visitors may book online: active, bookable online, offered by someone."""
    return (
        AppointmentType.objects.filter(
            venue=venue, active=True, bookable_online=True, mediators__isnull=False
        )
        .select_related("venue", "outreach_venue")
        .distinct()
        .order_by("name", "pk")
    )


def get_bookable_type(venue_slug: str, type_id: int) -> AppointmentType:
    """A reason of that venue that visitors may book online, or 404."""
    return get_object_or_404(
        AppointmentType.objects.select_related("venue", "outreach_venue"),
        pk=type_id,
        venue__slug=venue_slug,
        active=True,
        bookable_online=True,
    )


# --- What the pages show --------------------------------------------------------------------------


def duration_label(minutes: int) -> str:
    """45 -> '45 minutes', 60 -> '1 heure', 90 -> '1 h 30', 120 -> '2 heures'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest}
    if not rest:
        return ngettext("%(n)s heure", "%(n)s heures", hours) % {"n": hours}
    return _("%(h)s h %(m)02d") % {"h": hours, "m": rest}


def place_of(appointment_type: AppointmentType) -> Venue:
    return appointment_type.outreach_venue or appointment_type.venue


def reason_context(appointment_type: AppointmentType) -> dict:
    return {
        "venue": appointment_type.venue,
        "appointment_type": appointment_type,
        "place": place_of(appointment_type),
        "duration": duration_label(appointment_type.duration_minutes),
        "venue_phone": display_phone(appointment_type.venue.phone),
    }


@dataclass
class DayChoice:
    day: datetime.date
    href: str
    current: bool


@dataclass
class TimeChoice:
    start: datetime.datetime  # local time, for display
    href: str


@dataclass
class Picker:
    """Days with free slots (a page of them), and the times of the chosen day."""

    days: list[DayChoice] = field(default_factory=list)
    selected: datetime.date | None = None
    morning: list[TimeChoice] = field(default_factory=list)
    afternoon: list[TimeChoice] = field(default_factory=list)
    previous_href: str = ""
    next_href: str = ""

    @property
    def times(self) -> list[TimeChoice]:
        return self.morning + self.afternoon


def _with_query(url: str, **params: str) -> str:
    return f"{url}?{urlencode(params, safe=':')}" if params else url


def build_picker(
    appointment_type: AppointmentType, params: QueryDict, *, page_url: str, time_url: str
) -> Picker:
    """The picker for `appointment_type`: one free-slot computation over the horizon.

    `page_url` is the page itself (days link to it with ?from=…&day=…);
    `time_url` is where a time leads (with ?start=…).
    """
    today = timezone.localdate()
    free = free_slots(appointment_type, today, last_bookable_day(appointment_type.venue))
    days = sorted(free)
    selected = parse_day(params.get("day"))
    first = parse_day(params.get("from"))
    if first is not None:
        index = next((i for i, day in enumerate(days) if day >= first), 0)
    elif selected in free:
        index = days.index(selected) // PAGE_DAYS * PAGE_DAYS
    else:
        index = 0
    page = days[index : index + PAGE_DAYS]
    picker = Picker(selected=selected)
    for day in page:
        href = _with_query(page_url, **{"from": page[0].isoformat(), "day": day.isoformat()})
        picker.days.append(DayChoice(day=day, href=href, current=day == selected))
    if index > 0:
        picker.previous_href = _with_query(
            page_url, **{"from": days[max(index - PAGE_DAYS, 0)].isoformat()}
        )
    if index + PAGE_DAYS < len(days):
        picker.next_href = _with_query(page_url, **{"from": days[index + PAGE_DAYS].isoformat()})
    for slot in free.get(selected, []) if selected else []:
        local = slot.local_start
        choice = TimeChoice(
            start=local, href=_with_query(time_url, start=format_start(slot.starts_at))
        )
        (picker.morning if local.hour < 12 else picker.afternoon).append(choice)
    return picker


def picker_template(request: HttpRequest, template: str) -> str:
    """The whole page, or only the picker when HTMX swaps it in place."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return f"{template}#picker"
    return template


# --- Choosing: reason, day and time, who is coming -------------------------------------------------


@login_not_required
@require_safe
def start(request: HttpRequest, venue_slug: str) -> HttpResponse:
    """The reasons visitors can book at the venue."""
    venue = get_public_venue(venue_slug)
    reasons = [
        {
            "type": kind,
            "place": place_of(kind),
            "duration": duration_label(kind.duration_minutes),
            "href": reverse("appointments:public_slots", args=[venue.slug, kind.pk]),
        }
        for kind in bookable_types(venue)
    ]
    return render(
        request,
        "appointments/public/start.html",
        {"venue": venue, "reasons": reasons, "venue_phone": display_phone(venue.phone)},
    )


@login_not_required
@require_safe
def slots(request: HttpRequest, venue_slug: str, type_id: int) -> HttpResponse:
    """A day, then a time, for one reason."""
    appointment_type = get_bookable_type(venue_slug, type_id)
    page_url = reverse("appointments:public_slots", args=[venue_slug, type_id])
    picker = build_picker(
        appointment_type,
        request.GET,
        page_url=page_url,
        time_url=reverse("appointments:public_book", args=[venue_slug, type_id]),
    )
    context = {**reason_context(appointment_type), "picker": picker}
    return render(request, picker_template(request, "appointments/public/slots.html"), context)


def bad_start(request: HttpRequest, back_url: str, venue: Venue) -> HttpResponse:
    return render(
        request,
        "appointments/public/bad_start.html",
        {"back_url": back_url, "venue": venue, "venue_phone": display_phone(venue.phone)},
        status=400,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, venue_slug: str, type_id: int) -> HttpResponse:
    """Who is coming. A refused booking shows why, keeps what was typed and offers
    other times in the same form."""
    appointment_type = get_bookable_type(venue_slug, type_id)
    venue = appointment_type.venue
    slots_url = reverse("appointments:public_slots", args=[venue_slug, type_id])
    status = 200
    # "address" or "contact": which limit refused the request (docs/security.md).
    rate_limited = "address" if request.method == "POST" and too_many_attempts(request) else ""
    raw_start = (request.POST.get("start") if request.method == "POST" else "") or request.GET.get(
        "start"
    )
    try:
        starts_at = parse_start(raw_start)
    except ValueError:
        return bad_start(request, slots_url, venue)

    problem = slot_problem(appointment_type, starts_at)
    slot_unavailable = problem is not None
    if request.method == "POST":
        form = BookingForm(request.POST, mode=appointment_type.mode)
        if rate_limited:
            status = 429
        elif form.is_valid() and problem is None and too_many_for_contact(form.cleaned_data):
            rate_limited, status = "contact", 429
        elif form.is_valid() and problem is None:
            data = form.cleaned_data
            try:
                appointment = book_appointment(
                    appointment_type=appointment_type,
                    starts_at=starts_at,
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    topic=data["topic"],
                    consent_to_reminders=data["consent_to_reminders"],
                    consent_wording=consent_wording(form),
                    source=BookingSource.ONLINE,
                )
            except BookingError as error:
                problem = error.message
                slot_unavailable = find_slot(appointment_type, starts_at) is None
            else:
                return redirect(_with_query(links.manage_url(appointment), fait="reserve"))
    else:
        form = BookingForm(mode=appointment_type.mode)

    alternatives = [
        {"value": format_start(slot.starts_at), "start": slot.local_start}
        for slot in (other_slots(appointment_type, starts_at) if slot_unavailable else [])
    ]
    context = {
        **reason_context(appointment_type),
        "form": form,
        "start": timezone.localtime(starts_at),
        "start_value": format_start(starts_at),
        "action": _with_query(
            reverse("appointments:public_book", args=[venue_slug, type_id]),
            start=format_start(starts_at),
        ),
        "slots_url": slots_url,
        "problem": problem,
        "slot_unavailable": slot_unavailable,
        "alternatives": alternatives,
        # Nothing can be booked from here: do not ask for details in vain (but a
        # form already filled in stays, with what was typed).
        "show_form": request.method == "POST" or not slot_unavailable or bool(alternatives),
        "rate_limited": rate_limited,
        "attempts_limit": BOOKING_ATTEMPTS_PER_HOUR,
    }
    return render(request, "appointments/public/book.html", context, status=status)


# --- The appointment's own page, through the signed link ------------------------------------------

INVALID_STATUS = {"tampered": 404, "unknown": 404, "outdated": 410, "expired": 410}


def invalid_link(request: HttpRequest, token: str, reason: str) -> HttpResponse:
    """Why the link does not work and what to do; never a detail of the appointment."""
    venue = None
    if reason in ("outdated", "expired"):
        # The signature is genuine: the venue can be named, to call it.
        data = signing.loads(token, salt=links.SALT)
        venue = Venue.objects.filter(appointments__pk=data.get("a")).first()
    return render(
        request,
        "appointments/public/invalid_link.html",
        {
            "reason": reason,
            "venue": venue,
            "venue_phone": display_phone(venue.phone) if venue else "",
        },
        status=INVALID_STATUS.get(reason, 404),
    )


def appointment_for_link(request: HttpRequest, token: str) -> Appointment | HttpResponse:
    """The appointment the link is for, or the page explaining why the link fails."""
    try:
        return links.read_token(token)
    except links.InvalidLink as error:
        reason = error.args[0] if error.args else "tampered"
        return invalid_link(request, token, reason)


def can_change(appointment: Appointment) -> bool:
    return appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > timezone.now()


def can_move(appointment: Appointment) -> bool:
    kind = appointment.type
    return can_change(appointment) and kind.active and kind.bookable_online


def appointment_context(request: HttpRequest, appointment: Appointment, token: str) -> dict:
    return {
        **reason_context(appointment.type),
        "appointment": appointment,
        "token": token,
        "start": timezone.localtime(appointment.starts_at),
        "end": timezone.localtime(appointment.ends_at),
        "phone": display_phone(appointment.phone),
        "manage_link": request.build_absolute_uri(links.manage_url(appointment)),
        "can_move": can_move(appointment),
        "can_cancel": can_change(appointment),
        "is_past": appointment.starts_at <= timezone.now(),
    }


@login_not_required
@never_cache
@require_safe
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """See the appointment; move or cancel it. Also the confirmation after booking."""
    appointment = appointment_for_link(request, token)
    if isinstance(appointment, HttpResponse):
        return appointment
    done = request.GET.get("fait", "")
    context = {
        **appointment_context(request, appointment, token),
        "done": done if done in DONE_FLAGS else "",
    }
    return render(request, "appointments/public/manage.html", context)


@login_not_required
@never_cache
@require_safe
def manage_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The appointment as a calendar file, to add to the phone's agenda."""
    appointment = appointment_for_link(request, token)
    if isinstance(appointment, HttpResponse):
        return appointment
    url = request.build_absolute_uri(links.manage_url(appointment))
    response = HttpResponse(
        appointment_ics(appointment, url), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{day}.ics"'
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_move(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a new day and time (like the booking picker), confirm, and get the new link."""
    appointment = appointment_for_link(request, token)
    if isinstance(appointment, HttpResponse):
        return appointment
    if not can_move(appointment):
        messages.warning(
            request,
            _("Ce rendez-vous ne peut plus être déplacé ici. Pour le changer, appelez le lieu."),
        )
        return redirect(links.manage_url(appointment))
    page_url = reverse("appointments:manage_move", args=[token])
    context = appointment_context(request, appointment, token)
    problem = None
    raw_start = request.POST.get("start") if request.method == "POST" else request.GET.get("start")
    if raw_start is not None:
        try:
            new_start = parse_start(raw_start)
        except ValueError:
            return bad_start(request, page_url, appointment.venue)
        problem = slot_problem(appointment.type, new_start)
        if problem is None and request.method == "POST":
            try:
                moved = move_appointment(
                    appointment=appointment, starts_at=new_start, by_visitor=True
                )
            except BookingError as error:
                problem = error.message
            else:
                return redirect(_with_query(links.manage_url(moved), fait="deplace"))
        if problem is None:
            local = timezone.localtime(new_start)
            context.update(
                {
                    "new_start": local,
                    "new_end": local
                    + datetime.timedelta(minutes=appointment.type.duration_minutes),
                    "start_value": format_start(new_start),
                }
            )
            return render(request, "appointments/public/move_confirm.html", context)
        # Show the times of that day, so another one is one tap away.
        params = request.GET.copy()
        params.setdefault("day", timezone.localtime(new_start).date().isoformat())
    else:
        params = request.GET
    context["problem"] = problem
    context["picker"] = build_picker(appointment.type, params, page_url=page_url, time_url=page_url)
    return render(request, picker_template(request, "appointments/public/move.html"), context)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask once more, then cancel; the page then shows the cancelled appointment."""
    appointment = appointment_for_link(request, token)
    if isinstance(appointment, HttpResponse):
        return appointment
    if not can_change(appointment):
        messages.warning(
            request, _("Ce rendez-vous ne peut plus être annulé ici. Appelez le lieu si besoin.")
        )
        return redirect(links.manage_url(appointment))
    if request.method == "POST":
        try:
            cancelled = cancel_appointment(appointment=appointment, by_visitor=True)
        except BookingError as error:
            messages.warning(request, error.message)
            return redirect(links.manage_url(appointment))
        return redirect(_with_query(links.manage_url(cancelled), fait="annule"))
    return render(
        request,
        "appointments/public/cancel_confirm.html",
        appointment_context(request, appointment, token),
    )
