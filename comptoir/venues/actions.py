"""Writes on venues and their teams."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
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


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Cette invitation a expiré ou a déjà été utilisée."))
    membership, created = Membership.objects.get_or_create(
        user=user, venue=invitation.venue, defaults={"role": invitation.role}
    )
    if not created and membership.role != invitation.role:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    if not user.email:
        user.email = invitation.email
        user.save(update_fields=["email"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_change(
        actor=user,
        venue=invitation.venue,
        instance=membership,
        action=AuditAction.CREATE,
        changes={"role": [None, membership.role]},
    )
    return membership


def _would_leave_no_coordinator(membership: Membership) -> bool:
    if membership.role != Role.COORDINATOR:
        return False
    others = Membership.objects.filter(venue=membership.venue, role=Role.COORDINATOR).exclude(
        pk=membership.pk
    )
    return not others.exists()


@transaction.atomic
def change_role(*, actor, membership: Membership, role: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.COORDINATOR and _would_leave_no_coordinator(membership):
        raise ValidationError(_("Le lieu doit garder au moins un·e coordinateur·rice."))
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        actor=actor,
        venue=membership.venue,
        instance=membership,
        action=AuditAction.UPDATE,
        changes={"role": [previous, role]} if previous != role else {},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if _would_leave_no_coordinator(membership):
        raise ValidationError(_("Le lieu doit garder au moins un·e coordinateur·rice."))
    record_change(
        actor=actor,
        venue=membership.venue,
        instance=membership,
        action=AuditAction.DELETE,
        changes={"role": [membership.role, None]},
    )
    membership.delete()
