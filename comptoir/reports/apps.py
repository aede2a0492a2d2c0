from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "comptoir.reports"
    verbose_name = _("Rapports")

    def ready(self) -> None:
        from comptoir.reports import signals
        from comptoir.reports.panels import reports_panel
        from comptoir.venues import panels

        panels.register(reports_panel, order=90)
        signals.connect()
