"""The moves offered on the device page: buttons for the simple ones, a form for the
others; every refusal shows the action's message and changes nothing."""

from django.urls import reverse

from comptoir.reuse.models import Allocation, DeviceTransition, ErasureRecord, Part
from comptoir.reuse.models import DeviceState as S
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.reuse.conftest import walk
from tests.reuse.factories import DeviceFactory


def url(name, device):
    return reverse(f"reuse:{name}", args=[device.venue.slug, device.asset_tag])


def move(client, device, to):
    return client.post(url("device_move", device), {"to": to}, follow=True)


def test_the_page_offers_the_moves_of_the_state(venue, mediator_client, laptop):
    page = mediator_client.get(url("device", laptop)).content.decode()
    assert 'value="triaged"' in page and "Marquer trié" in page
    assert url("device_recycle", laptop) in page
    assert 'value="erased"' not in page
    assert url("device_allocate", laptop) not in page


def test_a_facilitator_sees_no_move(venue, facilitator, laptop):
    page = client_for(facilitator).get(url("device", laptop)).content.decode()
    assert 'name="to"' not in page
    assert url("device_recycle", laptop) not in page


def test_triage_then_to_erase_by_buttons(venue, mediator, mediator_client, laptop):
    move(mediator_client, laptop, S.TRIAGED)
    response = move(mediator_client, laptop, S.TO_ERASE)
    laptop.refresh_from_db()
    assert laptop.state == S.TO_ERASE
    assert "est passé à l’étape « À effacer »" in response.content.decode()
    assert laptop.transitions.last().actor == mediator


def test_an_illegal_move_shows_the_message_and_changes_nothing(venue, mediator_client, laptop):
    before = DeviceTransition.objects.count()
    page = move(mediator_client, laptop, S.READY).content.decode()
    assert "ne peut pas passer de « Reçu » à « Prêt à donner »" in page
    laptop.refresh_from_db()
    assert laptop.state == S.RECEIVED and DeviceTransition.objects.count() == before
    page = move(mediator_client, laptop, "nowhere").content.decode()
    assert "Étape inconnue." in page


def test_a_failed_erasure_blocks_the_device(venue, mediator, mediator_client, laptop):
    walk(laptop, mediator, venue, S.TO_ERASE)
    drive = laptop.drives.get()
    data = {"drive": drive.pk, "method": "purge", "tool": "nwipe", "result": "failed"}
    response = mediator_client.post(url("device_erasure", laptop), data)
    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert (record.passed, record.operator, record.method) == (False, mediator, "purge")
    page = move(mediator_client, laptop, S.ERASED).content.decode()
    assert "a échoué : l’appareil est bloqué" in page
    laptop.refresh_from_db()
    assert laptop.state == S.TO_ERASE


