from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "comptoir.reports"
    verbose_name = _("Rapports")

    def ready(self) -> None:
        from comptoir.reports import signals

        signals.connect()
