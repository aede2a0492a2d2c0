import pytest

from comptoir.audit.models import AuditEntry
from comptoir.repair import actions
from comptoir.repair.actions import RepairError
from comptoir.repair.models import ItemStatus, RepairItem
from comptoir.repair.reference import fault_types_for
from tests.factories import PersonFactory
from tests.repair.helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(venue, coordinator):
    return make_event(venue, coordinator)


def test_intake_needs_only_a_category_and_the_problem(event, facilitator):
    item = actions.intake_item(
        actor=facilitator, event=event, category_id="16", problem="  Ne démarre plus  "
    )
    assert item.status == ItemStatus.WAITING
    assert item.category_id == 16 and item.category_label == "Ordinateur portable"
    assert item.problem == "Ne démarre plus"
    assert item.person is None and item.owner_name == "Anonyme"
    assert AuditEntry.objects.filter(object_id=item.pk, venue=event.venue).exists()


def test_intake_keeps_the_details_given(event, facilitator, venue):
    person = PersonFactory(venue=venue, first_name="Odette")
    item = actions.intake_item(
        actor=facilitator,
        event=event,
        category_id=30,
        problem="L’écran est fissuré",
        person=person,
        brand="Samsung",
        model="Tab A",
        age_years="3,5",
        year_of_manufacture=2021,
        fault_type="Screen",
    )
    item.refresh_from_db()
    assert (item.brand, item.model, str(item.age_years), item.year_of_manufacture) == (
        "Samsung",
        "Tab A",
        "3.5",
        2021,
    )
    assert item.fault_type == "Screen" and item.owner_name == "Odette"


@pytest.mark.parametrize("category", [0, 41, "", None, "ordinateur"])
def test_an_unknown_category_is_refused(event, facilitator, category):
    with pytest.raises(RepairError, match="Catégorie inconnue"):
        actions.intake_item(actor=facilitator, event=event, category_id=category, problem="x")
    assert not RepairItem.objects.exists()


def test_a_fault_type_of_another_category_is_refused(event, facilitator):
    # "Paper feed" is a printer fault, not a laptop's.
    with pytest.raises(
        RepairError, match="ne correspond pas à la catégorie « Ordinateur portable »"
    ):
        actions.intake_item(
            actor=facilitator, event=event, category_id=16, problem="x", fault_type="Paper feed"
        )
    with pytest.raises(RepairError, match="ne correspond pas"):
        actions.intake_item(
            actor=facilitator, event=event, category_id=14, problem="x", fault_type="Screen"
        )
    assert not RepairItem.objects.exists()


def test_each_device_family_has_its_ords_fault_list():
    assert len(fault_types_for(4)) == len(fault_types_for(16)) == 20
    assert len(fault_types_for(30)) == 26
    assert len(fault_types_for(25)) == 23
    assert "USB/charging port" in fault_types_for(19)
    assert fault_types_for(14) == ()


def test_the_problem_is_required(event, facilitator):
    with pytest.raises(RepairError, match="Notez le problème"):
        actions.intake_item(actor=facilitator, event=event, category_id=19, problem="   ")


def test_a_person_of_another_venue_is_refused(event, facilitator, other_venue):
    with pytest.raises(RepairError, match="pas suivie par ce lieu"):
        actions.intake_item(
            actor=facilitator,
            event=event,
            category_id=19,
            problem="x",
            person=PersonFactory(venue=other_venue),
        )


@pytest.mark.parametrize(
    ("age", "year", "message"),
    [("vieux", None, "nombre d’années"), (120, None, "entre 0 et 99"), (None, 1850, "entre 1900")],
)
def test_an_impossible_age_is_refused(event, facilitator, age, year, message):
    with pytest.raises(RepairError, match=message):
        actions.intake_item(
            actor=facilitator,
            event=event,
            category_id=19,
            problem="x",
            age_years=age,
            year_of_manufacture=year,
        )
