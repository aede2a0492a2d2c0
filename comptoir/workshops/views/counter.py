"""Registering someone to a session at the counter, and cancelling a registration."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.kernel.phone import display_phone, is_mobile
from comptoir.people.forms import consent_wording
from comptoir.people.lookups import chosen_person
from comptoir.people.pickers import PersonSearchForm
from comptoir.people.views import search_people
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.workshops import actions
from comptoir.workshops.forms import CounterRegistrationForm
from comptoir.workshops.models import RegistrationSource, RegistrationStatus
from comptoir.workshops.service import WorkshopCapability
from comptoir.workshops.views.lookups import get_registration_for, get_session_for

R = RegistrationStatus
PICK_SIZE = 10


def _back(value: str) -> str:
    """Where to go afterwards: the attendance sheet (walk-ins) or the session page."""
    return "attendance" if value == "attendance" else "session"


def _outcome_message(registration) -> str:
    if registration.status == R.WAITLISTED:
        return _(
            "La séance est complète : %(name)s est sur la liste d’attente, en position %(n)s. "
            "Dès qu’une place se libère, elle lui revient et la personne est prévenue."
        ) % {"name": registration.first_name, "n": actions.waitlist_position(registration)}
    if registration.seat > registration.session.capacity:
        return _("%(name)s est inscrit·e, avec une place en plus de la capacité.") % {
            "name": registration.first_name
        }
    return _("%(name)s est inscrit·e à la séance.") % {"name": registration.first_name}


@venue_view(WorkshopCapability.REGISTER_PARTICIPANTS)
def session_register(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """A known person (searched by name or phone) or a new contact; a seat or the waiting list."""
    venue = membership.venue
    session = get_session_for(membership, pk)
    source = request.POST if request.method == "POST" else request.GET
    back = _back(source.get("back", ""))
    chosen = chosen_person(venue, source.get("person"))
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    form = CounterRegistrationForm(
        request.POST or None,
        person=chosen,
        initial={
            "over_capacity": back == "attendance",
            "consent_to_reminders": bool(chosen and chosen.consent_to_contact),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if chosen is not None:
            contact = {
                "first_name": chosen.first_name,
                "phone": chosen.phone,
                "email": chosen.email,
            }
        else:
            contact = {
                "first_name": data["first_name"],
                "phone": data["phone"],
                "email": data["email"],
            }
        try:
            registration = actions.register(
                session=session,
                person=chosen,
                consent_to_reminders=data["consent_to_reminders"],
                consent_wording=consent_wording(form),
                source=RegistrationSource.STAFF,
                actor=request.user,
                over_capacity=data["over_capacity"],
                **contact,
            )
        except actions.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _outcome_message(registration))
            target = "workshops:attendance" if back == "attendance" else "workshops:session"
            return redirect(target, venue.slug, session.pk)
    results = list(search_people(venue, query)[:PICK_SIZE]) if query else []
    registered = set(
        session.registrations.exclude(status=R.CANCELLED)
        .filter(person_id__in=[p.pk for p in results])
        .values_list("person_id", flat=True)
    )
    taken = session.registrations.filter(seat__isnull=False).count()
    waiting = session.registrations.filter(status=R.WAITLISTED).count()
    return render(
        request,
        "workshops/staff/register.html",
        {
            "venue": venue,
            "nav": "workshops",
            "session": session,
            "workshop": session.workshop,
            "search": search,
            "query": query,
            "results": results,
            "registered": registered,
            "chosen": chosen,
            "chosen_phone": display_phone(chosen.phone) if chosen else "",
            "chosen_gets_sms": bool(chosen and is_mobile(chosen.phone)),
            "form": form,
            "back": back,
            "taken": taken,
            "full": taken >= session.capacity,
            "next_position": waiting + 1,
        },
    )


@require_POST
@venue_view(WorkshopCapability.REGISTER_PARTICIPANTS)
def registration_cancel(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Free the seat; the first on the waiting list gets it and is told."""
    registration = get_registration_for(membership, pk)
    session = registration.session
    waiting = list(session.registrations.filter(status=R.WAITLISTED).values_list("pk", flat=True))
    try:
        actions.cancel_registration(registration=registration, actor=request.user)
    except actions.WorkshopError as error:
        messages.error(request, error.message)
    else:
        text = _("L’inscription de %(name)s est annulée.") % {"name": registration.first_name}
        promoted = list(
            session.registrations.filter(pk__in=waiting, seat__isnull=False)
            .order_by("promoted_at", "pk")
            .values_list("first_name", flat=True)
        )
        if promoted:
            text += " " + _(
                "%(names)s sort de la liste d’attente, prend la place et en est prévenu·e."
            ) % {"names": ", ".join(promoted)}
        messages.success(request, text)
    target = (
        "workshops:attendance"
        if _back(request.POST.get("back", "")) == "attendance"
        else ("workshops:session")
    )
    return redirect(target, membership.venue.slug, session.pk)
