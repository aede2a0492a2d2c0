from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "comptoir.journal"
    verbose_name = _("Journal des accompagnements")

    def ready(self) -> None:
        from comptoir.journal.panels import journal_panel
        from comptoir.venues import panels

        panels.register(journal_panel, order=10)
