"""Allocation: to a person of the venue with a signed agreement, or to a partner;
never twice; the database holds the same rules."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from comptoir.audit.models import AuditEntry
from comptoir.reuse import actions
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.models import Allocation, DeviceTransition
from comptoir.reuse.models import DeviceState as S
from tests.factories import PersonFactory, UserFactory
from tests.reuse.factories import DeviceFactory


@pytest.fixture
def ready(venue):
    return DeviceFactory(venue=venue, state=S.READY, cleared=True)


def allocate(device, venue, actor, **kwargs):
    options = {
        "person": PersonFactory(venue=venue, first_name="Josiane"),
        "eligibility_reason": "Demandeuse d’emploi, sans ordinateur",
        "agreement_signed": True,
    } | kwargs
    return actions.allocate_device(actor=actor, venue=venue, device=device, **options)


def assert_nothing_written(device):
    device.refresh_from_db()
    assert device.state == S.READY
    assert not Allocation.objects.exists()
    assert not DeviceTransition.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_of_the_venue_receives_the_device(ready, venue, mediator):
    allocation = allocate(ready, venue, mediator, price_kind="pass", amount="20")
    ready.refresh_from_db()
    assert ready.state == S.ALLOCATED
    assert (allocation.person.first_name, allocation.amount) == ("Josiane", Decimal("20"))
    entry = AuditEntry.objects.get(object_type="reuse.allocation")
    assert "Josiane" not in str(entry.changes)
    assert entry.changes["recipient"] == [None, "person"]


def test_a_person_of_another_venue_is_refused(ready, venue, other_venue, mediator):
    stranger = PersonFactory(venue=other_venue)
    with pytest.raises(ReuseError, match="Cette personne n’est pas suivie par ce lieu"):
        allocate(ready, venue, mediator, person=stranger)
    assert_nothing_written(ready)


def test_the_agreement_must_be_signed(ready, venue, mediator):
    with pytest.raises(ReuseError, match="convention de don doit être signée"):
        allocate(ready, venue, mediator, agreement_signed=False)
    assert_nothing_written(ready)


def test_the_eligibility_reason_is_required(ready, venue, mediator):
    with pytest.raises(ReuseError, match="motif d’éligibilité"):
        allocate(ready, venue, mediator, eligibility_reason=" ")
    assert_nothing_written(ready)


def test_a_price_needs_an_amount(ready, venue, mediator):
    with pytest.raises(ReuseError, match="montant"):
        allocate(ready, venue, mediator, price_kind="price", amount="")
    with pytest.raises(ReuseError, match="contrepartie"):
        allocate(ready, venue, mediator, price_kind="barter")
    assert_nothing_written(ready)


def test_a_partner_association_receives_the_device(ready, venue, mediator):
    allocation = actions.allocate_device(
        actor=mediator, venue=venue, device=ready, partner_name="  Emmaüs   Connect "
    )
    assert (allocation.partner_name, allocation.person) == ("Emmaüs Connect", None)


def test_a_person_and_a_partner_at_once_is_refused(ready, venue, mediator):
    with pytest.raises(ReuseError, match="une personne ou une association"):
        allocate(ready, venue, mediator, partner_name="Emmaüs Connect")
    with pytest.raises(ReuseError, match="une personne ou une association"):
        actions.allocate_device(actor=mediator, venue=venue, device=ready)
    assert_nothing_written(ready)


def test_a_device_is_never_allocated_twice(ready, venue, mediator):
    allocate(ready, venue, mediator)
    with pytest.raises(ReuseError, match="ne peut pas l’être une seconde fois"):
        allocate(ready, venue, mediator)
    assert Allocation.objects.count() == 1


def test_the_database_refuses_a_second_active_allocation(ready):
    user = UserFactory()
    Allocation.objects.create(device=ready, partner_name="A", allocated_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(device=ready, partner_name="B", allocated_by=user)


def test_the_database_refuses_an_allocation_to_a_person_without_agreement(ready, venue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            device=ready, person=PersonFactory(venue=venue), allocated_by=UserFactory()
        )


def test_the_database_refuses_a_price_without_amount(ready):
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            device=ready, partner_name="A", price_kind="price", allocated_by=UserFactory()
        )


def test_handing_a_device_to_a_person_is_one_journal_activity(ready, venue, mediator):
    from comptoir.journal.cra import ActivityType, Equipment, Theme
    from comptoir.journal.models import Activity, Source

    allocation = allocate(ready, venue, mediator)
    activity = Activity.objects.get(source=Source.REUSE)
    assert activity.source_ref == f"allocation:{allocation.pk}"
    assert activity.type == ActivityType.INDIVIDUAL
    assert activity.person == allocation.person and activity.mediator == mediator
    assert activity.theme_codes() == [Theme.GETTING_STARTED]
    assert activity.equipment == [Equipment.COMPUTER]  # the factory's device is a laptop
    assert ready.asset_tag in activity.notes


def test_a_device_given_to_a_partner_writes_no_activity(ready, venue, mediator):
    from comptoir.journal.models import Activity

    allocate(ready, venue, mediator, person=None, partner_name="Emmaüs Connect")
    assert not Activity.objects.exists()
