from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "comptoir.ops"
    verbose_name = _("Exploitation")

    def ready(self) -> None:
        from comptoir.ops import checks  # noqa: F401  (registers the system checks)
