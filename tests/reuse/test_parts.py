"""The parts stock API the repair app uses."""

import pytest
from django.db import IntegrityError, transaction

from comptoir.audit.models import AuditEntry
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.models import Part, PartMovement, PartStatus
from comptoir.reuse.parts import (
    add_part,
    available_parts,
    discard_part,
    parts_used_for,
    receive_left_for_parts,
    take_part,
)
from tests.reuse.factories import DeviceFactory, PartFactory


def test_an_object_left_for_parts_becomes_a_device_for_parts(venue, facilitator):
    device = receive_left_for_parts(
        actor=facilitator,
        venue=venue,
        category_id=16,
        brand="Acer",
        model="Aspire 5742",
        source_ref="repair-item:12",
        note="Carte mère morte",
    )
    assert (device.state, device.donation, device.source_ref) == (
        S.FOR_PARTS,
        None,
        "repair-item:12",
    )
    move = device.transitions.get()
    assert (move.from_state, move.to_state, move.note) == ("", S.FOR_PARTS, "Carte mère morte")


def test_an_unknown_category_left_for_parts_is_refused(venue, facilitator):
    with pytest.raises(ReuseError, match="Catégorie inconnue"):
        receive_left_for_parts(actor=facilitator, venue=venue, category_id=99)


def test_a_part_from_a_dismantled_device_records_where_it_came_from(venue, mediator):
    device = DeviceFactory(venue=venue, state=S.FOR_PARTS, asset_tag="CPT-000042")
    part = add_part(
        actor=mediator,
        venue=venue,
        kind=" Écran  15,6 pouces ",
        compatible_models="Aspire 5742",
        condition="tested",
        location="Étagère A",
        source_device=device,
    )
    assert (part.kind, part.status, part.source_ref) == (
        "Écran 15,6 pouces",
        PartStatus.IN_STOCK,
        "device:CPT-000042",
    )
    movement = part.movements.get()
    assert (movement.kind, movement.ref, movement.by) == ("in", "device:CPT-000042", mediator)
    assert AuditEntry.objects.filter(object_type="reuse.part", object_id=part.pk).exists()


def test_a_part_comes_only_from_a_device_for_parts_of_the_venue(venue, other_venue, mediator):
    ready = DeviceFactory(venue=venue, state=S.READY)
    with pytest.raises(ReuseError, match="n’est pas « pour pièces »"):
        add_part(
            actor=mediator, venue=venue, kind="Batterie", condition="untested", source_device=ready
        )
    foreign = DeviceFactory(venue=other_venue, state=S.FOR_PARTS)
    with pytest.raises(ReuseError, match="n’est pas suivi par ce lieu"):
        add_part(
            actor=mediator,
            venue=venue,
            kind="Batterie",
            condition="untested",
            source_device=foreign,
        )
    with pytest.raises(ReuseError, match="état de la pièce"):
        add_part(actor=mediator, venue=venue, kind="Batterie", condition="new")
    with pytest.raises(ReuseError, match="de quelle pièce"):
        add_part(actor=mediator, venue=venue, kind=" ", condition="tested")
    assert not Part.objects.exists()


def test_available_parts_are_the_venue_s_parts_in_stock_matching_the_query(venue, other_venue):
    ram = PartFactory(venue=venue, kind="Barrette mémoire 4 Go", compatible_models="ThinkPad T440")
    screen = PartFactory(venue=venue, kind="Écran 15,6 pouces", compatible_models="Aspire 5742")
    PartFactory(venue=venue, kind="Batterie", status=PartStatus.USED, used_for="repair-item:1")
    PartFactory(venue=other_venue, kind="Barrette mémoire 8 Go")
    assert list(available_parts(venue)) == [ram, screen]
    assert list(available_parts(venue, query="thinkpad")) == [ram]
    assert list(available_parts(venue, query="écran aspire")) == [screen]
    assert list(available_parts(venue, query="batterie")) == []


def test_taking_a_part_marks_it_used_for_the_repair(venue, facilitator):
    part = PartFactory(venue=venue)
    taken = take_part(
        actor=facilitator, venue=venue, part=part, used_for="repair-item:34", note="OK"
    )
    assert (taken.status, taken.used_for) == (PartStatus.USED, "repair-item:34")
    assert list(parts_used_for("repair-item:34")) == [part]
    assert list(part.movements.values_list("kind", "ref")) == [("out", "repair-item:34")]


def test_a_part_is_taken_only_once(venue, facilitator):
    part = PartFactory(venue=venue)
    take_part(actor=facilitator, venue=venue, part=part, used_for="repair-item:34")
    with pytest.raises(ReuseError, match="n’est plus en stock"):
        take_part(actor=facilitator, venue=venue, part=part, used_for="repair-item:35")
    part.refresh_from_db()
    assert part.used_for == "repair-item:34"
    assert list(parts_used_for("repair-item:35")) == []


def test_a_part_of_another_venue_cannot_be_taken(venue, other_venue, facilitator):
    part = PartFactory(venue=other_venue)
    with pytest.raises(ReuseError, match="pas dans le stock de ce lieu"):
        take_part(actor=facilitator, venue=venue, part=part, used_for="repair-item:34")
    part.refresh_from_db()
    assert part.status == PartStatus.IN_STOCK
    assert not PartMovement.objects.exists()


def test_taking_a_part_needs_the_repair_reference(venue, facilitator):
    part = PartFactory(venue=venue)
    with pytest.raises(ReuseError, match="pour quelle réparation"):
        take_part(actor=facilitator, venue=venue, part=part, used_for=" ")


def test_a_discarded_part_leaves_the_stock(venue, facilitator):
    part = PartFactory(venue=venue)
    discard_part(actor=facilitator, venue=venue, part=part, note="Dalle fendue")
    assert list(available_parts(venue)) == []
    with pytest.raises(ReuseError, match="n’est plus en stock"):
        take_part(actor=facilitator, venue=venue, part=part, used_for="repair-item:1")


def test_the_database_refuses_a_used_part_without_destination(venue):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartFactory(venue=venue, status=PartStatus.USED, used_for="")
