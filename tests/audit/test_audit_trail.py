"""Coordinators read who changed what, and when."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_reads_the_trail_of_a_change_made_by_a_mediator(
    coordinator_client, mediator_client, venue, mediator
):
    person = PersonFactory(venue=venue, first_name="Rémi")
    mediator_client.post(
        reverse("people:edit", args=[venue.slug, person.pk]),
        {
            "first_name": "Rémi",
            "age_bracket": "soixante_dix_plus",
            "gender": "masculin",
            "social_status": "retraite",
        },
    )
    response = coordinator_client.get(reverse("audit:list", args=[venue.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert mediator.get_full_name() in page
    assert "modification" in page
    assert "tranche d’âge" in page  # the field's label, not its code
    assert "70 ans et plus" in page or "soixante_dix_plus" in page


def test_the_trail_can_show_one_kind_of_object(coordinator_client, mediator_client, venue):
    mediator_client.post(
        reverse("people:create", args=[venue.slug]),
        {
            "first_name": "Anaïs",
            "age_bracket": "non_communique",
            "gender": "non_communique",
            "social_status": "non_communique",
        },
    )
    url = reverse("audit:list", args=[venue.slug])
    assert (
        len(coordinator_client.get(url, {"type": "people.person"}).context["page"].object_list) == 1
    )
    assert (
        len(coordinator_client.get(url, {"type": "journal.activity"}).context["page"].object_list)
        == 0
    )
