"""A person's recognised skills on their page, through the venues' person-panel hook."""

import datetime

import pytest
from django.urls import reverse

from comptoir.skills.actions import recognise_skill, withdraw_skill
from comptoir.skills.models import PixCompetence, SkillKind
from comptoir.venues.panels import person_panels_for
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.queries import query_budget
from tests.skills.helpers import load_pix_framework

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 4)


@pytest.fixture
def person(venue):
    return PersonFactory(venue=venue, first_name="Josiane")


def _recognise(actor, venue, person, label, kind=SkillKind.PEER_ANIMATION, competences=()):
    return recognise_skill(
        actor=actor,
        venue=venue,
        person=person,
        label=label,
        kind=kind,
        evidence_note="Vu à l’atelier.",
        evidence_date=DAY,
        competences=competences,
    )


def test_the_person_page_shows_active_skills_with_their_evidence(
    mediator_client, venue, mediator, person
):
    load_pix_framework()
    _recognise(
        mediator,
        venue,
        person,
        "Peut animer un atelier smartphone débutant",
        competences=PixCompetence.objects.filter(code="2.1"),
    )
    gone = _recognise(mediator, venue, person, "Répare des portables", kind=SkillKind.REPAIR)
    withdraw_skill(actor=mediator, skill=gone)
    page = mediator_client.get(reverse("people:detail", args=[venue.slug, person.pk]))
    page = page.content.decode()
    assert "Compétences reconnues" in page
    assert "Peut animer un atelier smartphone débutant" in page
    assert "Animer un atelier entre pairs" in page
    assert "2.1 Interagir" in page
    assert "4 mars 2025" in page
    assert "Répare des portables" not in page
    assert reverse("skills:recognise", args=[venue.slug, person.pk]) in page


def test_a_person_without_skills_gets_a_plain_sentence(mediator_client, venue, person):
    page = mediator_client.get(reverse("people:detail", args=[venue.slug, person.pk]))
    assert "Aucune compétence reconnue pour l’instant." in page.content.decode()


def test_a_facilitator_sees_skills_but_cannot_recognise_or_withdraw(
    venue, mediator, facilitator, person
):
    skill = _recognise(mediator, venue, person, "Peut animer un atelier tablette")
    page = client_for(facilitator).get(reverse("people:detail", args=[venue.slug, person.pk]))
    page = page.content.decode()
    assert "Peut animer un atelier tablette" in page
    assert reverse("skills:recognise", args=[venue.slug, person.pk]) not in page
    assert reverse("skills:withdraw", args=[venue.slug, skill.pk]) not in page


def test_a_role_without_view_skills_gets_no_panel(venue, person):
    user = UserFactory(username="volunteer-panel")
    membership = MembershipFactory(user=user, venue=venue, role=Role.VOLUNTEER)
    assert person_panels_for(membership, person) == []


def test_the_person_page_query_count_does_not_grow_with_skills(
    mediator_client, venue, mediator, person
):
    load_pix_framework()
    url = reverse("people:detail", args=[venue.slug, person.pk])
    competences = PixCompetence.objects.filter(code__in=["1.1", "3.4"])
    _recognise(mediator, venue, person, "Compétence 0", competences=competences)
    with query_budget(99) as few:
        mediator_client.get(url)
    for n in range(1, 6):
        _recognise(mediator, venue, person, f"Compétence {n}", competences=competences)
    with query_budget(len(few.captured_queries)):
        mediator_client.get(url)
