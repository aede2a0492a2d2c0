"""The device lifecycle: every legal move is made and logged, every illegal one is
refused with a plain message and changes nothing."""

import itertools

import pytest

from comptoir.audit.models import AuditEntry
from comptoir.reuse import actions
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.lifecycle import ALLOWED_MOVES
from comptoir.reuse.models import Allocation, Device, DeviceTransition, Reconditioning
from comptoir.reuse.models import DeviceState as S
from tests.factories import PersonFactory
from tests.reuse.conftest import walk
from tests.reuse.factories import DeviceFactory, ErasureRecordFactory, StorageDriveFactory

LEGAL = [(a, b) for a, targets in ALLOWED_MOVES.items() for b in sorted(targets)]
ILLEGAL = [(a, b) for a, b in itertools.product(S.values, S.values) if b not in ALLOWED_MOVES[a]]


def perform(device, to, actor, venue):
    """Make the move with the action meant for it."""
    if to == S.RECONDITIONED:
        return actions.recondition_device(
            actor=actor,
            venue=venue,
            device=device,
            operating_system="Emmabuntüs",
            tests_passed=True,
        )
    if to == S.ALLOCATED:
        return actions.allocate_device(
            actor=actor, venue=venue, device=device, partner_name="Emmaüs Connect"
        )
    if to == S.RECYCLED:
        return actions.recycle_device(
            actor=actor, venue=venue, device=device, receipt="ECO-2026-118"
        )
    return actions.move_device(actor=actor, venue=venue, device=device, to=to)


def test_the_table_has_every_state_and_two_final_ones():
    assert set(ALLOWED_MOVES) == set(S.values)
    assert [s for s, targets in ALLOWED_MOVES.items() if not targets] == [S.ALLOCATED, S.RECYCLED]


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_each_legal_move_is_made_and_logged(start, to, venue, mediator):
    device = DeviceFactory(venue=venue, state=start, cleared=True)
    perform(device, to, mediator, venue)
    device.refresh_from_db()
    assert device.state == to
    move = DeviceTransition.objects.get(device=device)
    assert (move.from_state, move.to_state, move.actor) == (start, to, mediator)
    entry = AuditEntry.objects.get(object_type="reuse.device", object_id=device.pk)
    assert entry.changes == {"state": [start, to]}


@pytest.mark.parametrize(("start", "to"), ILLEGAL)
def test_each_illegal_move_is_refused_and_changes_nothing(start, to, venue, mediator):
    device = DeviceFactory(venue=venue, state=start, cleared=True)
    receipt = device.recycling_receipt
    with pytest.raises(ReuseError) as refused:
        perform(device, to, mediator, venue)
    assert refused.value.message
    device.refresh_from_db()
    assert device.state == start
    assert not DeviceTransition.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not Allocation.objects.exists()
    assert not Reconditioning.objects.exists()
    assert device.recycling_receipt == receipt


def test_a_donated_laptop_goes_from_donation_to_allocation(venue, coordinator, laptop):
    walk(laptop, coordinator, venue, S.ALLOCATED)
    states = list(laptop.transitions.values_list("from_state", "to_state"))
    assert states == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.TRIAGED),
        (S.TRIAGED, S.TO_ERASE),
        (S.TO_ERASE, S.ERASED),
        (S.ERASED, S.RECONDITIONED),
        (S.RECONDITIONED, S.READY),
        (S.READY, S.ALLOCATED),
    ]


def test_allocating_before_erasure_is_refused(venue, coordinator, laptop):
    walk(laptop, coordinator, venue, S.TO_ERASE)
    with pytest.raises(ReuseError, match="ne peut pas passer de « À effacer » à « Attribué »"):
        actions.allocate_device(
            actor=coordinator,
            venue=venue,
            device=laptop,
            person=PersonFactory(venue=venue),
            eligibility_reason="RSA",
            agreement_signed=True,
        )
    assert not Allocation.objects.exists()


def test_a_ready_device_whose_drive_was_never_erased_cannot_be_allocated(venue, coordinator):
    device = DeviceFactory(venue=venue, state=S.READY)
    StorageDriveFactory(device=device, serial="WD-WX1234")
    with pytest.raises(ReuseError, match=r"WD-WX1234 .* n’a pas encore été effacé"):
        perform(device, S.ALLOCATED, coordinator, venue)
    assert not Allocation.objects.exists()


def test_allocating_twice_is_refused(venue, coordinator, laptop):
    walk(laptop, coordinator, venue, S.ALLOCATED)
    with pytest.raises(ReuseError, match="déjà été attribué"):
        perform(laptop, S.ALLOCATED, coordinator, venue)
    assert Allocation.objects.count() == 1


def test_a_failed_erasure_blocks_the_device_until_a_later_one_passes(venue, mediator, laptop):
    walk(laptop, mediator, venue, S.TO_ERASE)
    drive = laptop.drives.get()
    actions.record_erasure(
        actor=mediator, venue=venue, drive=drive, method="clear", tool="nwipe", passed=False
    )
    with pytest.raises(ReuseError, match="a échoué : l’appareil est bloqué"):
        actions.move_device(actor=mediator, venue=venue, device=laptop, to=S.ERASED)
    with pytest.raises(ReuseError, match="a échoué"):
        perform(laptop, S.RECYCLED, mediator, venue)
    actions.record_erasure(
        actor=mediator, venue=venue, drive=drive, method="destroy", tool="broyeur", passed=True
    )
    actions.move_device(actor=mediator, venue=venue, device=laptop, to=S.ERASED)
    assert Device.objects.get(pk=laptop.pk).state == S.ERASED


