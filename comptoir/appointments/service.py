"""Appointments declare themselves to the kernel's registry (see kernel/services.py)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import (
    BackupTable,
    Contribution,
    JournalSource,
    NavEntry,
    Service,
    register,
)

SOURCE = "appointment"  # journal.Activity.source of an honoured appointment


class AppointmentCapability(StrEnum):
    VIEW_APPOINTMENTS = "view_appointments"
    BOOK_APPOINTMENTS = "book_appointments"  # book, move, cancel
    CLOSE_APPOINTMENTS = "close_appointments"  # done, no-show, excused
    CONFIGURE_APPOINTMENTS = "configure_appointments"  # reasons, hours, booking rules


register(
    Service(
        key="appointments",
        label=_("Rendez-vous"),
        capabilities={
            AppointmentCapability.VIEW_APPOINTMENTS: frozenset({"mediator", "facilitator"}),
            AppointmentCapability.BOOK_APPOINTMENTS: frozenset({"mediator", "facilitator"}),
            AppointmentCapability.CLOSE_APPOINTMENTS: frozenset({"mediator"}),
            AppointmentCapability.CONFIGURE_APPOINTMENTS: frozenset(),
        },
        nav=(
            NavEntry(
                "appointments",
                _("Rendez-vous"),
                "appointments:agenda",
                AppointmentCapability.VIEW_APPOINTMENTS,
                order=20,
            ),
        ),
        venue_panels=(Contribution("comptoir.appointments.panels.today_panel", order=20),),
        public_links=(Contribution("comptoir.appointments.panels.booking_link", order=10),),
        person_panels=(
            Contribution("comptoir.appointments.panels.person_appointments_panel", order=20),
        ),
        journal_sources=(JournalSource(SOURCE, _("Rendez-vous"), order=20),),
        backup_tables=(BackupTable("appointments", "appointments.Appointment", order=60),),
    )
)
