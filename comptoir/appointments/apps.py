from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "comptoir.appointments"
    verbose_name = _("Rendez-vous")

    def ready(self) -> None:
        from comptoir.appointments.panels import (
            booking_link,
            person_appointments_panel,
            today_panel,
        )
        from comptoir.venues import panels

        panels.register(today_panel, order=20)
        panels.register_public_link(booking_link, order=10)
        panels.register_person_panel(person_appointments_panel, order=20)
