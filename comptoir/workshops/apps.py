from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "comptoir.workshops"
    verbose_name = _("Ateliers")

    def ready(self) -> None:
        from comptoir.venues import panels
        from comptoir.workshops.panels import agenda_link

        panels.register_public_link(agenda_link, order=20)
