"""Awarding a badge by hand, the credentials list and detail, revoking with a reason."""

import pytest
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.skills import issuing
from comptoir.skills.models import Credential
from tests.conftest import client_for
from tests.queries import query_budget
from tests.skills.badge_world import award, make_achievement, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievement(venue):
    return make_achievement(venue)


@pytest.fixture
def person(venue):
    return make_person(venue, "Josiane")


def _award_url(venue, achievement):
    return reverse("skills:award", args=[venue.slug, achievement.pk])


# --- Awarding -------------------------------------------------------------------------------------


def test_staff_find_the_person_by_name_and_award_the_badge(
    mediator_client, mediator, venue, achievement, person
):
    make_person(venue, "Marcel")
    page = mediator_client.get(_award_url(venue, achievement), {"q": "josi"})
    html = page.content.decode()
    assert f'value="{person.pk}"' in html
    assert "Josiane" in html and "Marcel" not in html
    response = mediator_client.post(
        _award_url(venue, achievement), {"person": person.pk, "evidence_note": "Atelier du 3 mars"}
    )
    credential = Credential.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "skills:credential_detail", args=[venue.slug, credential.pk]
    )
    assert credential.person == person
    assert credential.awarded_by == mediator
    assert credential.evidence_note == "Atelier du 3 mars"
    assert issuing.verify_credential(credential.signed_json).status == "valid"


def test_the_person_can_come_preselected_from_their_page(
    mediator_client, venue, achievement, person
):
    html = mediator_client.get(
        _award_url(venue, achievement), {"person": person.pk}
    ).content.decode()
    assert f'<input type="hidden" name="person" value="{person.pk}">' in html
    assert "Josiane" in html


def test_without_a_person_nothing_is_awarded(mediator_client, venue, achievement):
    response = mediator_client.post(_award_url(venue, achievement), {"evidence_note": "x"})
    assert response.status_code == 200
    assert "Choisissez la personne" in response.content.decode()
    assert not Credential.objects.exists()


def test_a_person_of_another_venue_is_refused(mediator_client, venue, other_venue, achievement):
    stranger = make_person(other_venue, "Étrangère")
    response = mediator_client.post(
        _award_url(venue, achievement), {"person": stranger.pk, "evidence_note": "x"}
    )
    assert response.status_code == 200
    assert "Choisissez une personne suivie par le lieu." in response.content.decode()
    assert not Credential.objects.exists()


def test_a_badge_of_another_venue_is_a_404_and_nothing_is_written(
    mediator_client, venue, other_venue, person
):
    foreign = make_achievement(other_venue, name="Badge d’ailleurs")
    url = reverse("skills:award", args=[venue.slug, foreign.pk])
    assert mediator_client.get(url).status_code == 404
    assert mediator_client.post(url, {"person": person.pk}).status_code == 404
    assert not Credential.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_who_already_holds_the_badge_gets_a_plain_message(
    mediator_client, mediator, venue, achievement, person
):
    award(mediator, achievement, person)
    html = mediator_client.get(_award_url(venue, achievement), {"q": "Josiane"}).content.decode()
    assert "a déjà ce badge" in html
    response = mediator_client.post(_award_url(venue, achievement), {"person": person.pk})
    assert response.status_code == 200
    assert "Cette personne a déjà ce badge." in response.content.decode()
    assert Credential.objects.count() == 1


def test_an_inactive_badge_cannot_be_awarded(mediator_client, venue, person):
    retired = make_achievement(venue, name="Ancien badge", active=False)
    response = mediator_client.post(_award_url(venue, retired), {"person": person.pk})
    assert "Ce badge ne peut plus être délivré." in response.content.decode()
    assert not Credential.objects.exists()


def test_a_facilitator_cannot_award(facilitator, venue, achievement, person):
    response = client_for(facilitator).post(_award_url(venue, achievement), {"person": person.pk})
    assert response.status_code == 403
    assert not Credential.objects.exists()


# --- The credentials list and detail ------------------------------------------------------------


