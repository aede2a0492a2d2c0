"""The items of a repair event: intake at the door, taking one in charge, the
outcome, putting one back in the queue, noting that the visitor left.

Queue buttons are plain POST forms redirecting to the event page; with htmx the
page's queue is swapped in place (hx-select), and the focus comes back to the
row's main button, which keeps its id (`item-action-<pk>`) from state to state.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from comptoir.people.lookups import chosen_person
from comptoir.people.pickers import PersonSearchForm
from comptoir.people.views import search_people
from comptoir.repair import actions, outcome
from comptoir.repair.forms import IntakeForm, OutcomeForm
from comptoir.repair.models import ItemStatus
from comptoir.repair.service import RepairCapability
from comptoir.repair.views.lookups import get_event_for, get_item_for
from comptoir.reuse.parts import available_parts
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view

PICK_SIZE = 10


@venue_view(RepairCapability.RUN_REPAIRS)
def intake(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Note an object at the door: what it is, the problem, whose it is (or anonymous)."""
    venue = membership.venue
    event = get_event_for(membership, pk)
    source = request.POST if request.method == "POST" else request.GET
    chosen = chosen_person(venue, source.get("person"))
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.intake_item(
                actor=request.user,
                event=event,
                category_id=form.chosen_category(),
                problem=data["problem"],
                person=chosen,
                first_name="" if chosen else data["first_name"],
                brand=data["brand"],
                model=data["model"],
                age_years=data["age_years"],
                fault_type=data["fault_type"],
            )
        except actions.RepairError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(item)s est dans la file d’attente.") % {"item": item.category_label},
            )
            return redirect("repair:event", venue.slug, event.pk)
    results = list(search_people(venue, query)[:PICK_SIZE]) if query else []
    return render(
        request,
        "repair/staff/intake.html",
        {
            "venue": venue,
            "nav": "repair",
            "event": event,
            "form": form,
            "search": search,
            "query": query,
            "results": results,
            "chosen": chosen,
        },
    )


def _back_to_event(request, membership, item, error: str = "") -> HttpResponse:
    if error:
        messages.error(request, error)
        if request.htmx:
            return HttpResponseClientRefresh()
    return redirect("repair:event", membership.venue.slug, item.event_id)


def _repairer(venue, value: str):
    """("user" or "person", object) from a "user:<pk>" / "person:<pk>" choice."""
    kind, _sep, raw = (value or "").partition(":")
    if not raw.isdigit():
        return None, None
    if kind == "user":
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(pk=int(raw)).first(), None
    if kind == "person":
        person = chosen_person(venue, raw)
        if person is None:
            raise actions.RepairError(_("Cette personne n’est pas suivie par ce lieu."))
        return None, person
    return None, None


@require_POST
@venue_view(RepairCapability.RUN_REPAIRS)
def start(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_item_for(membership, pk)
    try:
        user, person = _repairer(membership.venue, request.POST.get("repairer", ""))
        if user is None and person is None:
            user = request.user
        item = actions.start_repair(actor=request.user, item=item, user=user, person=person)
    except actions.RepairError as error:
        return _back_to_event(request, membership, item, error.message)
    if not request.htmx:
        messages.success(
            request,
            _("%(item)s est en réparation avec %(who)s.")
            % {"item": item.category_label, "who": item.repairer},
        )
    return _back_to_event(request, membership, item)


@require_POST
@venue_view(RepairCapability.RUN_REPAIRS)
def put_back(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_item_for(membership, pk)
    try:
        actions.put_back(actor=request.user, item=item)
    except actions.RepairError as error:
        return _back_to_event(request, membership, item, error.message)
    if not request.htmx:
        messages.success(request, _("L’objet est remis dans la file d’attente."))
    return _back_to_event(request, membership, item)


@require_POST
@venue_view(RepairCapability.RUN_REPAIRS)
def mark_left(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_item_for(membership, pk)
    try:
        actions.mark_left(actor=request.user, item=item)
    except actions.RepairError as error:
        return _back_to_event(request, membership, item, error.message)
    if not request.htmx:
        messages.success(request, _("C’est noté : la personne est partie sans être vue."))
    return _back_to_event(request, membership, item)


@venue_view(RepairCapability.RUN_REPAIRS)
def record_outcome(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The ORDS outcome, the advice given, the parts taken from the stock."""
    venue = membership.venue
    item = get_item_for(membership, pk)
    if item.status != ItemStatus.IN_REPAIR:
        messages.error(
            request,
            _("Le résultat se note pour un objet en réparation : prenez-le d’abord en charge.")
            if item.status == ItemStatus.WAITING
            else _("Le résultat de cette réparation est déjà noté."),
        )
        return redirect("repair:event", venue.slug, item.event_id)
    query = request.GET.get("q", "").strip()[:100]
    stock = available_parts(venue)
    shown = list(available_parts(venue, query=query)[:50])
    if request.method == "POST":
        chosen_ids = [v for v in request.POST.getlist("parts") if v.isdigit()]
        shown += [p for p in stock.filter(pk__in=chosen_ids) if p not in shown]
    form = OutcomeForm(request.POST or None, parts=stock, shown_parts=shown)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = outcome.record_outcome(
                actor=request.user,
                item=item,
                repair_status=data["repair_status"],
                next_steps=data["next_steps"],
                barrier=data["barrier"],
                advice=data["advice"],
                parts=list(data["parts"]),
                left_for_parts=data["left_for_parts"],
            )
        except actions.RepairError as error:
            form.add_error(None, error.message)
        else:
            text = _("Le résultat est noté : %(status)s.") % {
                "status": item.get_repair_status_display().lower()
            }
            if item.activity_id:
                text += " " + _("L’accompagnement est noté au journal.")
            messages.success(request, text)
            return redirect("repair:event", venue.slug, item.event_id)
    return render(
        request,
        "repair/staff/outcome.html",
        {
            "venue": venue,
            "nav": "repair",
            "event": item.event,
            "item": item,
            "form": form,
            "query": query,
        },
    )
