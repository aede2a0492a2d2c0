"""Two mediators press "Prendre la suivante" at the same instant: they get different people.

Real concurrency needs real row locks: this runs on PostgreSQL only (CI runs the
suite on both databases). On SQLite, writes are serialised by BEGIN IMMEDIATE;
test_actions.py covers that case.
"""

import threading

import pytest
from django.db import connection, connections

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import HelpRequest, Status
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEDIATORS = 4


def _simultaneously(functions):
    """Run each function in its own thread (own connection), released together."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, function)) for i, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SKIP LOCKED)"
)
def test_simultaneous_take_next_never_gives_the_same_person_twice(venue):
    mediators = []
    for i in range(MEDIATORS):
        user = UserFactory(username=f"race-{i}")
        MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
        mediators.append(user)
    HelpRequestFactory.create_batch(MEDIATORS, venue=venue)

    results = _simultaneously(
        [lambda user=user: actions.take_next(venue=venue, actor=user) for user in mediators]
    )

    assert all(isinstance(r, HelpRequest) for r in results), results
    assert len({r.pk for r in results}) == MEDIATORS
    taken = HelpRequest.objects.filter(status=Status.IN_PROGRESS)
    assert taken.count() == MEDIATORS
    assert {r.mediator_id for r in taken} == {u.pk for u in mediators}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SKIP LOCKED)"
)
def test_two_mediators_for_one_waiting_person_one_gets_them_the_other_is_told(venue):
    mediators = []
    for i in range(2):
        user = UserFactory(username=f"duel-{i}")
        MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
        mediators.append(user)
    HelpRequestFactory(venue=venue)

    results = _simultaneously(
        [lambda user=user: actions.take_next(venue=venue, actor=user) for user in mediators]
    )

    assert sum(isinstance(r, HelpRequest) for r in results) == 1, results
    assert sum(isinstance(r, actions.QueueEmpty) for r in results) == 1, results
