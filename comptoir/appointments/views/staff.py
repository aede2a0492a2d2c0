"""Staff pages of appointments: the agenda, booking for someone, one appointment
(move, cancel, close). The configuration pages (reasons, hours, booking rules)
live in configuration.py and are exposed here too, for urls.py.

Views parse, authorise and render; every change goes through actions.py.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.appointments import actions
from comptoir.appointments.forms import (
    CloseForm,
    MoveForm,
    SlotSearchForm,
    StaffBookingForm,
    staff_label,
    venue_mediators,
)
from comptoir.appointments.ics import appointment_ics
from comptoir.appointments.links import manage_url
from comptoir.appointments.lookups import get_appointment_for
from comptoir.appointments.models import (
    Appointment,
    AppointmentStatus,
    AppointmentTransition,
    AppointmentType,
    BookingSource,
)
from comptoir.appointments.service import AppointmentCapability
from comptoir.appointments.slots import free_periods, free_slots

# The configuration pages, under the names urls.py knows.
from comptoir.appointments.views.configuration import availability as availability
from comptoir.appointments.views.configuration import type_create as type_create
from comptoir.appointments.views.configuration import type_edit as type_edit
from comptoir.appointments.views.configuration import types as types
from comptoir.kernel.phone import display_phone
from comptoir.ops.forms import query_date
from comptoir.people.forms import consent_wording
from comptoir.people.lookups import get_person_in
from comptoir.people.models import Person
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view

S = AppointmentStatus
# How far the slot picker looks for the next day with a free slot.
LOOKAHEAD_DAYS = 14


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> datetime.date | None:
    """A date of the query string; None when missing, garbage or out of range
    (the agenda then shows today)."""
    return query_date(value)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, ZoneInfo(settings.TIME_ZONE))


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(day)s à %(time)s") % {
        "day": formats.date_format(local, "l j F"),
        "time": formats.time_format(local, "H:i"),
    }


# --- Agenda -----------------------------------------------------------------------------------


@venue_view(AppointmentCapability.VIEW_APPOINTMENTS)
def agenda(request: HttpRequest, membership: Membership) -> HttpResponse:
    """A day or a week of appointments, for the whole venue or one mediator."""
    venue = membership.venue
    today = timezone.localdate()
    mode = "week" if request.GET.get("view") == "week" else "day"
    day = _date(request.GET.get("date")) or today
    mediators = list(venue_mediators(venue))
    selected = next((m for m in mediators if m.pk == _int(request.GET.get("mediator"))), None)

    if mode == "week":
        first = day - datetime.timedelta(days=day.weekday())
        days = [first + datetime.timedelta(days=i) for i in range(7)]
        step = datetime.timedelta(days=7)
    else:
        days = [day]
        step = datetime.timedelta(days=1)
    appointments = (
        Appointment.objects.filter(
            venue=venue,
            starts_at__gte=_local_midnight(days[0]),
            starts_at__lt=_local_midnight(days[-1] + datetime.timedelta(days=1)),
        )
        .select_related("type", "mediator")
        .order_by("starts_at", "pk")
    )
    if selected is not None:
        appointments = appointments.filter(mediator=selected)
    by_day: dict[datetime.date, list[Appointment]] = {d: [] for d in days}
    for appointment in appointments:
        by_day[timezone.localdate(appointment.starts_at)].append(appointment)

    free = []
    if mode == "day" and day >= today:
        shown = [selected] if selected is not None else mediators
        periods = free_periods(venue, day, [m.pk for m in shown])
        free = [(m, periods[m.pk]) for m in shown if m.pk in periods]

    def link(**changes) -> str:
        params = {"view": mode, "date": day.isoformat()}
        if selected is not None:
            params["mediator"] = selected.pk
        params.update(changes)
        return "?" + urlencode(params)

    return render(
        request,
        "appointments/staff/agenda.html",
        {
            "venue": venue,
            "nav": "appointments",
            "mode": mode,
            "day": day,
            "today": today,
            "days": [(d, by_day[d]) for d in days],
            "count": sum(len(items) for items in by_day.values()),
            "mediators": mediators,
            "selected": selected,
            "free": free,
            "previous_url": link(date=(day - step).isoformat()),
            "next_url": link(date=(day + step).isoformat()),
            "today_url": link(date=today.isoformat()),
            "day_url": link(view="day"),
            "week_url": link(view="week"),
        },
    )


# --- Slot picker (booking and moving share it) ------------------------------------------------


def _slot_picker(
    appointment_type: AppointmentType | None,
    day: datetime.date | None,
    mediator_id: int | None,
    mediators: dict[int, str],
    query: dict,
) -> dict:
    """The free slots of a day, and the next day with some if that one has none.

    `query` holds the GET parameters of the page, for the link to that next day.
    """
    context = {"slots": [], "next_day": None, "next_url": "", "picker_day": day}
    if appointment_type is None or day is None:
        return context
    found = free_slots(
        appointment_type,
        day,
        day + datetime.timedelta(days=LOOKAHEAD_DAYS),
        staff=True,
        mediator_id=mediator_id,
    )
    context["slots"] = [
        {
            "value": slot.starts_at.isoformat(),
            "start": slot.starts_at,
            "end": slot.ends_at,
            "with": ", ".join(mediators[pk] for pk in slot.mediator_ids if pk in mediators),
        }
        for slot in found.get(day, [])
    ]
    if not context["slots"]:
        next_day = next((d for d in sorted(found) if d > day), None)
        if next_day is not None:
            context["next_day"] = next_day
            context["next_url"] = "?" + urlencode({**query, "date": next_day.isoformat()})
    return context


# --- Booking ----------------------------------------------------------------------------------


def _person_for(venue, value) -> Person | None:
    person_id = _int(value)
    if person_id is None:
        return None
    return get_person_in(venue, person_id)


@venue_view(AppointmentCapability.BOOK_APPOINTMENTS)
def book(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Book a slot for someone: reason, day, slot (HTMX picker), then who."""
    venue = membership.venue
    mediators = list(venue_mediators(venue))
    names = {m.pk: staff_label(m) for m in mediators}
    source = request.POST if request.method == "POST" else request.GET
    person = _person_for(venue, source.get("person"))
    from_help = (source.get("from_help") or "")[:20]

    if request.method == "POST":
        form = StaffBookingForm(request.POST, venue=venue, mediators=mediators)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = actions.book_appointment(
                    appointment_type=data["type"],
                    starts_at=data["slot"],
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    topic=data["topic"],
                    consent_to_reminders=data["consent_to_reminders"],
                    consent_wording=consent_wording(form),
                    person=person,
                    mediator_id=data["mediator"],
                    booked_by=request.user,
                    source=BookingSource.HELPDESK if from_help else BookingSource.STAFF,
                )
            except actions.BookingError as error:
                form.add_error("slot", error.message)
            else:
                messages.success(
                    request,
                    _("Rendez-vous réservé pour %(name)s le %(when)s avec %(mediator)s.")
                    % {
                        "name": appointment.first_name,
                        "when": _when(appointment.starts_at),
                        "mediator": staff_label(appointment.mediator),
                    },
                )
                return redirect("appointments:detail", venue.slug, appointment.pk)
        search = SlotSearchForm(request.POST, venue=venue, mediators=mediators)
        chosen = request.POST.get("slot", "")
    else:
        initial = {"from_help": from_help, "first_name": request.GET.get("first_name", "")}
        initial["topic"] = request.GET.get("topic", "")
        if person is not None:
            initial.update(
                person=person.pk,
                first_name=person.first_name,
                phone=display_phone(person.phone),
                email=person.email,
                consent_to_reminders=person.consent_to_contact,
            )
        form = StaffBookingForm(initial=initial, venue=venue, mediators=mediators)
        searching = "type" in request.GET
        search = SlotSearchForm(
            request.GET if searching else None,
            initial={"date": timezone.localdate()},
            venue=venue,
            mediators=mediators,
        )
        chosen = ""

    search_data = search.cleaned_data if search.is_bound and search.is_valid() else {}
    chosen_type, day = search_data.get("type"), search_data.get("date")
    mediator_id = search_data.get("mediator")
    hidden = [
        ("type", chosen_type.pk if chosen_type else ""),
        ("date", day.isoformat() if day else ""),
        ("mediator", mediator_id or ""),
    ]
    carry = [
        (name, value)
        for name, value in [
            ("person", person.pk if person else ""),
            ("from_help", from_help),
            ("first_name", request.GET.get("first_name", "")),
            ("topic", request.GET.get("topic", "")),
        ]
        if value
    ]
    context = {
        "venue": venue,
        "nav": "appointments",
        "form": form,
        "search": search,
        "person": person,
        "from_help": from_help,
        "chosen": chosen,
        "show_with": mediator_id is None,
        "carry": carry,
        "hidden": hidden,
        "picker_errors": [e for errors in search.errors.values() for e in errors]
        if search.is_bound and request.method == "GET"
        else [],
        **_slot_picker(chosen_type, day, mediator_id, names, dict(hidden + carry)),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "appointments/staff/book.html#slot-picker", context)
    return render(request, "appointments/staff/book.html", context)


