"""A coordinator edits the venue: identity, open-data fields, hours and closures."""

import datetime

import pytest
from django.urls import reverse

from comptoir.venues.models import Closure, OpeningPeriod, VenueKind
from comptoir.venues.opendata import Public, Service

pytestmark = pytest.mark.django_db


def _venue_data(**overrides):
    data = {
        "name": "Le Comptoir du Port",
        "kind": VenueKind.OUTREACH,
        "address": "3 quai des Pêcheurs",
        "postal_code": "69001",
        "commune": "Lyon",
        "insee_code": "69381",
        "latitude": "45.7640",
        "longitude": "4.8357",
        "phone": "04 78 00 00 01",
        "email": "bonjour@example.org",
        "website": "https://example.org",
        "summary": "Un café où l’on vous aide avec le numérique.",
        "services": [Service.ADMIN_PROCEDURES, Service.EVERYDAY_TOOLS],
        "publics": [Public.SENIORS],
        "accessibility": "Plain-pied, toilettes adaptées.",
        "retention_months": "24",
    }
    data.update(overrides)
    return data


def test_a_coordinator_saves_the_venue_with_open_data_fields(coordinator_client, venue):
    response = coordinator_client.post(reverse("venues:edit", args=[venue.slug]), _venue_data())
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "Le Comptoir du Port"
    assert venue.kind == VenueKind.OUTREACH
    assert venue.phone == "+33478000001"  # published in the schema's +33 format
    assert venue.services == [Service.ADMIN_PROCEDURES, Service.EVERYDAY_TOOLS]
    assert venue.publics == ["Seniors"]
    assert str(venue.latitude) == "45.764000"


