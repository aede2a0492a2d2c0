import pytest

from comptoir.reuse import actions
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.models import DriveKind, ErasureMethod
from tests.factories import PersonFactory


@pytest.fixture
def donation(venue, coordinator):
    """A company's donation of one laptop with one SSD, received through the actions."""
    return actions.receive_donation(
        actor=coordinator,
        venue=venue,
        donor_kind="company",
        donor_name="Menuiserie Lebrun",
        place="Atelier de la rue des Forges",
        devices=[
            {
                "category_id": 16,
                "brand": "Lenovo",
                "model": "ThinkPad T440",
                "serial_number": "PB-01ABCD",
                "processor": "Intel Core i5-4300U",
                "memory_gb": 8,
                "battery_health_percent": 71,
                "drives": [{"kind": DriveKind.SSD, "serial": "S2R5NX0H123456", "model": "850 EVO"}],
            }
        ],
    )


@pytest.fixture
def laptop(donation):
    return donation.devices.get()


def erase_all(device, actor, venue, *, passed=True):
    for drive in device.drives.all():
        actions.record_erasure(
            actor=actor,
            venue=venue,
            drive=drive,
            method=ErasureMethod.PURGE,
            tool="nwipe 0.36",
            passed=passed,
        )


def walk(device, actor, venue, to):
    """Bring a device, through the actions, from received to `to` along the main path."""
    path = [S.TRIAGED, S.TO_ERASE, S.ERASED, S.RECONDITIONED, S.READY, S.ALLOCATED]
    for state in path[: path.index(to) + 1]:
        if state == S.ERASED:
            erase_all(device, actor, venue)
        if state == S.RECONDITIONED:
            actions.recondition_device(
                actor=actor,
                venue=venue,
                device=device,
                operating_system="Linux Mint 22",
                tests_passed=True,
                accessories="chargeur",
            )
        elif state == S.ALLOCATED:
            actions.allocate_device(
                actor=actor,
                venue=venue,
                device=device,
                person=PersonFactory(venue=venue),
                eligibility_reason="Minima sociaux",
                agreement_signed=True,
            )
        else:
            actions.move_device(actor=actor, venue=venue, device=device, to=state)
        device.refresh_from_db()
    return device
