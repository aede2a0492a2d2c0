from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "comptoir.workshops"
    verbose_name = _("Ateliers")

    def ready(self) -> None:
        from comptoir.venues import panels
        from comptoir.workshops.panels import agenda_link, person_workshops_panel, week_panel

        panels.register_public_link(agenda_link, order=20)
        panels.register(week_panel, order=30)
        panels.register_person_panel(person_workshops_panel, order=30)
