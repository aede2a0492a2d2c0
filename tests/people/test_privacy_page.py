"""The visitors' privacy page: public, plain French, the venue's own period and contact."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_the_general_page_is_public_and_says_the_default_period(client, venue):
    response = client.get(reverse("people:privacy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Vos données personnelles" in html
    assert "pendant 24 mois" in html
    for heading in (
        "Qui est responsable ?",
        "Ce que nous gardons",
        "Pourquoi ?",
        "Combien de temps ?",
        "Vos droits",
        "Comment demander ?",
    ):
        assert heading in html
    assert "CNIL" in html and "https://www.cnil.fr/" in html
    # Each venue's own page is listed.
    assert reverse("people:privacy_venue", args=[venue.slug]) in html


def test_the_venue_page_gives_its_period_and_how_to_reach_it(client):
    venue = VenueFactory(
        name="La Fabrique",
        slug="la-fabrique",
        retention_months=36,
        email="bonjour@lafabrique.example",
        phone="04 78 00 00 00",
    )
    response = client.get(reverse("people:privacy_venue", args=[venue.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vos données personnelles à La Fabrique" in html
    assert "pendant 36 mois" in html
    assert "mailto:bonjour@lafabrique.example" in html
    assert "04 78 00 00 00" in html
    assert venue.address in html


def test_an_unknown_venue_is_a_404(client):
    assert client.get(reverse("people:privacy_venue", args=["nulle-part"])).status_code == 404


def test_every_page_links_to_it_from_the_footer(client, venue):
    html = client.get(reverse("venues:public", args=[venue.slug])).content.decode()
    assert f'href="{reverse("people:privacy")}"' in html
    # And the venue's public page offers the venue's own version.
    assert reverse("people:privacy_venue", args=[venue.slug]) in html


def test_the_detail_page_offers_export_and_erasure_to_a_coordinator(coordinator_client, venue):
    person = PersonFactory(venue=venue)
    html = coordinator_client.get(
        reverse("people:detail", args=[venue.slug, person.pk])
    ).content.decode()
    assert reverse("people:export", args=[venue.slug, person.pk]) in html
    assert reverse("people:erase", args=[venue.slug, person.pk]) in html