def test_the_list_filters_by_badge_and_hides_revoked_ones_unless_asked(
    mediator_client, mediator, venue, achievement, person
):
    other = make_achievement(venue, name="Envoyer un e-mail avec une pièce jointe")
    kept = award(mediator, achievement, person)
    gone = award(mediator, other, make_person(venue, "Marcel"))
    issuing.revoke_credential(actor=mediator, credential=gone, reason="Erreur de personne")
    url = reverse("skills:credential_list", args=[venue.slug])
    detail = lambda c: reverse("skills:credential_detail", args=[venue.slug, c.pk])  # noqa: E731
    html = mediator_client.get(url).content.decode()
    assert detail(kept) in html and detail(gone) not in html
    html = mediator_client.get(url, {"revoked": "on"}).content.decode()
    assert detail(kept) in html and detail(gone) in html and "Révoqué" in html
    html = mediator_client.get(url, {"revoked": "on", "achievement": other.pk}).content.decode()
    assert detail(kept) not in html and detail(gone) in html


def test_the_list_query_count_does_not_grow_with_credentials(mediator_client, mediator, venue):
    url = reverse("skills:credential_list", args=[venue.slug])
    achievement = make_achievement(venue)
    award(mediator, achievement, make_person(venue, "P0"))
    with query_budget(99) as few:
        mediator_client.get(url, {"revoked": "on"})
    for n in range(1, 8):
        award(mediator, make_achievement(venue, name=f"B{n}"), make_person(venue, f"P{n}"))
    with query_budget(len(few.captured_queries)):
        mediator_client.get(url, {"revoked": "on"})


def test_a_facilitator_sees_a_credential_without_the_revoke_form(
    facilitator, mediator, venue, achievement, person
):
    credential = award(mediator, achievement, person)
    html = (
        client_for(facilitator)
        .get(reverse("skills:credential_detail", args=[venue.slug, credential.pk]))
        .content.decode()
    )
    assert "Premiers pas sur smartphone" in html and "Josiane" in html
    assert reverse("skills:verify", args=[credential.public_id]) in html
    assert reverse("skills:credential_revoke", args=[venue.slug, credential.pk]) not in html


def test_a_credential_of_another_venue_is_a_404(coordinator_client, venue, other_venue):
    foreign = award(None, make_achievement(other_venue), make_person(other_venue))
    for name in ("skills:credential_detail", "skills:credential_revoke"):
        url = reverse(name, args=[venue.slug, foreign.pk])
        assert coordinator_client.get(url).status_code == 404
    response = coordinator_client.post(
        reverse("skills:credential_revoke", args=[venue.slug, foreign.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_revoked


# --- Revoking -------------------------------------------------------------------------------------


def test_revoking_needs_a_reason_and_keeps_the_page(
    mediator_client, mediator, venue, achievement, person
):
    credential = award(mediator, achievement, person)
    url = reverse("skills:credential_revoke", args=[venue.slug, credential.pk])
    response = mediator_client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "Indiquez pourquoi le badge est révoqué." in response.content.decode()
    credential.refresh_from_db()
    assert not credential.is_revoked


def test_revoking_with_a_reason_makes_verification_say_revoked(
    mediator_client, mediator, venue, achievement, person, client
):
    credential = award(mediator, achievement, person)
    detail = reverse("skills:credential_detail", args=[venue.slug, credential.pk])
    assert reverse("skills:credential_revoke", args=[venue.slug, credential.pk]) in (
        mediator_client.get(detail).content.decode()
    )
    response = mediator_client.post(
        reverse("skills:credential_revoke", args=[venue.slug, credential.pk]),
        {"reason": "Délivré par erreur"},
    )
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revocation_reason == "Délivré par erreur"
    assert credential.revoked_by == mediator
    html = client.get(reverse("skills:verify", args=[credential.public_id])).content.decode()
    assert "Badge révoqué" in html and "Délivré par erreur" in html
    # Twice is refused with a plain message.
    again = mediator_client.get(
        reverse("skills:credential_revoke", args=[venue.slug, credential.pk])
    )
    assert "Ce badge a été révoqué le" in again.content.decode()
