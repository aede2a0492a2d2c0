from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "comptoir.helpdesk"
    verbose_name = _("Café numérique")

    def ready(self) -> None:
        from comptoir.helpdesk.panels import helpdesk_panel
        from comptoir.venues import panels

        panels.register(helpdesk_panel, order=5)