def test_bad_input_redisplays_what_was_typed_with_a_plain_message(coordinator_client, venue):
    response = coordinator_client.post(
        reverse("venues:edit", args=[venue.slug]),
        _venue_data(
            postal_code="690", insee_code="ABCDE", phone="12", latitude="45.7", longitude=""
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le code postal compte 5 chiffres" in page
    assert "Le code INSEE compte 5 caractères" in page
    assert "ne ressemble pas à un numéro français" in page
    assert "latitude et la longitude ensemble" in page
    assert 'value="3 quai des Pêcheurs"' in page  # nothing typed is lost
    assert 'role="alert"' in page
    venue.refresh_from_db()
    assert venue.name != "Le Comptoir du Port"


def test_an_unknown_service_value_is_refused(coordinator_client, venue):
    response = coordinator_client.post(
        reverse("venues:edit", args=[venue.slug]), _venue_data(services=["Vente de pizzas"])
    )
    assert response.status_code == 200
    venue.refresh_from_db()
    assert venue.services == []


def test_weekly_hours_and_closures_are_saved_and_published_in_osm_syntax(coordinator_client, venue):
    data = {
        "periods-TOTAL_FORMS": "3",
        "periods-INITIAL_FORMS": "0",
        "periods-0-weekday": "1",
        "periods-0-opens": "09:30",
        "periods-0-closes": "12:30",
        "periods-1-weekday": "2",
        "periods-1-opens": "09:30",
        "periods-1-closes": "12:30",
        "periods-2-weekday": "5",
        "periods-2-opens": "10:00",
        "periods-2-closes": "13:00",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-start_date": "2026-12-24",
        "closures-0-end_date": "2027-01-01",
        "closures-0-reason": "Fêtes",
    }
    response = coordinator_client.post(reverse("venues:hours", args=[venue.slug]), data)
    assert response.status_code == 302
    assert OpeningPeriod.objects.filter(venue=venue).count() == 3
    assert venue.osm_opening_hours() == "Tu,We 09:30-12:30; Sa 10:00-13:00"
    assert venue.is_closed_on(datetime.date(2026, 12, 31))
    assert not venue.is_closed_on(datetime.date(2027, 1, 2))
    assert Closure.objects.get(venue=venue).reason == "Fêtes"


def test_hours_that_close_before_they_open_are_refused(coordinator_client, venue):
    data = {
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-weekday": "1",
        "periods-0-opens": "14:00",
        "periods-0-closes": "09:00",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-start_date": "2026-12-24",
        "closures-0-end_date": "2026-12-01",
    }
    response = coordinator_client.post(reverse("venues:hours", args=[venue.slug]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "L’heure de fermeture doit suivre l’heure d’ouverture." in page
    assert "La fin de la fermeture ne peut pas précéder son début." in page
    assert 'value="14:00"' in page
    assert not OpeningPeriod.objects.exists()
    assert not Closure.objects.exists()


def test_osm_hours_group_identical_consecutive_days(venue):
    for day in range(5):
        OpeningPeriod.objects.create(venue=venue, weekday=day, opens="09:00", closes="12:00")
        OpeningPeriod.objects.create(venue=venue, weekday=day, opens="14:00", closes="18:00")
    OpeningPeriod.objects.create(venue=venue, weekday=5, opens="09:00", closes="12:00")
    assert venue.osm_opening_hours() == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"


def test_the_public_venue_page_needs_no_account_and_shows_hours_and_services(client, venue):
    venue.services = [Service.ADMIN_PROCEDURES]
    venue.save()
    OpeningPeriod.objects.create(venue=venue, weekday=2, opens="09:00", closes="12:00")
    response = client.get(reverse("venues:public", args=[venue.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aide aux démarches administratives" in page
    assert "09:00–12:00" in page
    assert client.get(reverse("venues:public", args=["nope"])).status_code == 404


def test_the_dashboard_lists_only_my_venues_grouped_by_network(mediator_client, venue, other_venue):
    response = mediator_client.get(reverse("venues:dashboard"))
    page = response.content.decode()
    assert venue.name in page
    assert other_venue.name not in page
    assert venue.network.name in page


def test_a_coordinator_also_sees_the_other_venues_of_the_network(venue):
    from comptoir.venues.roles import Role
    from tests.conftest import client_for
    from tests.factories import MembershipFactory, UserFactory, VenueFactory

    sibling = VenueFactory(network=venue.network, name="Médiathèque partenaire", outreach=True)
    coordinator = UserFactory(username="coord-network")
    MembershipFactory(user=coordinator, venue=venue, role=Role.COORDINATOR)
    page = client_for(coordinator).get(reverse("venues:dashboard")).content.decode()
    assert "Médiathèque partenaire" in page
    assert reverse("venues:public", args=[sibling.slug]) in page
    # A mediator of the same venue sees only their own venues.
    mediator = UserFactory(username="med-network")
    MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
    assert (
        "Médiathèque partenaire"
        not in client_for(mediator).get(reverse("venues:dashboard")).content.decode()
    )


def test_privacy_and_security_settings_are_saved(coordinator_client, venue):
    response = coordinator_client.post(
        reverse("venues:edit", args=[venue.slug]),
        _venue_data(
            retention_months="36",
            require_two_factor="on",
            embed_origins="https://Intranet.example.org/\n\nhttps://intranet.example.org\nhttp://localhost:8080",
        ),
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.retention_months == 36
    assert venue.require_two_factor is True
    assert venue.embed_origin_list == ["https://intranet.example.org", "http://localhost:8080"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("embed_origins", "https://example.org/tableau", "n’est pas une adresse de site"),
        ("embed_origins", "javascript:alert(1)", "n’est pas une adresse de site"),
        ("embed_origins", "http://example.org", "n’est pas une adresse de site"),
        ("retention_months", "2", "supérieure ou égale à 6"),
    ],
)
def test_bad_privacy_settings_are_explained(coordinator_client, venue, field, value, message):
    response = coordinator_client.post(
        reverse("venues:edit", args=[venue.slug]), _venue_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert value in response.content.decode()
    venue.refresh_from_db()
    assert venue.retention_months == 24
    assert venue.embed_origins == ""
