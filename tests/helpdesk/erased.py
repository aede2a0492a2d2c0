"""The café numérique refuses an erased person (tests/people/closed.py)."""

from django.urls import reverse

from comptoir.helpdesk.actions import HelpdeskError, check_in_walk_in
from comptoir.helpdesk.models import HelpRequest
from comptoir.helpdesk.topics import Topic
from tests.people.closed import assert_refused


def staff_check_them_in(closed):
    assert_refused(
        HelpdeskError,
        check_in_walk_in,
        venue=closed.venue,
        topic=Topic.EMAIL,
        first_name="Josiane",
        person=closed.person,
        actor=closed.staff,
    )


def staff_check_them_in_from_the_counter(closed):
    count = HelpRequest.objects.count()
    url = reverse("helpdesk:queue", args=[closed.venue.slug])
    assert closed.client.get(f"{url}?person={closed.person.pk}").status_code == 404
    response = closed.client.post(url, {"topic": Topic.EMAIL, "person": closed.person.pk})
    assert response.status_code == 404
    assert HelpRequest.objects.count() == count


ATTEMPTS = {"helpdesk": [staff_check_them_in, staff_check_them_in_from_the_counter]}
