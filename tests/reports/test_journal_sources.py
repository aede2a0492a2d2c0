"""What the services leave in the journal for reports: accompaniments dated on
the local (Europe/Paris) day, and the bookings people did not honour."""

import datetime

import pytest

from comptoir.appointments import actions as appointment_actions
from comptoir.journal.models import MissedBooking, Source
from comptoir.reports.figures import compute
from comptoir.reports.scope import Period, Scope
from comptoir.workshops.closing import close_session, set_attendance
from comptoir.workshops.models import Registration, RegistrationStatus
from tests.appointments.factories import AppointmentTypeFactory, local, make_appointment
from tests.factories import PersonFactory, SessionFactory, UserFactory

D = datetime.date
MARCH = Period(D(2026, 3, 1), D(2026, 3, 31))
APRIL = Period(D(2026, 4, 1), D(2026, 4, 30))


@pytest.fixture
def desk(venue):
    mediator = UserFactory(username="mediatrice")
    return AppointmentTypeFactory(venue=venue), mediator


def test_late_evening_appointment_counts_in_its_local_month(venue, desk):
    kind, mediator = desk
    # 23:30 in Paris on 31 March is 21:30 UTC; 00:15 on 1 April is still 31 March in UTC.
    last_of_march = make_appointment(kind, mediator, local(D(2026, 3, 31), 23, 30))
    first_of_april = make_appointment(kind, mediator, local(D(2026, 4, 1), 0, 15))
    appointment_actions.mark_done(appointment=last_of_march, actor=mediator)
    appointment_actions.mark_no_show(appointment=first_of_april, actor=mediator)

    march = compute(Scope((venue.pk,), MARCH))
    april = compute(Scope((venue.pk,), APRIL))
    assert (march.activities, march.missed_bookings) == (1, 0)
    assert (april.activities, april.missed_bookings) == (0, 1)
    assert april.no_show_rate == 100.0


def test_a_corrected_no_show_is_withdrawn(venue, desk):
    kind, mediator = desk
    appointment = make_appointment(kind, mediator, local(D(2026, 3, 10), 10))
    appointment_actions.mark_no_show(appointment=appointment, actor=mediator)
    assert MissedBooking.objects.filter(source=Source.APPOINTMENT).count() == 1
    # The person had come after all: the mark is corrected, the absence disappears.
    appointment_actions.mark_done(appointment=appointment, actor=mediator)
    assert not MissedBooking.objects.exists()
    figures = compute(Scope((venue.pk,), MARCH))
    assert (figures.honoured_bookings, figures.missed_bookings) == (1, 0)


def test_closing_a_workshop_records_the_absent(venue):
    session = SessionFactory(
        venue=venue,
        starts_at=local(D(2026, 3, 12), 14),
        ends_at=local(D(2026, 3, 12), 16),
    )
    came, absent = PersonFactory(venue=venue), PersonFactory(venue=venue)
    registrations = [
        Registration.objects.create(
            session=session, person=person, seat=seat, status=RegistrationStatus.CONFIRMED
        )
        for seat, person in enumerate([came, absent], start=1)
    ]
    set_attendance(actor=None, registration=registrations[0], present=True)
    close_session(actor=None, session=session)

    missed = MissedBooking.objects.get()
    assert (missed.person, missed.source, missed.date) == (absent, Source.WORKSHOP, D(2026, 3, 12))
    figures = compute(Scope((venue.pk,), MARCH))
    assert (figures.honoured_bookings, figures.missed_bookings) == (1, 1)
    assert figures.no_show_rate == 50.0
