"""The appointments' panel on the venue home page: today's appointments."""

import datetime

from django.utils import timezone

from comptoir.appointments.models import Appointment
from comptoir.appointments.service import AppointmentCapability


def today_panel(membership):
    if not membership.allows(AppointmentCapability.VIEW_APPOINTMENTS):
        return None
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    appointments = list(
        Appointment.objects.filter(
            venue=membership.venue,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("type", "mediator")
        .order_by("starts_at", "pk")
    )
    return "appointments/staff/panel.html", {
        "appointments": appointments,
        "mine": sum(1 for a in appointments if a.mediator_id == membership.user_id and a.is_active),
        "today": today,
    }


def booking_link(venue):
    """'Prendre rendez-vous' on the venue's public page, when something is bookable."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not venue.appointment_types.filter(active=True, bookable_online=True).exists():
        return None
    return _("Prendre rendez-vous en ligne"), reverse(
        "appointments:public_start", args=[venue.slug]
    )


def person_appointments_panel(membership, person):
    """On the person page: upcoming appointments and how many were missed."""
    if not membership.allows(AppointmentCapability.VIEW_APPOINTMENTS):
        return None
    from django.db.models import Count, Q

    from comptoir.appointments.models import AppointmentStatus

    appointments = Appointment.objects.filter(venue=membership.venue, person=person)
    upcoming = list(
        appointments.filter(status=AppointmentStatus.BOOKED, starts_at__gte=timezone.now())
        .select_related("type", "mediator")
        .order_by("starts_at")[:5]
    )
    past = appointments.aggregate(
        done=Count("pk", filter=Q(status=AppointmentStatus.DONE)),
        no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
    )
    return "appointments/staff/person_panel.html", {
        "person": person,
        "upcoming": upcoming,
        "done": past["done"],
        "no_show": past["no_show"],
    }
