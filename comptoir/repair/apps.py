from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairConfig(AppConfig):
    name = "comptoir.repair"
    verbose_name = _("Repair café")

    def ready(self) -> None:
        from comptoir.repair.panels import next_event_panel
        from comptoir.venues import panels

        panels.register(next_event_panel, order=35)
