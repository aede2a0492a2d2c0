from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    name = "comptoir.kernel"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from comptoir.kernel import services

        # Every app's service.py declares what it contributes (see services.py).
        services.discover()
