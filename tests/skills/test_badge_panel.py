"""A person's badges on their page: the list, the signed link, the award button."""

import re

import pytest
from django.urls import reverse

from comptoir.skills import issuing, links
from tests.conftest import client_for
from tests.queries import query_budget
from tests.skills.badge_world import award, make_achievement, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(venue):
    return make_person(venue, "Josiane")


def _page(client, venue, person) -> str:
    return client.get(reverse("people:detail", args=[venue.slug, person.pk])).content.decode()


def test_the_person_page_lists_badges_and_the_signed_link(mediator_client, mediator, venue, person):
    credential = award(mediator, make_achievement(venue), person)
    gone = award(mediator, make_achievement(venue, name="Badge retiré"), person)
    issuing.revoke_credential(actor=mediator, credential=gone, reason="Erreur")
    html = _page(mediator_client, venue, person)
    assert "Premiers pas sur smartphone" in html
    assert reverse("skills:credential_detail", args=[venue.slug, credential.pk]) in html
    assert "révoqué" in html
    # Signed links carry a timestamp: read the one on the page rather than make another.
    [link] = set(re.findall(r"http://testserver/badges/mes-badges/([^/\"]+)/", html))
    assert links.read_token(link) == person
    assert f"{reverse('skills:achievement_list', args=[venue.slug])}?person={person.pk}" in html


def test_a_person_without_badges_gets_a_plain_sentence_and_no_link(mediator_client, venue, person):
    html = _page(mediator_client, venue, person)
    assert "Aucun badge pour l’instant." in html
    assert "/badges/mes-badges/" not in html


def test_a_facilitator_sees_badges_but_no_award_button(facilitator, mediator, venue, person):
    award(mediator, make_achievement(venue), person)
    html = _page(client_for(facilitator), venue, person)
    assert "Premiers pas sur smartphone" in html
    assert "Délivrer un badge" not in html


def test_the_award_button_leads_to_the_badges_with_the_person_chosen(
    mediator_client, venue, person
):
    achievement = make_achievement(venue)
    html = mediator_client.get(
        reverse("skills:achievement_list", args=[venue.slug]), {"person": person.pk}
    ).content.decode()
    assert "Choisissez le badge à délivrer à <strong>Josiane</strong>" in html
    assert (
        f"{reverse('skills:award', args=[venue.slug, achievement.pk])}?person={person.pk}" in html
    )


def test_the_person_page_query_count_does_not_grow_with_badges(
    mediator_client, mediator, venue, person
):
    url = reverse("people:detail", args=[venue.slug, person.pk])
    award(mediator, make_achievement(venue, name="B0"), person)
    with query_budget(99) as few:
        mediator_client.get(url)
    for n in range(1, 6):
        award(mediator, make_achievement(venue, name=f"B{n}"), person)
    with query_budget(len(few.captured_queries)):
        mediator_client.get(url)
