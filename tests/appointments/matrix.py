"""Appointments' URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime

from django.utils import timezone

from comptoir.appointments.models import BLOCK
from comptoir.venues.roles import Role
from tests.appointments.factories import AppointmentTypeFactory, every_day, make_appointment
from tests.factories import MembershipFactory, UserFactory

POST_ONLY = {"appointments:cancel", "appointments:close"}


def build_world(venue) -> dict:
    """A reason offered by one mediator, and a booked appointment that has just begun
    (so it can be shown, moved, cancelled or closed)."""
    mediator = UserFactory(username="matrix-appointments-mediator")
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
