"""Staff pages of a venue (home, settings, hours, team) and its public page."""

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.venues import actions
from comptoir.venues.forms import (
    AccountCreationForm,
    ClosureFormSet,
    InvitationForm,
    MembershipRoleForm,
    OpeningPeriodFormSet,
    VenueForm,
)
from comptoir.venues.lookups import get_member_for, get_open_invitation_for
from comptoir.venues.models import Invitation, Membership, Venue
from comptoir.venues.panels import panels_for, public_links_for
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability, Role


def dashboard(request: HttpRequest) -> HttpResponse:
    """The venues of the staff member, grouped by network."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("venue__network")
        .order_by("venue__network__name", "venue__name")
    )
    networks: dict = {}
    coordinated: set[int] = set()
    for membership in memberships:
        networks.setdefault(membership.venue.network, []).append(membership)
        if membership.role == Role.COORDINATOR:
            coordinated.add(membership.venue.network_id)
    # A coordinator also sees the other venues of their network (public facts only).
    mine = [m.venue_id for m in memberships]
    others: dict[int, list[Venue]] = {}
    for venue in Venue.objects.filter(network_id__in=coordinated).exclude(pk__in=mine):
        others.setdefault(venue.network_id, []).append(venue)
    return render(
        request,
        "venues/dashboard.html",
        {"networks": [(n, ms, others.get(n.pk, [])) for n, ms in networks.items()]},
    )


@venue_view(Capability.VIEW_VENUE)
def home(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    rendered_panels = [
        render_to_string(template, {**context, "venue": venue}, request=request)
        for template, context in panels_for(membership)
    ]
    return render(
        request,
        "venues/home.html",
        {
            "venue": venue,
            "nav": "home",
            "panels": rendered_panels,
            "opening_periods": list(venue.opening_periods.all()),
            "upcoming_closures": list(
                venue.closures.filter(end_date__gte=timezone.localdate())[:3]
            ),
        },
    )


@venue_view(Capability.EDIT_VENUE)
def edit(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les informations du lieu sont enregistrées."))
        return redirect("venues:edit", venue.slug)
    return render(request, "venues/edit.html", {"venue": venue, "form": form, "nav": "venue"})


@venue_view(Capability.EDIT_VENUE)
def hours(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    data = request.POST if request.method == "POST" else None
    periods = OpeningPeriodFormSet(data, instance=venue, prefix="periods")
    closures = ClosureFormSet(
        data,
        instance=venue,
        prefix="closures",
        queryset=venue.closures.filter(
            end_date__gte=timezone.localdate() - datetime.timedelta(days=30)
        ),
    )
    if request.method == "POST" and periods.is_valid() and closures.is_valid():
        with transaction.atomic():
            periods.save()
            closures.save()
        messages.success(request, _("Les horaires et fermetures sont enregistrés."))
        return redirect("venues:hours", venue.slug)
    return render(
        request,
        "venues/hours.html",
        {"venue": venue, "periods": periods, "closures": closures, "nav": "venue"},
    )


@venue_view(Capability.MANAGE_TEAM)
def team(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = InvitationForm(request.POST or None, venue=venue)
    if request.method == "POST" and form.is_valid():
        invitation = actions.invite_staff(
            actor=request.user,
            venue=venue,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        messages.success(
            request,
            _("Invitation envoyée à %(email)s.") % {"email": invitation.email},
        )
        return redirect("venues:team", venue.slug)
    members = venue.memberships.select_related("user").order_by(
        "user__first_name", "user__username"
    )
    invitations = venue.invitations.filter(accepted_at__isnull=True).select_related("invited_by")
    return render(
        request,
        "venues/team.html",
        {
            "venue": venue,
            "form": form,
            "members": [
                (m, MembershipRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}"))
                for m in members
            ],
            "invitations": invitations,
            "now": timezone.now(),
            "nav": "team",
        },
    )


@require_POST
@venue_view(Capability.MANAGE_TEAM)
def member_update(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    target = get_member_for(membership, pk)
    try:
        if "remove" in request.POST:
            actions.remove_member(actor=request.user, membership=target)
            messages.success(
                request, _("%(name)s ne fait plus partie de l’équipe.") % {"name": target.user}
            )
        else:
            form = MembershipRoleForm(request.POST, prefix=f"m{target.pk}")
            if form.is_valid():
                actions.change_role(
                    actor=request.user, membership=target, role=form.cleaned_data["role"]
                )
                messages.success(
                    request, _("Le rôle de %(name)s est modifié.") % {"name": target.user}
                )
            else:
                messages.error(request, _("Choisissez un rôle dans la liste."))
    except actions.TeamError as error:
        messages.error(request, error.message)
    still_manages = Membership.objects.filter(
        user=request.user, venue=membership.venue, role="coordinator"
    ).exists()
    if not still_manages:
        return redirect("venues:dashboard")
    return redirect("venues:team", membership.venue.slug)


@require_POST
@venue_view(Capability.MANAGE_TEAM)
def invitation_revoke(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    invitation = get_open_invitation_for(membership, pk)
    invitation.delete()
    messages.success(
        request, _("L’invitation de %(email)s est annulée.") % {"email": invitation.email}
    )
    return redirect("venues:team", membership.venue.slug)


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join a team: create an access (anyone holding the link), or accept with the
    logged-in account if it has the invited e-mail."""
    invitation = get_object_or_404(Invitation.objects.select_related("venue"), token=token)
    if not invitation.is_usable:
        return render(
            request, "venues/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    user = request.user
    if user.is_authenticated:
        refusal = None
        if not actions.invitation_is_for(invitation, user):
            refusal = actions.wrong_account_message(invitation, user)
        elif request.method == "POST":
            try:
                actions.accept_invitation(invitation=invitation, user=user)
            except actions.TeamError as error:
                refusal = error.message
            else:
                return _welcome(request, invitation)
        return render(
            request,
            "venues/invitation_accept.html",
            {"invitation": invitation, "refusal": refusal},
            status=409 if refusal and request.method == "POST" else 200,
        )
    form = AccountCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_user = form.save(commit=False)
        try:
            actions.accept_invitation(invitation=invitation, user=new_user)
        except actions.TeamError as error:
            return render(
                request,
                "venues/invitation_accept.html",
                {"invitation": invitation, "refusal": error.message},
                status=409,
            )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, invitation)
    return render(
        request,
        "venues/invitation_accept.html",
        {"invitation": invitation, "form": form, "refusal": None},
    )


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request, _("Bienvenue dans l’équipe de %(venue)s.") % {"venue": invitation.venue}
    )
    return redirect("venues:home", invitation.venue.slug)


@login_not_required
def front(request: HttpRequest) -> HttpResponse:
    """The public front page: what the service is and the venues that offer it."""
    venues = Venue.objects.select_related("network").order_by("name")
    return render(request, "venues/front.html", {"venues": venues})


@login_not_required
def public(request: HttpRequest, slug: str) -> HttpResponse:
    """The venue's public page: address, hours, services, accessibility."""
    venue = get_object_or_404(Venue.objects.select_related("network"), slug=slug)
    return render(
        request,
        "venues/public.html",
        {
            "venue": venue,
            "public_links": public_links_for(venue),
            "opening_periods": list(venue.opening_periods.all()),
            "upcoming_closures": list(
                venue.closures.filter(end_date__gte=timezone.localdate())[:5]
            ),
        },
    )
