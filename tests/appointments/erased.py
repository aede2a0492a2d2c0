"""Appointments refuse an erased person (tests/people/closed.py)."""

from django.urls import reverse

from comptoir.appointments import notices
from comptoir.appointments.actions import BookingError, book_appointment
from comptoir.appointments.models import Appointment, BookingSource
from comptoir.notifications.models import Message
from tests.appointments.factories_public import at
from tests.people.closed import assert_refused


def staff_book_an_appointment_for_them(closed):
    assert_refused(
        BookingError,
        book_appointment,
        appointment_type=closed.trace.appointment.type,
        starts_at=at(4, 10),
        first_name="Josiane",
        topic="Mon nouveau téléphone",
        person=closed.person,
        booked_by=closed.staff,
        source=BookingSource.STAFF,
    )


def staff_open_the_booking_form_for_them(closed):
    url = reverse("appointments:staff_book", args=[closed.venue.slug])
    assert closed.client.get(f"{url}?person={closed.person.pk}").status_code == 404


def their_appointment_sends_them_news(closed):
    """Their booking stays in the agenda: what it would tell them reaches nobody."""
    appointment = Appointment.objects.get(pk=closed.trace.appointment.pk)
    count = Message.objects.count()
    notices.appointment_booked(appointment)
    notices.appointment_moved(appointment)
    notices.appointment_cancelled(appointment)
    assert Message.objects.count() == count


ATTEMPTS = {
    "appointments": [staff_book_an_appointment_for_them, staff_open_the_booking_form_for_them],
    "messages": [their_appointment_sends_them_news],
}
