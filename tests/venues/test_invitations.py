"""Who may accept an invitation: a new account, or the account with the invited e-mail;
never in a way that leaves the venue without a coordinator; once (issue 13).

The concurrency tests run on PostgreSQL (real row locks, one connection per thread);
on SQLite, writing transactions take turns (BEGIN IMMEDIATE) and the same refusals
are checked one after the other.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.venues import actions
from comptoir.venues.models import Invitation, Membership
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

NEW_ACCOUNT = {
    "first_name": "Nadia",
    "last_name": "K.",
    "password1": "un-mot-de-passe-solide-42",
    "password2": "un-mot-de-passe-solide-42",
}


def invite(venue, email: str, role: str = Role.MEDIATOR) -> Invitation:
    return Invitation.objects.create(venue=venue, email=email, role=role)


def page(response) -> str:
    return response.content.decode()


# --- Only for the invited address -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_logged_in_account_cannot_accept_an_invitation_sent_to_someone_else(venue):
    volunteer = UserFactory(username="lea", email="lea@example.org")
    own = MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    invitation = invite(venue, "nadia@example.org", Role.COORDINATOR)
    client = client_for(volunteer)

    shown = client.get(invitation.get_absolute_url())
    assert shown.status_code == 200
    assert "envoyée à une autre adresse e-mail que celle de votre compte" in page(shown)
    assert "lea@example.org" in page(shown)
    assert "Accepter l’invitation" not in page(shown)

    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert "déconnectez-vous puis créez votre accès" in page(response)
    own.refresh_from_db()
    assert own.role == Role.VOLUNTEER
    invitation.refresh_from_db()
    assert invitation.is_usable
    with pytest.raises(actions.TeamError, match="autre adresse e-mail"):
        actions.accept_invitation(invitation=invitation, user=volunteer)


@pytest.mark.django_db
def test_another_venues_coordinator_cannot_take_an_invitation_meant_for_someone_else(
    venue, intruder
):
    invitation = invite(venue, "nadia@example.org", Role.COORDINATOR)
    response = client_for(intruder).post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert not Membership.objects.filter(user=intruder, venue=venue).exists()


@pytest.mark.django_db
def test_the_account_with_the_invited_address_accepts_whatever_its_case(venue):
    nadia = UserFactory(username="nadia", email="Nadia@Example.ORG")
    invitation = invite(venue, "nadia@example.org", Role.MEDIATOR)
    response = client_for(nadia).post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert Membership.objects.get(user=nadia, venue=venue).role == Role.MEDIATOR


@pytest.mark.django_db
def test_an_account_without_an_address_cannot_accept(venue):
    nobody = UserFactory(username="sans-adresse", email="")
    invitation = invite(venue, "nadia@example.org")
    response = client_for(nobody).post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert "(aucune adresse)" in page(response)
    assert not Membership.objects.filter(user=nobody).exists()


@pytest.mark.django_db
def test_a_visitor_without_an_account_creates_one_with_the_invited_address(client, venue):
    invitation = invite(venue, "nadia@example.org")
    response = client.post(invitation.get_absolute_url(), {**NEW_ACCOUNT, "username": "nadia"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="nadia", venue=venue)
    assert membership.user.email == "nadia@example.org"


# --- The venue keeps a coordinator ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_only_coordinator_cannot_become_mediator_by_accepting_an_invitation(venue, coordinator):
    invitation = invite(venue, coordinator.email, Role.MEDIATOR)
    response = client_for(coordinator).post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert "Vous êtes le ou la seul·e coordinateur·rice de Café du Port" in page(response)
    assert "laisserait le lieu sans coordinateur·rice" in page(response)
    assert Membership.objects.get(user=coordinator, venue=venue).role == Role.COORDINATOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_with_another_coordinator_accepting_a_lower_role_is_allowed_and_audited(venue, coordinator):
    MembershipFactory(venue=venue, role=Role.COORDINATOR)
    invitation = invite(venue, coordinator.email, Role.MEDIATOR)
    response = client_for(coordinator).post(invitation.get_absolute_url())
    assert response.status_code == 302
    membership = Membership.objects.get(user=coordinator, venue=venue)
    assert membership.role == Role.MEDIATOR
    entry = AuditEntry.objects.get(object_type="venues.membership", object_id=membership.pk)
    assert entry.changes == {"role": ["coordinator", "mediator"]}


@pytest.mark.django_db
def test_the_team_page_says_why_the_last_coordinator_stays(coordinator_client, coordinator, venue):
    own = Membership.objects.get(user=coordinator, venue=venue)
    url = reverse("venues:member_update", args=[venue.slug, own.pk])
    for data in ({f"m{own.pk}-role": Role.MEDIATOR}, {"remove": "1"}):
        response = coordinator_client.post(url, data, follow=True)
        assert response.status_code == 200
        assert "Café du Port doit garder au moins un·e coordinateur·rice" in page(response)
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


# --- Accepted once --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invitation_accepted_a_moment_ago_is_refused_with_a_plain_message(venue):
    invitation = invite(venue, "nadia@example.org")
    first = UserFactory(username="nadia", email="nadia@example.org")
    actions.accept_invitation(invitation=invitation, user=first)
    second = UserFactory.build(username="nadia-bis")
    with pytest.raises(actions.TeamError, match="vient d’être acceptée ou a expiré"):
        actions.accept_invitation(invitation=invitation, user=second)
    # The refused new account was not created.
    assert second.pk is None
    assert Membership.objects.filter(venue=venue, user=first).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_one_invitation_at_the_same_moment_one_wins(venue):
    invitation = invite(venue, "nadia@example.org")
    url = invitation.get_absolute_url()
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, str]] = {}

    def accept(username: str) -> None:
        try:
            client = Client()
            client.get(url)  # the first request loads the middleware
            barrier.wait(timeout=30)
            response = client.post(url, {**NEW_ACCOUNT, "username": username})
            answers[username] = (response.status_code, page(response))
        except Exception as error:  # reported by the assertions below
            answers[username] = (0, repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(name,)) for name in ("nadia", "nadia-bis")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _body in answers.values())
    assert statuses == [302, 409], answers
    [loser_page] = [body for status, body in answers.values() if status == 409]
    assert "vient d’être acceptée ou a expiré" in loser_page
    membership = Membership.objects.get(venue=venue, role=Role.MEDIATOR)
    assert membership.user.email == "nadia@example.org"
    # Only the winner's account exists.
    assert not Membership.objects.exclude(pk=membership.pk).filter(role=Role.MEDIATOR).exists()
    assert UserFactory._meta.model.objects.filter(username__in=["nadia", "nadia-bis"]).count() == 1


def demote_each_other(first: Membership, second: Membership) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor: Membership, target: Membership) -> None:
        try:
            barrier.wait(timeout=10)
            actions.change_role(actor=actor.user, membership=target, role=Role.MEDIATOR)
            outcomes.append("demoted")
        except actions.TeamError:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(first, second)),
        threading.Thread(target=demote, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_demoting_each_other_at_the_same_moment_leave_one(venue):
    for n in range(5):
        first = MembershipFactory(venue=venue, role=Role.COORDINATOR)
        second = MembershipFactory(venue=venue, role=Role.COORDINATOR)
        assert demote_each_other(first, second) == ["demoted", "refused"], n
        assert Membership.objects.filter(venue=venue, role=Role.COORDINATOR).count() == 1
        Membership.objects.filter(venue=venue).delete()
