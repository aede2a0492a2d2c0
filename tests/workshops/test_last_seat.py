"""The last seat: two people taking it at the same moment — exactly one gets
it, the other is wait-listed (proved on PostgreSQL, where requests really run
in parallel)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.workshops import actions
from comptoir.workshops.models import Registration, RegistrationSource
from comptoir.workshops.models import RegistrationStatus as R
from tests.factories import PersonFactory, SessionFactory

THREADS = 6


@pytest.mark.django_db
def test_the_database_refuses_two_people_on_one_seat(venue):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    first = actions.register(session=session, first_name="Alice", phone="+33611111111")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session,
            person=PersonFactory(venue=venue),
            first_name="Bob",
            status=R.CONFIRMED,
            seat=first.seat,
            source=RegistrationSource.ONLINE,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        # …nor the same person twice in one session.
        Registration.objects.create(
            session=session,
            person=first.person,
            first_name="Alice",
            status=R.WAITLISTED,
            source=RegistrationSource.ONLINE,
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_people_taking_the_last_seat_at_the_same_moment(venue):
    session = SessionFactory(workshop__venue=venue, capacity=3)
    actions.register(session=session, first_name="Déjà là 1", phone="+33600000001")
    actions.register(session=session, first_name="Déjà là 2", phone="+33600000002")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def visitor(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            registration = actions.register(
                session=session, first_name=f"Visiteur {n}", phone=f"+3361000000{n}"
            )
            outcome = registration.status
        except Exception as error:  # reported by the assertion below
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [R.CONFIRMED] + [R.WAITLISTED] * (THREADS - 1)
    seats = sorted(
        Registration.objects.filter(session=session, seat__isnull=False).values_list(
            "seat", flat=True
        )
    )
    assert seats == [1, 2, 3]
    waiting = Registration.objects.filter(session=session, status=R.WAITLISTED)
    assert waiting.count() == THREADS - 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_freed_seat_goes_once_when_cancellations_race(venue):
    session = SessionFactory(workshop__venue=venue, capacity=2)
    seated = [
        actions.register(session=session, first_name=f"Assis {n}", phone=f"+3362000000{n}")
        for n in range(2)
    ]
    waiting = [
        actions.register(session=session, first_name=f"Attente {n}", phone=f"+3363000000{n}")
        for n in range(3)
    ]
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def cancel(registration) -> None:
        try:
            barrier.wait(timeout=10)
            actions.cancel_registration(registration=registration, by_visitor=True)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in seated]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    for registration in waiting:
        registration.refresh_from_db()
    # The first two on the list got the two seats, the third still waits.
    assert [r.status for r in waiting] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]
    assert sorted(r.seat for r in waiting[:2]) == [1, 2]
