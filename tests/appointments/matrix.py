"""Appointments' URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime

from django.utils import timezone

from comptoir.appointments.links import make_token
from comptoir.appointments.models import BLOCK
from comptoir.venues.roles import Role
from tests.appointments.factories import AppointmentTypeFactory, every_day, make_appointment
from tests.factories import MembershipFactory, UserFactory

POST_ONLY = {"appointments:cancel", "appointments:close"}


def build_world(venue) -> dict:
    """A reason offered by one mediator, and a booked appointment that has just begun
    (so it can be shown, moved, cancelled or closed)."""
    mediator = UserFactory(username=f"matrix-appointments-mediator-{venue.slug}")
    MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
    every_day(venue, mediator)
    appointment_type = AppointmentTypeFactory(
        venue=venue, name="Démarches en ligne", mediators=[mediator]
    )
    now = timezone.now().replace(second=0, microsecond=0)
    starts_at = now - datetime.timedelta(minutes=now.minute % 15) - BLOCK
    appointment = make_appointment(appointment_type, mediator, starts_at, first_name="Odette")
    return {"appointment_type": appointment_type, "appointment": appointment}


URL_ARGS = {
    "appointments:agenda": lambda w: [],
    "appointments:staff_book": lambda w: [],
    "appointments:detail": lambda w: [w["appointment"].pk],
    "appointments:move": lambda w: [w["appointment"].pk],
    "appointments:cancel": lambda w: [w["appointment"].pk],
    "appointments:close": lambda w: [w["appointment"].pk],
    "appointments:types": lambda w: [],
    "appointments:type_create": lambda w: [],
    "appointments:type_edit": lambda w: [w["appointment_type"].pk],
    "appointments:availability": lambda w: [],
}

# Public pages (see tests/test_permission_matrix.py): all the URL's arguments.
PUBLIC_URLS = {
    "appointments:public_start": lambda w: [w["venue"].slug],
    "appointments:public_slots": lambda w: [w["venue"].slug, w["appointment_type"].pk],
    # No time chosen in the address: the plain "choose a time again" page.
    "appointments:public_book": (lambda w: [w["venue"].slug, w["appointment_type"].pk], 400),
    "appointments:manage": lambda w: [make_token(w["appointment"])],
    "appointments:manage_ics": lambda w: [make_token(w["appointment"])],
    # The appointment has begun: it can no longer be moved or cancelled online.
    "appointments:manage_move": (lambda w: [make_token(w["appointment"])], 302),
    "appointments:manage_cancel": (lambda w: [make_token(w["appointment"])], 302),
}
