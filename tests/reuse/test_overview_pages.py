"""The reuse overview, the device list and the panel on the venue home."""

from django.urls import reverse

from comptoir.reuse.models import DeviceState as S
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.queries import query_budget
from tests.reuse.conftest import walk
from tests.reuse.factories import DeviceFactory, DonationFactory


def test_the_overview_counts_devices_by_state_and_shows_the_figures(
    venue, coordinator, coordinator_client, laptop
):
    walk(laptop, coordinator, venue, S.ALLOCATED)
    DeviceFactory.create_batch(3, venue=venue, state=S.TO_ERASE)
    page = coordinator_client.get(reverse("reuse:index", args=[venue.slug])).content.decode()
    list_url = reverse("reuse:device_list", args=[venue.slug])
    assert f'href="{list_url}?state=to_erase"><span class="stat">3</span> À effacer' in page
    assert f'href="{list_url}?state=allocated"><span class="stat">1</span> Attribué' in page
    assert "Menuiserie Lebrun" in page
    # The laptop (1.83 kg, its category's weight) was allocated: diverted.
    assert "<strong>1,83 kg</strong>" in page
    assert "Le poids détourné est celui des appareils attribués" in page
    assert 'aria-current="page">Réemploi' in page


def test_the_overview_keeps_to_its_query_budget(venue, coordinator, coordinator_client):
    for _ in range(8):
        donation = DonationFactory(venue=venue)
        DeviceFactory.create_batch(3, venue=venue, donation=donation, state=S.READY)
    with query_budget(12):
        assert coordinator_client.get(reverse("reuse:index", args=[venue.slug])).status_code == 200


def test_the_list_filters_by_state_category_and_search(venue, facilitator):
    DeviceFactory(venue=venue, asset_tag="CPT-000101", serial_number="XYZ-42", state=S.READY)
    DeviceFactory(venue=venue, asset_tag="CPT-000102", brand="Dell", state=S.READY)
    DeviceFactory(venue=venue, asset_tag="CPT-000103", category_id=19, state=S.TO_ERASE)
    client = client_for(facilitator)
    url = reverse("reuse:device_list", args=[venue.slug])

    def tags(query: dict) -> set[str]:
        response = client.get(url, query)
        return {d.asset_tag for d in response.context["page"].object_list}

    assert tags({"state": "ready"}) == {"CPT-000101", "CPT-000102"}
    assert tags({"category": "19"}) == {"CPT-000103"}
    assert tags({"q": "xyz-42"}) == {"CPT-000101"}
    assert tags({"q": "dell", "state": "ready"}) == {"CPT-000102"}
    assert tags({"q": "000103"}) == {"CPT-000103"}


def test_the_list_is_paginated_and_keeps_to_its_query_budget(venue, facilitator):
    DeviceFactory.create_batch(35, venue=venue)
    client = client_for(facilitator)
    url = reverse("reuse:device_list", args=[venue.slug])
    with query_budget(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30
    assert "Page 1 sur 2" in response.content.decode()
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 5


def test_the_list_shows_no_device_of_another_venue(venue, other_venue, facilitator):
    DeviceFactory(venue=other_venue, asset_tag="CPT-999999")
    page = client_for(facilitator).get(reverse("reuse:device_list", args=[venue.slug]))
    assert "CPT-999999" not in page.content.decode()


def test_the_venue_home_shows_devices_to_erase_and_ready(venue, facilitator):
    DeviceFactory.create_batch(2, venue=venue, state=S.TO_ERASE)
    DeviceFactory(venue=venue, state=S.READY)
    page = client_for(facilitator).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "2 appareils attendent l’effacement de leurs données" in page
    assert "1 appareil prêt à donner" in page


def test_the_panel_is_hidden_without_the_capability(venue):
    viewer = UserFactory()
    MembershipFactory(user=viewer, venue=venue, role=Role.VIEWER)
    page = client_for(viewer).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "prêt à donner" not in page
    assert "Réemploi" not in page
