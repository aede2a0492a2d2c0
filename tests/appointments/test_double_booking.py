"""Two people can never get the same slot: the database refuses the second
booking, whatever the timing (unique slot holds per mediator and quarter hour)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.appointments import actions
from comptoir.appointments.models import Appointment, SlotHold
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
)

THREADS = 6


@pytest.mark.django_db
def test_the_database_refuses_overlapping_holds_for_one_mediator(venue):
    camille = mediator_at(venue, "camille")
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=45, mediators=[camille])
    day = next_weekday(0)
    first = make_appointment(reason, camille, local(day, 10))
    second = make_appointment(reason, camille, local(day, 10, 30), hold=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotHold.objects.create(
            mediator=camille, block_start=local(day, 10, 30), appointment=second
        )
    assert SlotHold.objects.filter(appointment=first).count() == 3
    assert not SlotHold.objects.filter(appointment=second).exists()
    # Another mediator may of course be busy at the same time.
    dominique = mediator_at(venue, "dominique")
    SlotHold.objects.create(mediator=dominique, block_start=local(day, 10, 30), appointment=second)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proved on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_people_booking_the_same_slot_at_the_same_moment_get_it_only_once(venue):
    camille = mediator_at(venue, "camille")
    every_day(venue, camille)
    reason = AppointmentTypeFactory(venue=venue, duration_minutes=45, mediators=[camille])
    starts_at = local(next_weekday(1), 10)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def visitor(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            actions.book_appointment(
                appointment_type=reason, starts_at=starts_at, first_name=f"Visiteur {n}"
            )
            outcome = "booked"
        except actions.BookingError:
            outcome = "refused"
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

    assert sorted(outcomes) == ["booked"] + ["refused"] * (THREADS - 1)
    appointment = Appointment.objects.get()
    assert appointment.starts_at == starts_at
    assert SlotHold.objects.filter(appointment=appointment).count() == 3
    assert SlotHold.objects.count() == 3
