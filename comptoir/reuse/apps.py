from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReuseConfig(AppConfig):
    name = "comptoir.reuse"
    verbose_name = _("Collecte et reconditionnement")
