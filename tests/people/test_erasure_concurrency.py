"""An erasure and a new record for the same person at the same instant: either the
record is refused, or it is written first and then erased. Never left behind.

Both lock the person's row (erase_person, refuse_erased); real row locks need
PostgreSQL (CI runs the suite on both databases).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import HelpRequest
from comptoir.helpdesk.topics import Topic
from comptoir.people import privacy
from comptoir.people.models import ERASED_REFUSAL
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

# How long the first transaction stays open once the second one is on its way.
HOLD_SECONDS = 0.5


def _in_threads(first, second):
    """Run `first(ready)` then, once it calls `ready()`, `second()`; `first` keeps its
    transaction open for HOLD_SECONDS after that. Returns what each returned or raised."""
    started, results = threading.Event(), [None, None]

    def ready():
        started.set()
        time.sleep(HOLD_SECONDS)

    def run(index, function, *args):
        try:
            results[index] = function(*args)
        except Exception as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, first, ready)),
        threading.Thread(target=lambda: started.wait(10) and run(1, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _check_in(person):
    return actions.check_in_walk_in(
        venue=person.venue, topic=Topic.EMAIL, first_name="Josiane", person=person
    )


def test_a_walk_in_written_while_the_erasure_waits_is_erased_with_the_rest(venue, coordinator):
    person = PersonFactory(venue=venue, first_name="Josiane")

    def check_in_then_hold(ready):
        with transaction.atomic():
            help_request = _check_in(person)
            ready()
        return help_request

    results = _in_threads(
        check_in_then_hold, lambda: privacy.erase_person(actor=coordinator, person=person)
    )
    assert isinstance(results[0], HelpRequest), results
    help_request = HelpRequest.objects.get(pk=results[0].pk)
    assert help_request.person_id == person.pk and help_request.first_name == ""


def test_a_walk_in_asked_while_the_erasure_runs_is_refused(venue, coordinator):
    person = PersonFactory(venue=venue, first_name="Josiane")

    def erase_then_hold(ready):
        with transaction.atomic():
            privacy.erase_person(actor=coordinator, person=person)
            ready()

    results = _in_threads(erase_then_hold, lambda: _check_in(person))
    assert isinstance(results[1], actions.HelpdeskError), results
    assert results[1].message == str(ERASED_REFUSAL)
    assert not HelpRequest.objects.filter(person=person).exists()
