from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "comptoir.venues"
    verbose_name = _("Lieux")
