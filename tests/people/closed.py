"""Erased means closed: what each app's `tests/<app>/erased.py` is given and uses.

Each app lists, under the key of every privacy section it registers (see
comptoir/people/privacy.py), the ways staff could attach something new to a person:
`ATTEMPTS = {section_key: [attempt, …]}`. An attempt receives a `Closed` (a person
known to every app, then erased) and asserts that it is refused with the plain-French
message, or that what it records is attached to nobody; the harness
(tests/people/test_erased_means_closed.py) then checks that the person's export did not
change, so nothing new was attached to them anywhere.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from comptoir.people import privacy
from comptoir.people.models import ERASED_REFUSAL, Person
from tests.people.privacy_world import Trace

# The export's date, fixed so that two exports of the same data are equal.
EXPORTED_AT = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Closed:
    venue: object
    staff: object  # a coordinator of the venue
    client: Client  # logged in as `staff`
    trace: Trace  # the person's records in every app, from before the erasure

    @property
    def person(self) -> Person:
        return Person.objects.get(pk=self.trace.person.pk)

    def export(self) -> dict:
        return privacy.export_person(self.person, now=EXPORTED_AT)

    def person_url(self) -> str:
        return reverse("people:detail", args=[self.venue.slug, self.trace.person.pk])


def assert_refused(error: type[Exception], action, **kwargs) -> None:
    """`action(**kwargs)` raises the app's refusal with the erased-person message."""
    with pytest.raises(error) as info:
        action(**kwargs)
    assert info.value.message == str(ERASED_REFUSAL)


def refusal_shown(response) -> bool:
    """The page (or the message flashed before a redirect) gives the refusal."""
    flashed = [str(m) for m in get_messages(response.wsgi_request)]
    return str(ERASED_REFUSAL) in flashed or str(ERASED_REFUSAL) in response.content.decode()
