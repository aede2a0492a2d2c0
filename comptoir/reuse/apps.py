from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReuseConfig(AppConfig):
    name = "comptoir.reuse"
    verbose_name = _("Collecte et reconditionnement")

    def ready(self) -> None:
        from comptoir.reuse.panels import devices_panel
        from comptoir.venues import panels

        panels.register(devices_panel, order=40)
