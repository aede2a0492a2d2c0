"""The person's own record stays closed (tests/people/closed.py)."""

from django.urls import reverse

from comptoir.audit.actions import snapshot
from comptoir.people.actions import AUDITED_FIELDS, PersonError, update_person
from tests.people.closed import assert_refused


def staff_edit_their_record(closed):
    person = closed.person
    before = snapshot(person, AUDITED_FIELDS)
    person.first_name, person.phone = "Josiane", "+33612345678"
    assert_refused(PersonError, update_person, actor=closed.staff, person=person, before=before)


def staff_edit_their_record_from_the_page(closed):
    url = reverse("people:edit", args=[closed.venue.slug, closed.person.pk])
    response = closed.client.post(url, {"first_name": "Josiane", "phone": "06 12 34 56 78"})
    assert response.status_code == 302 and response["Location"] == closed.person_url()


# The record itself is the export's "Fiche", not a section of the registry.
ATTEMPTS = {"person": [staff_edit_their_record, staff_edit_their_record_from_the_page]}
