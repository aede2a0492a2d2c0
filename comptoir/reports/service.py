"""Reports in the kernel's registry: navigation and the venue home panel."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import Contribution, NavEntry, Service, register

register(
    Service(
        key="reports",
        label=_("Rapports"),
        nav=(NavEntry("reports", _("Rapports"), "reports:venue", "view_reports", order=100),),
        venue_panels=(Contribution("comptoir.reports.panels.reports_panel", order=90),),
    )
)