def test_an_erasure_without_tool_keeps_what_was_typed(venue, mediator, mediator_client, laptop):
    walk(laptop, mediator, venue, S.TO_ERASE)
    drive = laptop.drives.get()
    data = {"drive": drive.pk, "method": "clear", "tool": " ", "result": "passed", "notes": "Noté"}
    response = mediator_client.post(url("device_erasure", laptop), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez l’outil utilisé" in page and "Noté</textarea>" in page
    assert not ErasureRecord.objects.exists()


def test_an_erasure_is_refused_before_triage(venue, mediator_client, laptop):
    drive = laptop.drives.get()
    data = {"drive": drive.pk, "method": "clear", "tool": "nwipe", "result": "passed"}
    page = mediator_client.post(url("device_erasure", laptop), data).content.decode()
    assert "on efface les données d’un appareil « à effacer » ou « pour pièces »" in page
    assert not ErasureRecord.objects.exists()


def test_a_drive_is_added_and_a_drive_without_serial_is_refused(venue, mediator_client, laptop):
    data = {"kind": "hdd", "model": "WD", "serial": "", "capacity_gb": "500"}
    page = mediator_client.post(url("device_drive", laptop), data).content.decode()
    assert "Le numéro de série du support de stockage est obligatoire" in page
    assert 'value="WD"' in page and laptop.drives.count() == 1
    mediator_client.post(url("device_drive", laptop), data | {"serial": "WD-1"})
    assert laptop.drives.count() == 2


def test_recondition_needs_passed_tests(venue, mediator, mediator_client, laptop):
    walk(laptop, mediator, venue, S.ERASED)
    data = {"operating_system": "Linux Mint 22", "accessories": "chargeur"}
    page = mediator_client.post(url("device_recondition", laptop), data).content.decode()
    assert "Les tests n’ont pas tous réussi" in page and 'value="Linux Mint 22"' in page
    laptop.refresh_from_db()
    assert laptop.state == S.ERASED
    mediator_client.post(url("device_recondition", laptop), data | {"tests_passed": "on"})
    laptop.refresh_from_db()
    assert laptop.state == S.RECONDITIONED
    assert laptop.reconditioning.operating_system == "Linux Mint 22"


def test_allocate_to_a_person_with_agreement(venue, mediator, mediator_client, laptop):
    walk(laptop, mediator, venue, S.RECONDITIONED)
    move(mediator_client, laptop, S.READY)
    person = PersonFactory(venue=venue, first_name="Josiane")
    page = mediator_client.get(url("device_allocate", laptop), {"q": "Josiane"}).content.decode()
    assert f"?person={person.pk}" in page
    data = {"person": person.pk, "eligibility_reason": "RSA", "price_kind": "free"}
    page = mediator_client.post(url("device_allocate", laptop), data).content.decode()
    assert "La convention de don doit être signée" in page and 'value="RSA"' in page
    assert not Allocation.objects.exists()
    data |= {"agreement_signed": "on", "price_kind": "price", "amount": "20"}
    assert mediator_client.post(url("device_allocate", laptop), data).status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.person, allocation.amount, allocation.allocated_by) == (person, 20, mediator)
    page = mediator_client.post(url("device_allocate", laptop), data).content.decode()
    assert "a déjà été attribué" in page
    assert Allocation.objects.count() == 1


def test_allocate_to_a_person_of_another_venue_is_refused(
    venue, other_venue, mediator, mediator_client, laptop
):
    walk(laptop, mediator, venue, S.RECONDITIONED)
    move(mediator_client, laptop, S.READY)
    foreign = PersonFactory(venue=other_venue, first_name="Étrangère")
    data = {"person": foreign.pk, "eligibility_reason": "RSA", "agreement_signed": "on"}
    page = mediator_client.post(url("device_allocate", laptop), data | {"price_kind": "free"})
    assert "Cette personne n’est pas suivie par ce lieu" in page.content.decode()
    assert "Étrangère" not in page.content.decode()
    assert not Allocation.objects.exists()


def test_a_volunteer_cannot_allocate(venue, laptop):
    from comptoir.venues.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    volunteer = UserFactory()
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    assert client_for(volunteer).get(url("device_allocate", laptop)).status_code == 403


def test_recycle_needs_the_weee_receipt(venue, mediator_client):
    screen = DeviceFactory(venue=venue, category_id=8)
    page = mediator_client.post(url("device_recycle", screen), {"receipt": ""}).content.decode()
    assert "Indiquez la référence du bordereau" in page
    mediator_client.post(url("device_recycle", screen), {"receipt": "ECO-2025-77"})
    screen.refresh_from_db()
    assert (screen.state, screen.recycling_receipt) == (S.RECYCLED, "ECO-2025-77")


def test_parts_come_only_from_a_device_for_parts(venue, mediator_client):
    device = DeviceFactory(venue=venue, state=S.TRIAGED)
    data = {"kind": "Batterie", "condition": "tested", "location": "Bac 2"}
    page = mediator_client.post(url("device_part", device), data).content.decode()
    assert "n’est pas « pour pièces »" in page and not Part.objects.exists()
    move(mediator_client, device, S.FOR_PARTS)
    mediator_client.post(url("device_part", device), data)
    part = Part.objects.get()
    assert (part.source_device, part.location) == (device, "Bac 2")


def test_a_device_of_another_venue_cannot_be_moved(venue, other_venue, coordinator_client):
    foreign = DeviceFactory(venue=other_venue)
    response = coordinator_client.post(
        reverse("reuse:device_move", args=[venue.slug, foreign.asset_tag]), {"to": "triaged"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == S.RECEIVED
