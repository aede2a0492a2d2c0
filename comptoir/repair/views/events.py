"""Repair events: the list (upcoming and past, with their impact), creating and
editing one, and the event page — the queue of the day with its impact box."""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.repair import actions, impact
from comptoir.repair.forms import EventForm, default_times
from comptoir.repair.models import ItemStatus, RepairEvent, RepairItem
from comptoir.repair.service import RepairCapability
from comptoir.repair.views.lookups import get_event_for
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.pickers import staff_label

PAGE_SIZE = 30
IMPACT_SOURCE = "https://github.com/TheRestartProject/restarters.net"


def with_impact(events: list[RepairEvent]) -> list[RepairEvent]:
    """Set `impact` on each event, from one query over their items."""
    rows = defaultdict(list)
    items = RepairItem.objects.filter(event__in=events).values_list(
        "event_id", "category_id", "repair_status"
    )
    for event_id, category_id, repair_status in items:
        rows[event_id].append(RepairItem(category_id=category_id, repair_status=repair_status))
    for event in events:
        event.impact = impact.impact_of(rows[event.pk])
    return events


@venue_view(RepairCapability.VIEW_REPAIRS)
def index(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    now = timezone.now()
    events = RepairEvent.objects.filter(venue=venue).select_related("place")
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = Paginator(
        events.filter(ends_at__lt=now).order_by("-starts_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    with_impact([*upcoming, *past.object_list])
    return render(
        request,
        "repair/staff/index.html",
        {"venue": venue, "nav": "repair", "upcoming": upcoming, "past": past},
    )


@venue_view(RepairCapability.MANAGE_REPAIR_EVENTS)
def event_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = EventForm(request.POST or None, venue=venue, initial=default_times())
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.schedule_event(actor=request.user, venue=venue, **form.action_kwargs())
        except actions.RepairError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le repair café est programmé."))
            return redirect("repair:event", venue.slug, event.pk)
    return render(
        request,
        "repair/staff/event_form.html",
        {"venue": venue, "nav": "repair", "form": form, "event": None},
    )


@venue_view(RepairCapability.MANAGE_REPAIR_EVENTS)
def event_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    event = get_event_for(membership, pk)
    form = EventForm(request.POST or None, venue=venue, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.update_event(actor=request.user, event=event, **form.action_kwargs())
                actions.set_volunteer_minutes(
                    actor=request.user, event=event, minutes=form.volunteer_minutes()
                )
        except actions.RepairError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le repair café est enregistré."))
            return redirect("repair:event", venue.slug, event.pk)
    return render(
        request,
        "repair/staff/event_form.html",
        {"venue": venue, "nav": "repair", "form": form, "event": event},
    )


def repairer_choices(event: RepairEvent, user) -> list[tuple[str, str]]:
    """Who can take an item: the person at the tablet first, then the event's repairers."""
    choices = [(f"user:{user.pk}", _("Moi (%(name)s)") % {"name": staff_label(user)})]
    for other in event.repairers.all():
        if other.pk != user.pk:
            choices.append((f"user:{other.pk}", staff_label(other)))
    for person in event.peer_repairers.all():
        choices.append((f"person:{person.pk}", _("%(name)s (bénévole)") % {"name": person}))
    return choices


@venue_view(RepairCapability.VIEW_REPAIRS)
def event_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The queue: waiting items in arrival order, those in repair (who), those done."""
    event = get_event_for(membership, pk)
    items = list(
        event.items.select_related("person", "repairer_user", "repairer_person").order_by(
            "arrived_at", "pk"
        )
    )
    prefetch_related_objects([event], "repairers", "peer_repairers")
    by_status = defaultdict(list)
    for item in items:
        by_status[item.status].append(item)
    done = by_status[ItemStatus.DONE]
    done.sort(key=lambda i: (i.finished_at or i.arrived_at, i.pk), reverse=True)
    return render(
        request,
        "repair/staff/event.html",
        {
            "venue": membership.venue,
            "nav": "repair",
            "event": event,
            "waiting": by_status[ItemStatus.WAITING],
            "in_repair": by_status[ItemStatus.IN_REPAIR],
            "done": done,
            "left": by_status[ItemStatus.LEFT],
            "impact": impact.impact_of(items),
            "hours": event.volunteer_hours(),
            "method": impact.METHOD,
            "source": IMPACT_SOURCE,
            "repairers": repairer_choices(event, request.user),
            "can_run": membership.allows(RepairCapability.RUN_REPAIRS),
            "can_manage": membership.allows(RepairCapability.MANAGE_REPAIR_EVENTS),
        },
    )
