"""Recording a donation through the form, and the donation page."""

from django.urls import reverse

from comptoir.reuse.models import Device, Donation, StorageDrive
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.reuse.factories import DonationFactory


def create_url(venue):
    return reverse("reuse:donation_create", args=[venue.slug])


def post_data(rows: list[dict], **donation) -> dict:
    data = {
        "donor_kind": "company",
        "donor_name": "Menuiserie Lebrun",
        "received_on": "2025-03-04",
        "place": "",
        "notes": "",
        "devices-TOTAL_FORMS": "3",
        "devices-INITIAL_FORMS": "0",
        "devices-MIN_NUM_FORMS": "0",
        "devices-MAX_NUM_FORMS": "30",
    } | donation
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"devices-{i}-{key}"] = value
    return data


LAPTOP = {
    "category_id": "16",
    "brand": "Lenovo",
    "model": "ThinkPad T440",
    "serial_number": "PB-01",
    "processor": "i5-4300U",
    "memory_gb": "8",
    "drive_kind": "ssd",
    "drive_model": "850 EVO",
    "drive_serial": "S2R5NX0H999",
    "drive_capacity_gb": "256",
}


def test_a_donation_with_its_devices_is_recorded(venue, mediator, mediator_client):
    screen = {"category_id": "8", "brand": "Dell", "model": "P2214H"}
    response = mediator_client.post(create_url(venue), post_data([LAPTOP, screen]))
    donation = Donation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reuse:donation", args=[venue.slug, donation.pk])
    assert donation.donor_name == "Menuiserie Lebrun" and donation.received_by == mediator
    assert donation.received_at.date().isoformat() == "2025-03-04"
    laptop, screen = donation.devices.order_by("pk")
    assert (laptop.brand, laptop.memory_gb, laptop.category_id) == ("Lenovo", 8, 16)
    assert [(d.kind, d.serial, d.capacity_gb) for d in laptop.drives.all()] == [
        ("ssd", "S2R5NX0H999", 256)
    ]
    assert not screen.drives.exists()
    page = mediator_client.get(response["Location"]).content.decode()
    for device in (laptop, screen):
        assert reverse("reuse:labels", args=[venue.slug, device.asset_tag]) in page
    assert reverse("reuse:donation_receipt", args=[venue.slug, donation.pk]) in page


def test_an_unknown_category_is_refused_with_the_typed_values_kept(venue, mediator_client):
    row = LAPTOP | {"category_id": "999", "brand": "Marque tapée"}
    response = mediator_client.post(create_url(venue), post_data([row]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Catégorie inconnue" in page
    assert 'value="Marque tapée"' in page
    assert not Donation.objects.exists() and not Device.objects.exists()


def test_a_drive_without_serial_is_refused_and_nothing_is_written(venue, mediator_client):
    row = LAPTOP | {"drive_serial": ""}
    response = mediator_client.post(
        create_url(venue), post_data([LAPTOP | {"drive_serial": "A1"}, row])
    )
    assert response.status_code == 200
    assert "Le numéro de série du support de stockage est obligatoire" in response.content.decode()
    assert not Donation.objects.exists()
    assert not Device.objects.exists() and not StorageDrive.objects.exists()


def test_a_donation_needs_a_device_and_an_organisation_a_name(venue, mediator_client):
    response = mediator_client.post(create_url(venue), post_data([]))
    assert "Un don compte au moins un appareil." in response.content.decode()
    response = mediator_client.post(create_url(venue), post_data([LAPTOP], donor_name=""))
    assert "Indiquez le nom de l’entreprise ou de l’association." in response.content.decode()
    assert not Donation.objects.exists()


def test_a_person_of_the_venue_is_searched_and_picked_as_donor(venue, mediator_client):
    person = PersonFactory(venue=venue, first_name="Josiane")
    page = mediator_client.get(create_url(venue), {"q": "josiane"}).content.decode()
    assert f"?person={person.pk}" in page
    picked = mediator_client.get(create_url(venue), {"person": person.pk}).content.decode()
    assert f'name="person" value="{person.pk}"' in picked
    mediator_client.post(
        create_url(venue), post_data([LAPTOP], donor_kind="person", person=str(person.pk))
    )
    assert Donation.objects.get().donor_person == person


def test_a_person_of_another_venue_cannot_be_the_donor(venue, other_venue, mediator_client):
    foreign = PersonFactory(venue=other_venue, first_name="Étrangère")
    response = mediator_client.post(
        create_url(venue), post_data([LAPTOP], donor_kind="person", person=str(foreign.pk))
    )
    page = response.content.decode()
    assert "Cette personne n’est pas suivie par ce lieu." in page
    assert "Étrangère" not in page
    assert not Donation.objects.exists()


def test_a_facilitator_sees_donations_but_cannot_record_one(venue, facilitator):
    facilitator_client = client_for(facilitator)
    donation = DonationFactory(venue=venue)
    assert facilitator_client.get(create_url(venue)).status_code == 403
    url = reverse("reuse:donation", args=[venue.slug, donation.pk])
    assert facilitator_client.get(url).status_code == 200


def test_a_donation_of_another_venue_is_a_404(venue, other_venue, coordinator_client):
    donation = DonationFactory(venue=other_venue)
    url = reverse("reuse:donation", args=[venue.slug, donation.pk])
    assert coordinator_client.get(url).status_code == 404
