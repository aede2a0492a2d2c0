"""People at the counter: search, create (with near-duplicate check), view, edit."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import snapshot
from comptoir.people import actions, privacy
from comptoir.people.forms import CONSENT_WORDING, PersonForm, PersonSearchForm
from comptoir.people.lookups import get_person_for
from comptoir.people.models import Person
from comptoir.people.normalise import name_key, phone_key
from comptoir.venues.models import Membership, Venue
from comptoir.venues.panels import person_panels_for
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

PAGE_SIZE = 25


def search_people(venue, query: str) -> QuerySet[Person]:
    """The venue's people matching `query` (never the anonymised: nobody can be found again)."""
    people = Person.objects.active().for_venue(venue)
    query = query.strip()
    if not query:
        return people.order_by("-updated_at", "-pk")
    digits = re.sub(r"\D", "", query)
    condition = Q(name_key__contains=name_key(query)) if name_key(query) else Q(pk__in=[])
    if len(digits) >= 4:
        # Stored keys are the last 9 digits: drop a leading 0 or 33 from partial input.
        partial = phone_key(digits) if len(digits) >= 9 else re.sub(r"^(0|33)", "", digits)
        condition |= Q(phone_key__contains=partial)
    return people.filter(condition).order_by("name_key", "pk")


@venue_view(Capability.VIEW_PEOPLE)
def person_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(search_people(membership.venue, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "venue": membership.venue,
        "form": form,
        "page": page,
        "query": query,
        "nav": "people",
    }
    template = "people/list.html#results" if request.htmx else "people/list.html"
    return render(request, template, context)


@venue_view(Capability.EDIT_PEOPLE)
def person_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    similar: list[Person] = []
    if request.method == "POST":
        probe = PersonForm(request.POST)
        probe.is_valid()
        data = probe.cleaned_data
        similar = actions.find_similar_people(
            venue,
            first_name=data.get("first_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
        form = PersonForm(request.POST, similar_people=similar)
        if form.is_valid():
            if similar and not form.cleaned_data.get("confirm_new"):
                form.add_error(
                    None,
                    _(
                        "Une personne qui ressemble existe déjà. Ouvrez sa fiche, "
                        "ou cochez la case pour créer quand même une nouvelle fiche."
                    ),
                )
            else:
                person = actions.create_person(
                    actor=request.user,
                    venue=venue,
                    person=form.save(commit=False),
                    consent_wording=str(CONSENT_WORDING),
                )
                messages.success(request, _("La fiche de %(name)s est créée.") % {"name": person})
                if request.GET.get("next") == "journal":
                    return redirect(f"{_journal_create_url(venue.slug)}?person={person.pk}")
                return redirect("people:detail", venue.slug, person.pk)
    else:
        form = PersonForm(initial={"first_name": request.GET.get("q", "")})
    return render(
        request,
        "people/form.html",
        {"venue": venue, "form": form, "similar": similar, "nav": "people", "creating": True},
    )


def _journal_create_url(slug: str) -> str:
    from django.urls import reverse

    return reverse("journal:create", args=[slug])


@venue_view(Capability.VIEW_PEOPLE)
def person_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    person = get_person_for(membership, pk)
    context = {"venue": membership.venue, "person": person, "nav": "people"}
    if membership.allows(Capability.VIEW_JOURNAL):
        context["activities"] = person.activities.select_related("mediator").prefetch_related(
            "themes"
        )[:20]
        context["activity_count"] = person.activities.aggregate(n=Count("pk"))["n"]
    context["person_panels"] = [
        render_to_string(template, {**panel_context, "venue": membership.venue}, request=request)
        for template, panel_context in person_panels_for(membership, person)
    ]
    return render(request, "people/detail.html", context)


@venue_view(Capability.EDIT_PEOPLE)
def person_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    person = get_person_for(membership, pk)
    if person.is_anonymised:
        messages.info(request, _("Cette fiche est anonymisée : elle ne peut plus être modifiée."))
        return redirect("people:detail", membership.venue.slug, person.pk)
    before = snapshot(person, actions.AUDITED_FIELDS)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_person(
                actor=request.user,
                person=form.save(commit=False),
                before=before,
                consent_wording=str(CONSENT_WORDING),
            )
        except actions.PersonError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("La fiche de %(name)s est enregistrée.") % {"name": person})
        return redirect("people:detail", membership.venue.slug, person.pk)
    return render(
        request,
        "people/form.html",
        {"venue": membership.venue, "form": form, "person": person, "nav": "people"},
    )


# --- Personal data: export and erasure (GDPR) -----------------------------------------------------


@venue_view(Capability.EXPORT_PEOPLE)
def person_export(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Everything the venue keeps about the person, as one JSON file to hand over: only for
    roles that may read every part of it (see `privacy.Section.capability`)."""
    person = get_person_for(membership, pk)
    response = HttpResponse(privacy.export_json(person), content_type="application/json")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personne-{person.pk}-{stamp}.json"'
    )
    return response


@venue_view(Capability.ERASE_PEOPLE)
def person_erase(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Confirm, then erase: what is kept (statistics) and what is deleted, said plainly.
    An erased person can be erased again: whatever is still attached to them goes."""
    person = get_person_for(membership, pk)
    if request.method == "POST":
        privacy.erase_person(actor=request.user, person=person)
        messages.success(
            request,
            _(
                "Les données de la personne sont effacées. Ses accompagnements restent "
                "dans les statistiques, sans son nom."
            ),
        )
        return redirect("people:detail", membership.venue.slug, person.pk)
    return render(
        request,
        "people/erase.html",
        {"venue": membership.venue, "person": person, "nav": "people"},
    )


# --- The visitors' privacy page ---------------------------------------------------------------------


@login_not_required
def privacy_page(request: HttpRequest) -> HttpResponse:
    """What is kept, why, for how long and how to ask: the general page."""
    return render(
        request,
        "people/privacy.html",
        {
            "venue": None,
            "retention_months": Venue._meta.get_field("retention_months").default,
            "venues": Venue.objects.order_by("name").only("name", "slug"),
        },
    )


@login_not_required
def privacy_page_venue(request: HttpRequest, slug: str) -> HttpResponse:
    """The same, for one venue: its retention period and how to reach it."""
    venue = get_object_or_404(Venue, slug=slug)
    return render(
        request,
        "people/privacy.html",
        {"venue": venue, "retention_months": venue.retention_months, "venues": []},
    )
