"""Staff pages of workshops: the overview, the catalogue, scheduling and cancelling
sessions, one session with its registrations. Registering at the counter lives in
counter.py and attendance in attendance.py.

Views parse, authorise and render; every change goes through actions.py (sessions,
seats) or catalogue.py (the catalogue).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.skills.models import Credential
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.workshops import actions, catalogue
from comptoir.workshops.forms import CancelSessionForm, SessionForm, WorkshopForm
from comptoir.workshops.models import RegistrationStatus, Session, SessionStatus, Workshop
from comptoir.workshops.service import WorkshopCapability

# Registering at the counter, under the names urls.py knows.
from comptoir.workshops.views.counter import registration_cancel as registration_cancel
from comptoir.workshops.views.counter import session_register as session_register
from comptoir.workshops.views.lookups import get_session_for, get_workshop_for, with_counts

R = RegistrationStatus
PAGE_SIZE = 30


def when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(day)s à %(time)s") % {
        "day": formats.date_format(local, "l j F"),
        "time": formats.time_format(local, "H:i"),
    }


# --- Overview ------------------------------------------------------------------------------------


@venue_view(WorkshopCapability.VIEW_WORKSHOPS)
def index(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Upcoming sessions, the sessions to close, and the catalogue."""
    venue = membership.venue
    now = timezone.now()
    sessions = with_counts(Session.objects.filter(venue=venue))
    upcoming = Paginator(
        sessions.filter(starts_at__gte=now).order_by("starts_at", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    to_close = list(
        sessions.filter(status=SessionStatus.SCHEDULED, starts_at__lt=now).order_by(
            "starts_at", "pk"
        )
    )
    workshops = list(
        Workshop.objects.filter(venue=venue)
        .annotate(
            next_start=Min(
                "sessions__starts_at",
                filter=Q(sessions__starts_at__gte=now, sessions__status=SessionStatus.SCHEDULED),
            )
        )
        .order_by("title", "pk")
    )
    return render(
        request,
        "workshops/staff/index.html",
        {
            "venue": venue,
            "nav": "workshops",
            "upcoming": upcoming,
            "to_close": to_close,
            "active_workshops": [w for w in workshops if w.active],
            "inactive_workshops": [w for w in workshops if not w.active],
        },
    )


# --- Catalogue -----------------------------------------------------------------------------------


@venue_view(WorkshopCapability.MANAGE_WORKSHOPS)
def workshop_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = WorkshopForm(request.POST or None, venue=venue)
    if request.method == "POST" and form.is_valid():
        workshop = catalogue.create_workshop(
            actor=request.user,
            venue=venue,
            workshop=form.save(commit=False),
            competences=form.cleaned_data["competences"],
        )
        messages.success(
            request,
            _("L’atelier « %(title)s » est au catalogue. Programmez-en une séance.")
            % {"title": workshop.title},
        )
        return redirect("workshops:workshop", venue.slug, workshop.pk)
    return render(
        request,
        "workshops/staff/workshop_form.html",
        {"venue": venue, "nav": "workshops", "form": form, "workshop": None},
    )


@venue_view(WorkshopCapability.MANAGE_WORKSHOPS)
def workshop_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    workshop = get_workshop_for(membership, pk)
    before = catalogue.audit_snapshot(workshop)
    form = WorkshopForm(request.POST or None, instance=workshop, venue=venue)
    if request.method == "POST" and form.is_valid():
        catalogue.update_workshop(
            actor=request.user,
            workshop=form.save(commit=False),
            before=before,
            competences=form.cleaned_data["competences"],
        )
        messages.success(request, _("L’atelier est enregistré."))
        return redirect("workshops:workshop", venue.slug, workshop.pk)
    return render(
        request,
        "workshops/staff/workshop_form.html",
        {"venue": venue, "nav": "workshops", "form": form, "workshop": workshop},
    )


@venue_view(WorkshopCapability.VIEW_WORKSHOPS)
def workshop_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    workshop = get_workshop_for(membership, pk)
    now = timezone.now()
    sessions = with_counts(workshop.sessions.all())
    competences = workshop.competences.select_related("area").order_by("code")
    past = Paginator(
        sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/staff/workshop_detail.html",
        {
            "venue": membership.venue,
            "nav": "workshops",
            "workshop": workshop,
            "competences": list(competences),
            "upcoming": list(sessions.filter(starts_at__gte=now).order_by("starts_at", "pk")),
            "past": past,
        },
    )


# --- Sessions ------------------------------------------------------------------------------------


@venue_view(WorkshopCapability.MANAGE_WORKSHOPS)
def session_create(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    workshop = get_workshop_for(membership, pk)
    if not workshop.active:
        messages.error(
            request,
            _("Cet atelier n’est plus au catalogue : remettez-le au catalogue pour le programmer."),
        )
        return redirect("workshops:workshop", venue.slug, workshop.pk)
    form = SessionForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.schedule_session(
                actor=request.user, workshop=workshop, **form.action_kwargs()
            )
        except actions.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Séance programmée le %(when)s.") % {"when": when(session.starts_at)},
            )
            return redirect("workshops:session", venue.slug, session.pk)
    return render(
        request,
        "workshops/staff/session_form.html",
        {"venue": venue, "nav": "workshops", "form": form, "workshop": workshop, "session": None},
    )


@venue_view(WorkshopCapability.MANAGE_WORKSHOPS)
def session_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    session = get_session_for(membership, pk)
    if not session.is_scheduled:
        messages.error(request, _("Cette séance est close ou annulée : elle ne peut plus changer."))
        return redirect("workshops:session", venue.slug, session.pk)
    form = SessionForm(request.POST or None, workshop=session.workshop, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.update_session(
                actor=request.user, session=session, **form.action_kwargs()
            )
        except actions.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La séance est enregistrée."))
            return redirect("workshops:session", venue.slug, session.pk)
    return render(
        request,
        "workshops/staff/session_form.html",
        {
            "venue": venue,
            "nav": "workshops",
            "form": form,
            "workshop": session.workshop,
            "session": session,
        },
    )


@venue_view(WorkshopCapability.MANAGE_WORKSHOPS)
def session_cancel(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    session = get_session_for(membership, pk)
    if not session.is_scheduled:
        messages.error(request, _("Cette séance est déjà close ou annulée."))
        return redirect("workshops:session", venue.slug, session.pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_session(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except actions.WorkshopError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(
                request,
                _("La séance est annulée ; les personnes inscrites en sont prévenues."),
            )
            return redirect("workshops:session", venue.slug, session.pk)
    told = session.registrations.filter(status__in=[R.CONFIRMED, R.WAITLISTED]).count()
    return render(
        request,
        "workshops/staff/session_cancel.html",
        {"venue": venue, "nav": "workshops", "form": form, "session": session, "told": told},
    )


def badges_awarded(session: Session) -> int:
    """How many badges the closing of this session gave."""
    if session.workshop.badge_id is None or session.status != SessionStatus.CLOSED:
        return 0
    refs = [
        f"registration:{pk}"
        for pk in session.registrations.filter(status=R.ATTENDED).values_list("pk", flat=True)
    ]
    return Credential.objects.filter(
        achievement_id=session.workshop.badge_id, source_ref__in=refs
    ).count()


@venue_view(WorkshopCapability.VIEW_WORKSHOPS)
def session_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    session = get_session_for(membership, pk)
    registrations = list(
        session.registrations.select_related("person", "registered_by").order_by("created_at", "pk")
    )
    seated = [r for r in registrations if r.status in (R.CONFIRMED, R.ATTENDED, R.NO_SHOW)]
    waiting = [r for r in registrations if r.status == R.WAITLISTED]
    cancelled = [r for r in registrations if r.status == R.CANCELLED]
    closed = session.status == SessionStatus.CLOSED
    return render(
        request,
        "workshops/staff/session_detail.html",
        {
            "venue": membership.venue,
            "nav": "workshops",
            "session": session,
            "workshop": session.workshop,
            "animators": list(session.animators.order_by("first_name", "pk")),
            "peer_animators": list(session.peer_animators.order_by("first_name", "pk")),
            "seated": seated,
            "taken": sum(1 for r in seated if r.seat is not None),
            "waiting": list(enumerate(waiting, start=1)),
            "cancelled": cancelled,
            "started": session.starts_at <= timezone.now(),
            "closed": closed,
            "present": sum(1 for r in seated if r.status == R.ATTENDED),
            "badges": badges_awarded(session) if closed else 0,
        },
    )
