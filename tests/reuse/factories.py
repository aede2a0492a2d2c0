"""Reuse factories. They write rows directly (no audit trail, no transition log):
use the actions when the test is about a move."""

from decimal import Decimal

import factory

from comptoir.reuse.models import (
    Device,
    DeviceState,
    Donation,
    DonorKind,
    DriveKind,
    ErasureMethod,
    ErasureRecord,
    Part,
    PartCondition,
    StorageDrive,
)
from tests.factories import UserFactory, VenueFactory


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    venue = factory.SubFactory(VenueFactory)
    donor_kind = DonorKind.COMPANY
    donor_name = "Menuiserie Lebrun"
    received_by = factory.SubFactory(UserFactory)


class DeviceFactory(factory.django.DjangoModelFactory):
    """A laptop, received."""

    class Meta:
        model = Device
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    asset_tag = factory.Sequence(lambda n: f"CPT-T{n:05d}")
    category_id = 16
    brand = "Lenovo"
    model = "ThinkPad T440"
    weight_kg = Decimal("1.83")
    state = DeviceState.RECEIVED
    recycling_receipt = factory.LazyAttribute(
        lambda d: "ECO-2025-001" if d.state == DeviceState.RECYCLED else ""
    )

    class Params:
        # A laptop whose one drive has a verified erasure.
        cleared = factory.Trait(
            erased_drive=factory.RelatedFactory(
                "tests.reuse.factories.ErasedDriveFactory", factory_related_name="device"
            )
        )


class StorageDriveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StorageDrive

    device = factory.SubFactory(DeviceFactory)
    kind = DriveKind.SSD
    model = "Samsung 850 EVO"
    serial = factory.Sequence(lambda n: f"S2R{n:07d}")
    capacity_gb = 256


class ErasureRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureRecord

    drive = factory.SubFactory(StorageDriveFactory)
    method = ErasureMethod.PURGE
    tool = "nwipe 0.36"
    operator = factory.SubFactory(UserFactory)
    passed = True


class ErasedDriveFactory(StorageDriveFactory):
    class Meta:
        skip_postgeneration_save = True

    erasure = factory.RelatedFactory(ErasureRecordFactory, factory_related_name="drive")


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    venue = factory.SubFactory(VenueFactory)
    kind = "Barrette mémoire 4 Go"
    compatible_models = "DDR3 SO-DIMM, ThinkPad T440, Dell Latitude E6440"
    condition = PartCondition.TESTED
    location = "Armoire B, bac 3"