def test_reconditioning_a_device_with_a_failed_erasure_is_refused(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.ERASED)
    record = ErasureRecordFactory(drive__device=device, passed=True)
    ErasureRecordFactory(drive=record.drive, passed=False)
    with pytest.raises(ReuseError, match="a échoué"):
        perform(device, S.RECONDITIONED, mediator, venue)
    device.refresh_from_db()
    assert device.state == S.ERASED
    assert not Reconditioning.objects.exists()


def test_a_drive_of_a_recycled_device_cannot_be_erased(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.RECYCLED, cleared=True)
    drive = device.drives.get()
    with pytest.raises(ReuseError, match="parti au recyclage : on ne peut plus l’effacer"):
        actions.record_erasure(
            actor=mediator, venue=venue, drive=drive, method="clear", tool="nwipe", passed=True
        )
    assert drive.erasures.count() == 1


def test_erasure_is_recorded_only_when_the_device_is_to_erase_or_for_parts(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.TRIAGED)
    drive = StorageDriveFactory(device=device)
    with pytest.raises(ReuseError, match="« Trié »"):
        actions.record_erasure(
            actor=mediator, venue=venue, drive=drive, method="clear", tool="nwipe", passed=True
        )
    assert not drive.erasures.exists()


def test_an_erasure_needs_a_known_method_and_a_tool(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.TO_ERASE)
    drive = StorageDriveFactory(device=device)
    with pytest.raises(ReuseError, match="méthode"):
        actions.record_erasure(
            actor=mediator, venue=venue, drive=drive, method="format", tool="x", passed=True
        )
    with pytest.raises(ReuseError, match="outil"):
        actions.record_erasure(
            actor=mediator, venue=venue, drive=drive, method="clear", tool="  ", passed=True
        )
    assert not drive.erasures.exists()


def test_a_phone_needs_its_internal_memory_registered_and_erased(venue, mediator):
    phone = DeviceFactory(venue=venue, state=S.TO_ERASE, category_id=19)
    with pytest.raises(ReuseError, match="mémoire interne"):
        actions.move_device(actor=mediator, venue=venue, device=phone, to=S.ERASED)
    drive = actions.add_drive(
        actor=mediator, venue=venue, device=phone, kind="emmc", serial="IMEI 356938035643809"
    )
    actions.record_erasure(
        actor=mediator,
        venue=venue,
        drive=drive,
        method="purge",
        tool="Réinitialisation usine + vérification",
        passed=True,
    )
    actions.move_device(actor=mediator, venue=venue, device=phone, to=S.ERASED)
    assert Device.objects.get(pk=phone.pk).state == S.ERASED


def test_a_screen_has_nothing_to_erase(venue, mediator):
    screen = DeviceFactory(venue=venue, state=S.RECEIVED, category_id=8)
    actions.recycle_device(actor=mediator, venue=venue, device=screen, receipt="ECO-2026-7")
    assert Device.objects.get(pk=screen.pk).state == S.RECYCLED


def test_a_laptop_with_no_drive_registered_cannot_leave_for_recycling(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.TRIAGED)
    with pytest.raises(ReuseError, match="contient des données"):
        actions.recycle_device(actor=mediator, venue=venue, device=device, receipt="ECO-1")
    device.refresh_from_db()
    assert (device.state, device.recycling_receipt) == (S.TRIAGED, "")


def test_recycling_needs_the_weee_receipt(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.FOR_PARTS, cleared=True)
    with pytest.raises(ReuseError, match="bordereau"):
        actions.recycle_device(actor=mediator, venue=venue, device=device, receipt=" ")
    device.refresh_from_db()
    assert device.state == S.FOR_PARTS


def test_reconditioning_needs_the_system_and_passed_tests(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.ERASED, cleared=True)
    with pytest.raises(ReuseError, match="système installé"):
        actions.recondition_device(
            actor=mediator, venue=venue, device=device, operating_system="", tests_passed=True
        )
    with pytest.raises(ReuseError, match="tests n’ont pas tous réussi"):
        actions.recondition_device(
            actor=mediator,
            venue=venue,
            device=device,
            operating_system="Debian",
            tests_passed=False,
        )
    device.refresh_from_db()
    assert device.state == S.ERASED
    assert not Reconditioning.objects.exists()


def test_reconditioning_links_the_install_party_session(venue, mediator):
    from tests.factories import SessionFactory

    session = SessionFactory(workshop__venue=venue)
    device = DeviceFactory(venue=venue, state=S.ERASED, cleared=True)
    actions.recondition_device(
        actor=mediator,
        venue=venue,
        device=device,
        operating_system="Linux Mint 22",
        tests_passed=True,
        session=session,
    )
    assert device.reconditioning.session == session
    assert device.transitions.get().note == "Système installé : Linux Mint 22"


def test_a_device_of_another_venue_is_refused(venue, other_venue, mediator):
    device = DeviceFactory(venue=other_venue, state=S.RECEIVED)
    with pytest.raises(ReuseError, match="n’est pas suivi par ce lieu"):
        actions.move_device(actor=mediator, venue=venue, device=device, to=S.TRIAGED)
    device.refresh_from_db()
    assert device.state == S.RECEIVED


def test_moving_to_the_same_state_is_refused(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.TRIAGED)
    with pytest.raises(ReuseError, match="déjà à l’étape « Trié »"):
        actions.move_device(actor=mediator, venue=venue, device=device, to=S.TRIAGED)
