"""The device page (with its whole history) and the PDF downloads."""

import pytest
from django.urls import reverse

from comptoir.reuse import actions
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.parts import add_part, take_part
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.queries import query_budget
from tests.reuse.conftest import walk
from tests.reuse.factories import (
    DeviceFactory,
    DonationFactory,
    ErasureRecordFactory,
    PartFactory,
)


def device_url(device):
    return reverse("reuse:device", args=[device.venue.slug, device.asset_tag])


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.MEDIATOR, Role.FACILITATOR, Role.VOLUNTEER]
)
def test_every_role_that_views_devices_sees_the_device_page(role, venue, laptop):
    user = UserFactory()
    MembershipFactory(user=user, venue=venue, role=role)
    response = client_for(user).get(device_url(laptop))
    assert response.status_code == 200
    assert laptop.asset_tag in response.content.decode()


def test_the_page_shows_the_whole_history(venue, coordinator, coordinator_client, laptop):
    walk(laptop, coordinator, venue, S.RECONDITIONED)
    actions.move_device(actor=coordinator, venue=venue, device=laptop, to=S.READY)
    actions.allocate_device(
        actor=coordinator,
        venue=venue,
        device=laptop,
        person=PersonFactory(venue=venue, first_name="Josiane"),
        eligibility_reason="RSA",
        agreement_signed=True,
    )
    page = coordinator_client.get(device_url(laptop)).content.decode()
    for text in [
        "Reçu",
        "Trié",
        "À effacer",
        "Effacé",
        "Reconditionné",
        "Prêt à donner",
        "Attribué",
    ]:
        assert f"<strong>{text}</strong>" in page
    assert "Linux Mint 22" in page
    assert "S2R5NX0H123456" in page
    assert "Josiane" in page
    assert reverse("reuse:erasure_certificate", args=[venue.slug, laptop.asset_tag]) in page
    assert reverse("reuse:donation_receipt", args=[venue.slug, laptop.donation_id]) in page


def test_a_volunteer_does_not_see_who_received_the_device(venue, coordinator, laptop):
    walk(laptop, coordinator, venue, S.ALLOCATED)
    volunteer = UserFactory()
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    page = client_for(volunteer).get(device_url(laptop)).content.decode()
    assert "Remis à une personne accompagnée" in page


def test_the_page_warns_about_a_blocked_erasure_and_lists_the_parts(
    venue, mediator, mediator_client
):
    device = DeviceFactory(venue=venue, state=S.FOR_PARTS)
    part = add_part(
        actor=mediator, venue=venue, kind="Batterie", condition="tested", source_device=device
    )
    take_part(actor=mediator, venue=venue, part=part, used_for="repair-item:9")
    page = mediator_client.get(device_url(device)).content.decode()
    assert "Batterie — Utilisée (repair-item:9)" in page
    blocked = DeviceFactory(venue=venue, state=S.TO_ERASE)
    assert "contient des données" in mediator_client.get(device_url(blocked)).content.decode()


def test_the_device_page_keeps_to_its_query_budget(venue, coordinator, coordinator_client, laptop):
    walk(laptop, coordinator, venue, S.ALLOCATED)
    for record in ErasureRecordFactory.create_batch(4, drive__device=laptop):
        ErasureRecordFactory.create_batch(2, drive=record.drive)
    PartFactory.create_batch(3, venue=venue, source_device=laptop)
    with query_budget(14):
        assert coordinator_client.get(device_url(laptop)).status_code == 200


def test_a_device_of_another_venue_is_a_404(venue, other_venue, coordinator_client):
    foreign = DeviceFactory(venue=other_venue)
    donation = DonationFactory(venue=other_venue)
    for url in [
        reverse("reuse:device", args=[venue.slug, foreign.asset_tag]),
        reverse("reuse:labels", args=[venue.slug, foreign.asset_tag]),
        reverse("reuse:erasure_certificate", args=[venue.slug, foreign.asset_tag]),
        reverse("reuse:donation_receipt", args=[venue.slug, donation.pk]),
    ]:
        assert coordinator_client.get(url).status_code == 404, url


def test_the_pdfs_download(venue, laptop, facilitator):
    client = client_for(facilitator)
    for name, arg in [
        ("reuse:labels", laptop.asset_tag),
        ("reuse:erasure_certificate", laptop.asset_tag),
        ("reuse:donation_receipt", laptop.donation_id),
    ]:
        response = client.get(reverse(name, args=[venue.slug, arg]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("inline; filename=")
