"""Bringing devices in: donations, asset tags, drives. Bad input is refused with a
clear message and nothing is half-written."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from comptoir.audit.models import AuditEntry
from comptoir.reuse import actions
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.models import Device, DeviceTransition, Donation, StorageDrive
from comptoir.reuse.models import DeviceState as S
from tests.factories import PersonFactory
from tests.reuse.factories import DeviceFactory, StorageDriveFactory


def donate(venue, actor, **kwargs):
    options = {
        "donor_kind": "bin",
        "devices": [{"category_id": 19, "brand": "Samsung", "model": "Galaxy A5"}],
    } | kwargs
    return actions.receive_donation(actor=actor, venue=venue, **options)


def assert_nothing_written():
    assert not Donation.objects.exists()
    assert not Device.objects.exists()
    assert not StorageDrive.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_donation_brings_its_devices_in_received(donation, laptop, coordinator):
    assert donation.donor_label == "Menuiserie Lebrun"
    assert laptop.state == S.RECEIVED
    assert laptop.asset_tag == f"CPT-{laptop.pk:06d}"
    assert laptop.weight_kg == Decimal("1.83")
    assert laptop.drives.get().serial == "S2R5NX0H123456"
    move = DeviceTransition.objects.get(device=laptop)
    assert (move.from_state, move.to_state, move.actor) == ("", S.RECEIVED, coordinator)


def test_a_bin_donation_is_anonymous(venue, coordinator):
    donation = donate(venue, coordinator, donor_name="ignored")
    assert (donation.donor_name, donation.donor_person) == ("", None)
    assert donation.donor_label == "Don anonyme (bac de collecte)"


def test_a_person_of_the_venue_may_give(venue, coordinator):
    person = PersonFactory(venue=venue, first_name="Marcel")
    donation = donate(venue, coordinator, donor_kind="person", donor_person=person)
    assert donation.donor_label == "Marcel"


def test_a_person_of_another_venue_cannot_be_the_donor(venue, other_venue, coordinator):
    with pytest.raises(ReuseError, match="n’est pas suivie par ce lieu"):
        donate(
            venue, coordinator, donor_kind="person", donor_person=PersonFactory(venue=other_venue)
        )
    assert_nothing_written()


def test_a_company_needs_its_name(venue, coordinator):
    with pytest.raises(ReuseError, match="nom de l’entreprise"):
        donate(venue, coordinator, donor_kind="company", donor_name="  ")
    assert_nothing_written()


def test_an_unknown_category_is_refused(venue, coordinator):
    devices = [{"category_id": 16}, {"category_id": 3}]  # 3 is an ORDS id, but not for us
    with pytest.raises(ReuseError, match="Catégorie inconnue"):
        donate(venue, coordinator, devices=devices)
    assert_nothing_written()


def test_a_drive_without_serial_is_refused_and_nothing_is_written(venue, coordinator):
    devices = [
        {"category_id": 16, "drives": [{"kind": "ssd", "serial": "S1"}]},
        {"category_id": 4, "drives": [{"kind": "hdd", "serial": "   ", "model": "WD Blue"}]},
    ]
    with pytest.raises(ReuseError, match="numéro de série du support de stockage est obligatoire"):
        donate(venue, coordinator, devices=devices)
    assert_nothing_written()


def test_adding_a_drive_without_serial_is_refused(venue, coordinator):
    device = DeviceFactory(venue=venue)
    with pytest.raises(ReuseError, match="obligatoire"):
        actions.add_drive(actor=coordinator, venue=venue, device=device, kind="hdd", serial="")
    assert not StorageDrive.objects.exists()


def test_the_same_drive_cannot_be_added_twice(venue, coordinator):
    device = DeviceFactory(venue=venue)
    actions.add_drive(actor=coordinator, venue=venue, device=device, kind="hdd", serial="WD-1")
    with pytest.raises(ReuseError, match="déjà enregistré"):
        actions.add_drive(actor=coordinator, venue=venue, device=device, kind="hdd", serial="WD-1")


def test_no_drive_is_added_once_the_device_is_erased(venue, coordinator):
    device = DeviceFactory(venue=venue, state=S.ERASED, cleared=True)
    with pytest.raises(ReuseError, match="On ne peut plus ajouter"):
        actions.add_drive(actor=coordinator, venue=venue, device=device, kind="hdd", serial="X")


def test_a_battery_health_is_a_percentage(venue, coordinator):
    with pytest.raises(ReuseError, match="entre 0 et 100"):
        donate(venue, coordinator, devices=[{"category_id": 16, "battery_health_percent": 140}])
    assert_nothing_written()


def test_misc_devices_have_no_default_weight(venue, coordinator):
    donation = donate(venue, coordinator, devices=[{"category_id": 18, "brand": "Parrot"}])
    assert donation.devices.get().weight_kg is None


def test_asset_tags_are_unique_and_drives_need_a_serial_in_the_database(venue):
    DeviceFactory(venue=venue, asset_tag="CPT-000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceFactory(venue=venue, asset_tag="CPT-000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        StorageDriveFactory(serial="")


def test_a_recycled_device_needs_its_receipt_in_the_database(venue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Device.objects.create(
            venue=venue, asset_tag="CPT-9", category_id=8, state=S.RECYCLED, recycling_receipt=""
        )
