"""Staff pages of Open Badges: badge definitions, the issuer, awarding and revoking.

Writes go through `comptoir.skills.issuing` (award, revoke: signed, audited);
the definitions and the issuer's description are plain edits, audited here.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.people.lookups import chosen_person
from comptoir.people.views import search_people
from comptoir.skills import actions_badges, issuing
from comptoir.skills.forms_badges import (
    AchievementForm,
    AwardForm,
    CredentialFilterForm,
    IssuerForm,
    PersonPickForm,
    RevokeForm,
)
from comptoir.skills.lookups import get_achievement_for, get_credential_for
from comptoir.skills.models import Achievement, Credential, PixCompetence
from comptoir.skills.service import SkillCapability
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view

PAGE_SIZE = 30
PICK_SIZE = 10


def _competences():
    return Prefetch("competences", queryset=PixCompetence.objects.order_by("code"))


# --- Badge definitions ----------------------------------------------------------------------------


@venue_view(SkillCapability.VIEW_SKILLS)
def achievement_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    achievements = (
        Achievement.objects.filter(venue=membership.venue)
        .select_related("venue")
        .defer("image_png")
        .annotate(
            issued=Count("credentials", filter=Q(credentials__revoked_at__isnull=True)),
        )
        .prefetch_related(_competences())
        .order_by("-active", "name", "pk")
    )
    return render(
        request,
        "skills/badges/achievement_list.html",
        {
            "venue": membership.venue,
            "achievements": list(achievements),
            "can_manage": membership.allows(SkillCapability.MANAGE_BADGES),
            "can_award": membership.allows(SkillCapability.AWARD_BADGES),
            "for_person": chosen_person(membership.venue, request.GET.get("person")),
            "nav": "badges",
        },
    )


def _save_achievement(request, membership, form) -> Achievement:
    return actions_badges.save_achievement(
        actor=request.user,
        venue=membership.venue,
        achievement=form.save(commit=False),
        competences=form.cleaned_data["competences"],
        image_png=form.new_image(),
    )


@venue_view(SkillCapability.MANAGE_BADGES)
def achievement_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = AchievementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        achievement = _save_achievement(request, membership, form)
        messages.success(request, _("Le badge « %(name)s » est créé.") % {"name": achievement.name})
        return redirect("skills:achievement_list", membership.venue.slug)
    return render(
        request,
        "skills/badges/achievement_form.html",
        {"venue": membership.venue, "form": form, "achievement": None, "nav": "badges"},
    )


@venue_view(SkillCapability.MANAGE_BADGES)
def achievement_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    achievement = get_achievement_for(membership, pk)
    form = AchievementForm(request.POST or None, request.FILES or None, instance=achievement)
    if request.method == "POST" and form.is_valid():
        _save_achievement(request, membership, form)
        messages.success(
            request, _("Le badge « %(name)s » est enregistré.") % {"name": achievement.name}
        )
        return redirect("skills:achievement_list", membership.venue.slug)
    return render(
        request,
        "skills/badges/achievement_form.html",
        {"venue": membership.venue, "form": form, "achievement": achievement, "nav": "badges"},
    )


# --- The issuer -----------------------------------------------------------------------------------


@venue_view(SkillCapability.MANAGE_BADGES)
def issuer_edit(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    issuer = issuing.issuer_for(venue)
    form = IssuerForm(request.POST or None, instance=issuer)
    if request.method == "POST" and form.is_valid():
        actions_badges.update_issuer_description(
            actor=request.user, issuer=issuer, description=form.cleaned_data["description"]
        )
        messages.success(request, _("La présentation de l’émetteur est enregistrée."))
        return redirect("skills:issuer_edit", venue.slug)
    return render(
        request,
        "skills/badges/issuer_edit.html",
        {
            "venue": venue,
            "issuer": issuer,
            "form": form,
            "profile_url": request.build_absolute_uri(
                reverse("skills:issuer_json", args=[venue.slug])
            ),
            "public_url": request.build_absolute_uri(reverse("skills:issuer", args=[venue.slug])),
            "nav": "badges",
        },
    )


# --- Awarding -------------------------------------------------------------------------------------


@venue_view(SkillCapability.AWARD_BADGES)
def award(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    venue = membership.venue
    achievement = get_achievement_for(membership, pk)
    source = request.POST if request.method == "POST" else request.GET
    pick = PersonPickForm(request.GET or None)
    query = pick.cleaned_data["q"].strip() if pick.is_valid() else ""
    form = AwardForm(request.POST or None, initial={"person": request.GET.get("person")})
    chosen = chosen_person(venue, source.get("person"))
    if request.method == "POST" and form.is_valid():
        if chosen is None:
            form.add_error("person", _("Choisissez une personne suivie par le lieu."))
        else:
            try:
                credential = issuing.award_credential(
                    actor=request.user,
                    achievement=achievement,
                    person=chosen,
                    evidence_note=form.cleaned_data["evidence_note"].strip(),
                )
            except issuing.BadgeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Le badge « %(badge)s » est délivré à %(name)s.")
                    % {"badge": achievement.name, "name": chosen.first_name},
                )
                return redirect("skills:credential_detail", venue.slug, credential.pk)
    results = list(search_people(venue, query)[:PICK_SIZE]) if query else []
    holders = set(
        Credential.objects.filter(
            achievement=achievement,
            revoked_at__isnull=True,
            person_id__in=[p.pk for p in results] + ([chosen.pk] if chosen else []),
        ).values_list("person_id", flat=True)
    )
    return render(
        request,
        "skills/badges/award.html",
        {
            "venue": venue,
            "achievement": achievement,
            "pick": pick,
            "query": query,
            "results": results,
            "holders": holders,
            "chosen": chosen,
            "form": form,
            "nav": "badges",
        },
    )


# --- Issued credentials ---------------------------------------------------------------------------


@venue_view(SkillCapability.VIEW_SKILLS)
def credential_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = CredentialFilterForm(request.GET or None, venue=venue)
    data = form.cleaned_data if form.is_valid() else {}
    credentials = Credential.objects.filter(achievement__venue=venue).select_related(
        "achievement", "person"
    )
    if data.get("achievement"):
        credentials = credentials.filter(achievement=data["achievement"])
    if not data.get("revoked"):
        credentials = credentials.filter(revoked_at__isnull=True)
    page = Paginator(credentials.order_by("-issued_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "skills/badges/credential_list.html",
        {"venue": venue, "form": form, "page": page, "now": timezone.now(), "nav": "badges"},
    )


@venue_view(SkillCapability.VIEW_SKILLS)
def credential_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    credential = get_credential_for(membership, pk)
    return render(
        request,
        "skills/badges/credential_detail.html",
        _detail_context(membership, credential, RevokeForm()),
    )


def _detail_context(membership, credential, form) -> dict:
    return {
        "venue": membership.venue,
        "credential": credential,
        "achievement": credential.achievement,
        "form": form,
        "can_revoke": membership.allows(SkillCapability.AWARD_BADGES) and not credential.is_revoked,
        "now": timezone.now(),
        "nav": "badges",
    }


@venue_view(SkillCapability.AWARD_BADGES)
def credential_revoke(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The revoke form on its own page (GET), and the revocation (POST)."""
    credential = get_credential_for(membership, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issuing.revoke_credential(
                actor=request.user, credential=credential, reason=form.cleaned_data["reason"]
            )
        except issuing.BadgeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Le badge « %(badge)s » de %(name)s est révoqué.")
                % {"badge": credential.achievement.name, "name": credential.recipient_name},
            )
            return redirect("skills:credential_detail", membership.venue.slug, credential.pk)
    return render(
        request,
        "skills/badges/credential_revoke.html",
        _detail_context(membership, credential, form),
    )
