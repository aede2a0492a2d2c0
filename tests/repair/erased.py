"""The repair café refuses an erased person (tests/people/closed.py)."""

from django.urls import reverse

from comptoir.repair.actions import RepairError, add_repairer, intake_item, start_repair
from tests.people.closed import assert_refused


def staff_take_in_their_object(closed):
    assert_refused(
        RepairError,
        intake_item,
        actor=closed.staff,
        event=closed.trace.repair_item.event,
        category_id=16,
        problem="L’écran reste noir",
        person=closed.person,
    )


def staff_pick_them_at_intake(closed):
    event = closed.trace.repair_item.event
    url = reverse("repair:intake", args=[closed.venue.slug, event.pk])
    page = closed.client.get(f"{url}?person={closed.person.pk}").content.decode()
    assert 'name="person"' not in page and "(personne suivie)" not in page
    response = closed.client.post(
        url, {"person": closed.person.pk, "category": "16", "problem": "L’écran reste noir"}
    )
    assert response.status_code in (200, 302)  # recorded, if at all, for nobody


def staff_make_them_a_repairer(closed):
    event = closed.trace.repair_item.event
    assert_refused(RepairError, add_repairer, actor=closed.staff, event=event, person=closed.person)
    assert_refused(
        RepairError,
        start_repair,
        actor=closed.staff,
        item=closed.trace.repair_item,
        person=closed.person,
    )


ATTEMPTS = {
    "repair": [staff_take_in_their_object, staff_pick_them_at_intake],
    "repair_volunteering": [staff_make_them_a_repairer],
}
