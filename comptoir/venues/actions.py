"""Writes on venues and their teams."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.kernel.errors import ActionRefused
from comptoir.venues.models import Invitation, Membership, Venue
from comptoir.venues.roles import Role

logger = logging.getLogger(__name__)


def invite_staff(*, actor, venue: Venue, email: str, role: str) -> Invitation:
    """Create an invitation and e-mail its link. A mail failure keeps the
    invitation (the coordinator can copy the link from the team page)."""
    with transaction.atomic():
        Invitation.objects.filter(
            venue=venue, email__iexact=email, accepted_at__isnull=True
        ).delete()
        invitation = Invitation.objects.create(
            venue=venue, email=email, role=role, invited_by=actor
        )
    link = settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()
    body = render_to_string(
        "venues/email/invitation.txt",
        {
            "invitation": invitation,
            "link": link,
            "who": (actor.get_full_name() or actor.username) if actor else "Comptoir",
        },
    )
    try:
        send_mail(
            _("Invitation à rejoindre l’équipe de %(venue)s") % {"venue": venue.name},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    except OSError:
        logger.exception("Could not send the invitation e-mail to a new staff member")
    return invitation


class TeamError(ActionRefused):
    """A change to a venue's team that cannot be made; the message is plain French."""


def _last_coordinator_message(venue: Venue) -> str:
    return _(
        "%(venue)s doit garder au moins un·e coordinateur·rice : nommez d’abord "
        "quelqu’un d’autre coordinateur·rice."
    ) % {"venue": venue.name}


def _lock_team(venue: Venue) -> dict[int, Membership]:
    """The venue's memberships, locked until the end of the transaction (PostgreSQL).

    Every change that could leave the venue without a coordinator locks the whole
    team first, always in the same order: two coordinators demoting each other at
    the same moment take turns, and the second sees the first's change. (SQLite
    runs one writing transaction at a time.)"""
    rows = Membership.objects.select_for_update().filter(venue=venue).order_by("pk")
    return {membership.pk: membership for membership in rows}


def _leaves_no_coordinator(
    team: dict[int, Membership], membership: Membership, role: str | None
) -> bool:
    """True if giving `membership` the role `role` (None: removing it) leaves no coordinator."""
    if membership.role != Role.COORDINATOR or role == Role.COORDINATOR:
        return False
    return not any(m.role == Role.COORDINATOR and m.pk != membership.pk for m in team.values())


def invitation_is_for(invitation: Invitation, user) -> bool:
    """An invitation is for a new account, or for the account with the invited e-mail."""
    if user.pk is None:
        return True
    return bool(user.email) and user.email.casefold() == invitation.email.casefold()


def wrong_account_message(invitation: Invitation, user) -> str:
    return _(
        "Cette invitation a été envoyée à une autre adresse e-mail que celle de votre "
        "compte (%(email)s). Pour l’accepter, déconnectez-vous puis créez votre accès "
        "depuis ce lien, ou connectez-vous avec le compte de l’adresse invitée."
    ) % {"email": user.email or _("aucune adresse")}


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Give `user` the invited role at the venue.

    `user` is either a new account, not saved yet (it is saved here, with the
    invited e-mail), or the logged-in account whose e-mail is the invited one.
    Refused (TeamError) when the invitation was used or expired meanwhile (two
    people accepting at the same moment: the first one wins), for another
    account, or when it would take the venue's last coordinator away."""
    invitation = (
        Invitation.objects.select_for_update().select_related("venue").get(pk=invitation.pk)
    )
    venue = invitation.venue
    if not invitation.is_usable:
        raise TeamError(
            _(
                "Cette invitation vient d’être acceptée ou a expiré. Si c’est vous qui "
                "l’avez acceptée, connectez-vous ; sinon, demandez-en une nouvelle."
            )
        )
    if not invitation_is_for(invitation, user):
        raise TeamError(wrong_account_message(invitation, user))
    if user.pk is None:
        user.email = invitation.email
        user.save()
    team = _lock_team(venue)
    membership = next((m for m in team.values() if m.user_id == user.pk), None)
    if membership is None:
        membership = Membership.objects.create(user=user, venue=venue, role=invitation.role)
        previous = None
    else:
        if _leaves_no_coordinator(team, membership, invitation.role):
            raise TeamError(
                _(
                    "Vous êtes le ou la seul·e coordinateur·rice de %(venue)s : accepter "
                    "cette invitation (rôle : %(role)s) laisserait le lieu sans "
                    "coordinateur·rice. Nommez d’abord quelqu’un d’autre "
                    "coordinateur·rice, puis ouvrez à nouveau ce lien."
                )
                % {"venue": venue.name, "role": invitation.get_role_display()}
            )
        previous = membership.role
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_change(
        actor=user,
        venue=venue,
        instance=membership,
        action=AuditAction.CREATE if previous is None else AuditAction.UPDATE,
        changes={"role": [previous, membership.role]} if previous != membership.role else {},
    )
    return membership


def _locked_member(membership: Membership) -> tuple[dict[int, Membership], Membership]:
    team = _lock_team(membership.venue)
    if membership.pk not in team:
        raise TeamError(_("Cette personne ne fait plus partie de l’équipe."))
    return team, team[membership.pk]


@transaction.atomic
def change_role(*, actor, membership: Membership, role: str) -> Membership:
    venue = membership.venue
    team, membership = _locked_member(membership)
    if _leaves_no_coordinator(team, membership, role):
        raise TeamError(_last_coordinator_message(venue))
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        actor=actor,
        venue=venue,
        instance=membership,
        action=AuditAction.UPDATE,
        changes={"role": [previous, role]} if previous != role else {},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    venue = membership.venue
    team, membership = _locked_member(membership)
    if _leaves_no_coordinator(team, membership, None):
        raise TeamError(_last_coordinator_message(venue))
    record_change(
        actor=actor,
        venue=venue,
        instance=membership,
        action=AuditAction.DELETE,
        changes={"role": [membership.role, None]},
    )
    membership.delete()
