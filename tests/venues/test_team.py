"""A coordinator invites staff, sets roles per venue, and cannot orphan the venue."""

import pytest
from django.core import mail
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.venues.models import Invitation, Membership
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_mailed_and_accepting_it_creates_the_account_and_role(
    coordinator_client, venue, client
):
    response = coordinator_client.post(
        reverse("venues:team", args=[venue.slug]),
        {"email": "Nadia@Example.org", "role": Role.MEDIATOR},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(venue=venue)
    assert invitation.email == "nadia@example.org"
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body

    accept_url = invitation.get_absolute_url()
    assert client.get(accept_url).status_code == 200
    response = client.post(
        accept_url,
        {
            "first_name": "Nadia",
            "last_name": "K.",
            "username": "nadia",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="nadia", venue=venue)
    assert membership.role == Role.MEDIATOR
    assert membership.user.email == "nadia@example.org"
    # The new mediator is logged in and lands on the venue.
    assert client.get(reverse("journal:list", args=[venue.slug])).status_code == 200
    # An invitation works once.
    client.logout()
    assert client.get(accept_url).status_code == 410


def test_an_existing_member_cannot_be_invited_twice(coordinator_client, coordinator, venue):
    response = coordinator_client.post(
        reverse("venues:team", args=[venue.slug]),
        {"email": coordinator.email, "role": Role.MEDIATOR},
    )
    assert response.status_code == 200
    assert "fait déjà partie de l’équipe" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_mail_failure_keeps_the_invitation_and_its_link(coordinator_client, venue, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    response = coordinator_client.post(
        reverse("venues:team", args=[venue.slug]),
        {"email": "x@example.org", "role": Role.VOLUNTEER},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    page = coordinator_client.get(reverse("venues:team", args=[venue.slug])).content.decode()
    assert invitation.get_absolute_url() in page


def test_roles_are_per_venue(venue, other_venue):
    user = UserFactory(username="both")
    MembershipFactory(user=user, venue=venue, role=Role.COORDINATOR)
    MembershipFactory(user=user, venue=other_venue, role=Role.VIEWER)
    client = client_for(user)
    assert client.get(reverse("journal:list", args=[venue.slug])).status_code == 200
    assert client.get(reverse("journal:list", args=[other_venue.slug])).status_code == 403


def test_a_coordinator_changes_a_role_and_the_change_is_audited(coordinator_client, venue):
    target = MembershipFactory(venue=venue, role=Role.VOLUNTEER)
    response = coordinator_client.post(
        reverse("venues:member_update", args=[venue.slug, target.pk]),
        {f"m{target.pk}-role": "mediator"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.MEDIATOR
    entry = AuditEntry.objects.get(object_type="venues.membership", object_id=target.pk)
    assert entry.changes == {"role": ["volunteer", "mediator"]}


def test_the_last_coordinator_cannot_be_demoted_or_removed(coordinator_client, coordinator, venue):
    own = Membership.objects.get(user=coordinator, venue=venue)
    url = reverse("venues:member_update", args=[venue.slug, own.pk])
    response = coordinator_client.post(url, {f"m{own.pk}-role": "viewer"}, follow=True)
    assert "au moins un·e coordinateur·rice" in response.content.decode()
    coordinator_client.post(url, {"remove": "1"})
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_removing_a_member_takes_away_their_access(coordinator_client, venue):
    target = MembershipFactory(venue=venue, role=Role.MEDIATOR)
    coordinator_client.post(
        reverse("venues:member_update", args=[venue.slug, target.pk]), {"remove": "1"}
    )
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert (
        client_for(target.user).get(reverse("journal:list", args=[venue.slug])).status_code == 403
    )
