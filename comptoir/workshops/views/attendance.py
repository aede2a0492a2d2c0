"""Attendance on a tablet: tick who came (or scan their QR code), then close the session.

The sheet works without JavaScript (one POST form per person, redirecting back);
with htmx, a tick swaps only that person's row and the head count.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.workshops import actions, closing, links
from comptoir.workshops.forms import CloseSessionForm
from comptoir.workshops.models import RegistrationStatus, Session, SessionStatus
from comptoir.workshops.service import WorkshopCapability
from comptoir.workshops.views.lookups import (
    find_registration_for,
    get_registration_for,
    get_session_for,
)
from comptoir.workshops.views.staff import badges_awarded

R = RegistrationStatus
ROW = "workshops/staff/includes/attendance_row.html"
COUNT = "workshops/staff/includes/attendance_count.html"


def _counts(session: Session) -> dict:
    statuses = list(
        session.registrations.filter(status__in=[R.CONFIRMED, R.ATTENDED, R.NO_SHOW]).values_list(
            "status", flat=True
        )
    )
    return {"present": statuses.count(R.ATTENDED), "expected": len(statuses)}


@venue_view(WorkshopCapability.TAKE_ATTENDANCE)
def sheet(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    session = get_session_for(membership, pk)
    registrations = list(
        session.registrations.exclude(status=R.CANCELLED)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    seated = sorted(
        (r for r in registrations if r.status != R.WAITLISTED),
        key=lambda r: (r.first_name.casefold(), r.pk),
    )
    waiting = [r for r in registrations if r.status == R.WAITLISTED]
    return render(
        request,
        "workshops/staff/attendance.html",
        {
            "venue": membership.venue,
            "nav": "workshops",
            "session": session,
            "workshop": session.workshop,
            "seated": seated,
            "waiting": list(enumerate(waiting, start=1)),
            "present": sum(1 for r in seated if r.status == R.ATTENDED),
            "expected": len(seated),
            "editable": session.is_scheduled,
            "started": session.starts_at <= timezone.now(),
        },
    )


@require_POST
@venue_view(WorkshopCapability.TAKE_ATTENDANCE)
def toggle(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    registration = get_registration_for(membership, pk)
    session = registration.session
    present = request.POST.get("present") == "1"
    try:
        registration = closing.set_attendance(
            actor=request.user, registration=registration, present=present
        )
    except actions.WorkshopError as error:
        messages.error(request, error.message)
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect("workshops:attendance", membership.venue.slug, session.pk)
    if request.htmx:
        context = {
            "venue": membership.venue,
            "session": session,
            "r": registration,
            "position": None,
            "editable": True,
            **_counts(session),
        }
        html = render_to_string(ROW, context, request=request) + render_to_string(
            COUNT, {**context, "oob": True}, request=request
        )
        return HttpResponse(html)
    if present:
        messages.success(
            request, _("%(name)s est noté·e présent·e.") % {"name": registration.first_name}
        )
    return redirect("workshops:attendance", membership.venue.slug, session.pk)


@venue_view(WorkshopCapability.TAKE_ATTENDANCE)
def close(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """A summary (present, absent, waiting list), the walk-ins' count, then close."""
    venue = membership.venue
    session = get_session_for(membership, pk)
    if not session.is_scheduled:
        messages.error(request, _("Cette séance est déjà close ou annulée."))
        return redirect("workshops:session", venue.slug, session.pk)
    form = CloseSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = closing.close_session(
                actor=request.user,
                session=session,
                extra_head_count=form.cleaned_data["extra_head_count"],
            )
        except actions.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _close_message(session))
            return redirect("workshops:session", venue.slug, session.pk)
    registrations = list(
        session.registrations.exclude(status=R.CANCELLED).order_by("first_name", "pk")
    )
    return render(
        request,
        "workshops/staff/close.html",
        {
            "venue": venue,
            "nav": "workshops",
            "session": session,
            "workshop": session.workshop,
            "form": form,
            "present": [r for r in registrations if r.status == R.ATTENDED],
            "absent": [r for r in registrations if r.status == R.CONFIRMED],
            "waiting": [r for r in registrations if r.status == R.WAITLISTED],
            "started": session.starts_at <= timezone.now(),
        },
    )


def _close_message(session: Session) -> str:
    counts = dict.fromkeys([R.ATTENDED, R.NO_SHOW], 0)
    for status in session.registrations.values_list("status", flat=True):
        if status in counts:
            counts[status] += 1
    text = _("La séance est close. Présent·es : %(present)s ; absent·es : %(absent)s.") % {
        "present": counts[R.ATTENDED],
        "absent": counts[R.NO_SHOW],
    }
    if session.activity_id:
        text += " " + _("L’atelier est noté au journal.")
    badges = badges_awarded(session)
    if badges:
        text += " " + ngettext("%(n)s badge délivré.", "%(n)s badges délivrés.", badges) % {
            "n": badges
        }
    return text


def _checkin_not_found(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "workshops/staff/checkin_invalid.html",
        {"venue": membership.venue, "nav": "workshops"},
        status=404,
    )


@venue_view(WorkshopCapability.TAKE_ATTENDANCE)
def checkin(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    """The page the QR code of a registration opens: mark that person present."""
    try:
        registration_id = links.read_checkin_code(code)
    except links.InvalidLink:
        return _checkin_not_found(request, membership)
    registration = find_registration_for(membership, registration_id)
    if registration is None:
        return _checkin_not_found(request, membership)
    session = registration.session
    error = ""
    if request.method == "POST":
        try:
            closing.set_attendance(actor=request.user, registration=registration, present=True)
        except actions.WorkshopError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("%(name)s est noté·e présent·e.") % {"name": registration.first_name}
            )
            return redirect("workshops:attendance", membership.venue.slug, session.pk)
    return render(
        request,
        "workshops/staff/checkin.html",
        {
            "venue": membership.venue,
            "nav": "workshops",
            "registration": registration,
            "session": session,
            "error": error,
            "closed": session.status != SessionStatus.SCHEDULED,
        },
    )