# --- One appointment --------------------------------------------------------------------------


def _describe(transition: AppointmentTransition) -> str:
    if not transition.from_state:
        return _("Réservé")
    if transition.from_state == transition.to_state == S.BOOKED:
        before = transition.note.removeprefix("moved from ")
        try:
            return _("Déplacé (était prévu le %(when)s)") % {
                "when": _when(datetime.datetime.fromisoformat(before))
            }
        except ValueError:
            return _("Déplacé")
    label = transition.to_label
    if transition.note == "by visitor":
        return _("%(status)s par la personne, avec son lien") % {"status": label}
    return str(label)


@venue_view(AppointmentCapability.VIEW_APPOINTMENTS)
def detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    appointment = get_appointment_for(membership, pk)
    link = settings.SITE_URL.rstrip("/") + manage_url(appointment)
    if request.GET.get("format") == "ics":
        response = HttpResponse(
            appointment_ics(appointment, link), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="rendez-vous-{appointment.pk}.ics"'
        return response
    transitions = [(t, _describe(t)) for t in actions.STATES.history(appointment)]
    started = appointment.starts_at <= timezone.now()
    outcomes = actions.STATES.allowed(appointment.status) - {S.CANCELLED}
    close_form = None
    if outcomes and started and membership.allows(AppointmentCapability.CLOSE_APPOINTMENTS):
        close_form = CloseForm(
            initial={
                "themes": [appointment.type.theme] if appointment.type.theme else [],
                "duration_minutes": appointment.type.duration_minutes,
            }
        )
        close_form.fields["outcome"].choices = [
            (value, label)
            for value, label in close_form.fields["outcome"].choices
            if value in outcomes
        ]
    return render(
        request,
        "appointments/staff/detail.html",
        {
            "venue": membership.venue,
            "nav": "appointments",
            "appointment": appointment,
            "place": appointment.type.outreach_venue or appointment.venue,
            "phone": display_phone(appointment.phone),
            "transitions": transitions,
            "no_shows": actions.no_show_count(appointment.person) if appointment.person else None,
            "manage_link": link if appointment.is_active else "",
            "started": started,
            "close_form": close_form,
        },
    )


@venue_view(AppointmentCapability.BOOK_APPOINTMENTS)
def move(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Choose a new slot with the same mediator (the visitor is told by message)."""
    appointment = get_appointment_for(membership, pk)
    venue = membership.venue
    if not appointment.is_active:
        messages.error(request, _("Ce rendez-vous ne peut plus être déplacé."))
        return redirect("appointments:detail", venue.slug, appointment.pk)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = actions.move_appointment(
                appointment=appointment, starts_at=form.cleaned_data["slot"], actor=request.user
            )
        except actions.BookingError as error:
            form.add_error("slot", error.message)
        else:
            messages.success(
                request,
                _(
                    "Rendez-vous déplacé au %(when)s. %(name)s en est informé·e si un contact est connu."
                )
                % {"when": _when(appointment.starts_at), "name": appointment.first_name},
            )
            return redirect("appointments:detail", venue.slug, appointment.pk)
    source = request.POST if request.method == "POST" else request.GET
    default_day = max(timezone.localdate(appointment.starts_at), timezone.localdate())
    day = _date(source.get("date")) or default_day
    if day < timezone.localdate():
        day = timezone.localdate()
    names = {appointment.mediator_id: staff_label(appointment.mediator)}
    context = {
        "venue": venue,
        "nav": "appointments",
        "appointment": appointment,
        "form": form,
        "day": day,
        "chosen": request.POST.get("slot", ""),
        "show_with": False,
        "hidden": [("date", day.isoformat())],
        "picker_errors": [],
        **_slot_picker(appointment.type, day, appointment.mediator_id, names, {}),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "appointments/staff/move.html#slot-picker", context)
    return render(request, "appointments/staff/move.html", context)


@require_POST
@venue_view(AppointmentCapability.BOOK_APPOINTMENTS)
def cancel(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    appointment = get_appointment_for(membership, pk)
    try:
        actions.cancel_appointment(appointment=appointment, actor=request.user)
    except actions.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Le rendez-vous de %(name)s est annulé ; le créneau est de nouveau libre.")
            % {"name": appointment.first_name},
        )
    return redirect("appointments:detail", membership.venue.slug, appointment.pk)


@require_POST
@venue_view(AppointmentCapability.CLOSE_APPOINTMENTS)
def close(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Done (writes the journal), no-show or excused."""
    appointment = get_appointment_for(membership, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                if name in ("outcome", "__all__"):
                    messages.error(request, error)
                else:
                    label = form.fields[name].label
                    messages.error(request, f"{label} : {error}")
        return redirect("appointments:detail", membership.venue.slug, appointment.pk)
    data = form.cleaned_data
    try:
        if data["outcome"] == S.DONE:
            actions.mark_done(
                appointment=appointment,
                actor=request.user,
                themes=data["themes"],
                duration_minutes=data["duration_minutes"],
                autonomy=data["autonomy"],
            )
            text = _("C’est noté : le rendez-vous a eu lieu, il est inscrit au journal.")
        elif data["outcome"] == S.NO_SHOW:
            actions.mark_no_show(appointment=appointment, actor=request.user)
            text = _("C’est noté : %(name)s n’est pas venu·e.") % {"name": appointment.first_name}
        else:
            actions.mark_excused(appointment=appointment, actor=request.user)
            text = _("C’est noté : %(name)s s’est excusé·e.") % {"name": appointment.first_name}
    except actions.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, text)
    return redirect("appointments:detail", membership.venue.slug, appointment.pk)
