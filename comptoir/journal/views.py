"""The journal of accompaniments: record, list with filters, view, edit, export."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.journal import actions, export
from comptoir.journal.forms import ActivityFilterForm, ActivityForm
from comptoir.journal.lookups import get_activity_for
from comptoir.journal.models import Activity, ActivityTheme
from comptoir.people.lookups import get_person_in
from comptoir.people.models import ERASED_REFUSAL
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

PAGE_SIZE = 50


def _venue_mediators(venue):
    return (
        get_user_model()
        .objects.filter(memberships__venue=venue)
        .order_by("first_name", "username")
        .distinct()
    )


def _filtered(request: HttpRequest, membership: Membership):
    form = ActivityFilterForm(request.GET or None, mediators=_venue_mediators(membership.venue))
    activities = form.filter(Activity.objects.filter(venue=membership.venue))
    return form, activities


@venue_view(Capability.VIEW_JOURNAL)
def activity_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    form, activities = _filtered(request, membership)
    activities = activities.select_related("mediator", "person").prefetch_related(
        Prefetch("themes", queryset=ActivityTheme.objects.order_by("-kind", "pk"))
    )
    page = Paginator(activities.order_by("-date", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "journal/list.html",
        {
            "venue": membership.venue,
            "form": form,
            "page": page,
            "export_query": request.GET.urlencode(),
            "nav": "journal",
        },
    )


@venue_view(Capability.EXPORT_JOURNAL)
def activity_export(request: HttpRequest, membership: Membership) -> HttpResponse:
    _form, activities = _filtered(request, membership)
    venue = membership.venue
    filename = f"accompagnements-{venue.slug}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(
        export.iter_csv_lines(activities.order_by("date", "pk"), export.mediator_roles(venue)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@venue_view(Capability.RECORD_ACTIVITY)
def activity_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    person = None
    person_id = request.POST.get("person") or request.GET.get("person")
    if person_id and str(person_id).isdigit():
        person = get_person_in(venue, person_id, active=False)
        if person.is_anonymised:
            messages.error(request, ERASED_REFUSAL)
            return redirect("people:detail", venue.slug, person.pk)
    form = ActivityForm(request.POST or None, person=person)
    if person is not None and request.method != "POST":
        for field in ("age_bracket", "gender", "social_status", "commune", "postal_code"):
            form.initial[field] = getattr(person, field)
    if request.method == "POST" and form.is_valid():
        activity = actions.record_activity(
            actor=request.user,
            venue=venue,
            activity=form.save(commit=False),
            themes=form.cleaned_data["themes"],
            procedure_themes=form.cleaned_data["procedure_themes"],
        )
        messages.success(
            request,
            _("Accompagnement enregistré (%(type)s, %(minutes)s min).")
            % {"type": activity.get_type_display(), "minutes": activity.duration_minutes},
        )
        if "another" in request.POST:
            return redirect("journal:create", venue.slug)
        return redirect("journal:list", venue.slug)
    return render(
        request,
        "journal/form.html",
        {"venue": venue, "form": form, "person": person, "nav": "record", "creating": True},
    )


@venue_view(Capability.VIEW_JOURNAL)
def activity_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    activity = get_activity_for(membership, pk)
    return render(
        request,
        "journal/detail.html",
        {"venue": membership.venue, "activity": activity, "nav": "journal"},
    )


@venue_view(Capability.RECORD_ACTIVITY)
def activity_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    activity = get_activity_for(membership, pk)
    before = actions.audit_state_before(activity)
    form = ActivityForm(request.POST or None, instance=activity, person=activity.person)
    if request.method == "POST" and form.is_valid():
        actions.update_activity(
            actor=request.user,
            activity=form.save(commit=False),
            before=before,
            themes=form.cleaned_data["themes"],
            procedure_themes=form.cleaned_data["procedure_themes"],
        )
        messages.success(request, _("L’accompagnement est modifié."))
        return redirect("journal:detail", membership.venue.slug, activity.pk)
    return render(
        request,
        "journal/form.html",
        {
            "venue": membership.venue,
            "form": form,
            "activity": activity,
            "person": activity.person,
            "nav": "journal",
        },
    )


@require_POST
@venue_view(Capability.RECORD_ACTIVITY)
def activity_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    activity = get_activity_for(membership, pk)
    actions.delete_activity(actor=request.user, activity=activity)
    messages.success(request, _("L’accompagnement est supprimé."))
    return redirect("journal:list", membership.venue.slug)
