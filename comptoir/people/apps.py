from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "comptoir.people"
    verbose_name = _("Personnes accompagnées")

    def ready(self) -> None:
        from comptoir.people import privacy

        # Every app's privacy.py registers what it keeps about a person.
        privacy.discover()
