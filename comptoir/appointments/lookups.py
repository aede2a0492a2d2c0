"""Fetch-and-authorise helpers of the appointment views: always scoped to the venue."""

from comptoir.appointments.models import Appointment, AppointmentType
from comptoir.venues.models import Membership


def get_type_for(membership: Membership, pk: int) -> AppointmentType:
    """A reason of the membership's venue, or 404."""
    return AppointmentType.objects.get_for(membership, pk=pk)


def get_appointment_for(membership: Membership, pk: int) -> Appointment:
    """An appointment of the membership's venue, or 404."""
    return Appointment.objects.select_related(
        "venue", "type", "type__outreach_venue", "mediator", "person", "booked_by"
    ).get_for(membership, pk=pk)
