"""The parts stock pages: the list with its search and history, adding, discarding."""

from django.urls import reverse

from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.models import Part, PartStatus
from comptoir.reuse.parts import add_part
from tests.conftest import client_for
from tests.queries import query_budget
from tests.reuse.factories import DeviceFactory, PartFactory


def test_the_stock_shows_where_each_part_came_from(venue, mediator, facilitator):
    device = DeviceFactory(venue=venue, state=S.FOR_PARTS, asset_tag="CPT-000321")
    add_part(actor=mediator, venue=venue, kind="Batterie", condition="tested", source_device=device)
    add_part(actor=mediator, venue=venue, kind="Clavier AZERTY", condition="untested")
    page = client_for(facilitator).get(reverse("reuse:parts", args=[venue.slug])).content.decode()
    assert "Batterie" in page and "Clavier AZERTY" in page
    assert reverse("reuse:device", args=[venue.slug, "CPT-000321"]) in page
    assert "Entrée en stock" in page
    # A facilitator sees the stock but does not handle it.
    assert reverse("reuse:part_create", args=[venue.slug]) not in page


def test_the_search_finds_parts_by_compatible_model(venue, facilitator):
    PartFactory(venue=venue, kind="Barrette mémoire", compatible_models="ThinkPad T440")
    PartFactory(venue=venue, kind="Écran 15 pouces", compatible_models="Dell E6440")
    response = client_for(facilitator).get(
        reverse("reuse:parts", args=[venue.slug]), {"q": "thinkpad"}
    )
    assert [p.kind for p in response.context["page"].object_list] == ["Barrette mémoire"]


def test_the_stock_keeps_to_its_query_budget(venue, mediator, mediator_client):
    for i in range(20):
        add_part(actor=mediator, venue=venue, kind=f"Pièce {i}", condition="tested")
    with query_budget(9):
        assert mediator_client.get(reverse("reuse:parts", args=[venue.slug])).status_code == 200


def test_a_part_is_added_and_a_part_without_kind_is_refused(venue, mediator_client):
    url = reverse("reuse:part_create", args=[venue.slug])
    data = {"kind": "", "condition": "tested", "location": "Armoire B"}
    page = mediator_client.post(url, data).content.decode()
    assert "Indiquez de quelle pièce il s’agit" in page and 'value="Armoire B"' in page
    assert not Part.objects.exists()
    assert mediator_client.post(url, data | {"kind": "Chargeur"}).status_code == 302
    assert Part.objects.get().location == "Armoire B"


def test_a_part_is_discarded_once(venue, mediator_client):
    part = PartFactory(venue=venue)
    url = reverse("reuse:part_discard", args=[venue.slug, part.pk])
    mediator_client.post(url)
    part.refresh_from_db()
    assert part.status == PartStatus.DISCARDED
    page = mediator_client.post(url, follow=True).content.decode()
    assert "Seule une pièce en stock peut être mise au rebut." in page


def test_a_part_of_another_venue_cannot_be_discarded(venue, other_venue, coordinator_client):
    part = PartFactory(venue=other_venue)
    url = reverse("reuse:part_discard", args=[venue.slug, part.pk])
    assert coordinator_client.post(url).status_code == 404
    part.refresh_from_db()
    assert part.status == PartStatus.IN_STOCK
