"""The reports' panel on the venue home page: a way to the venue's figures
(for a funder or network partner, the only thing their home leads to)."""

from comptoir.venues.roles import Capability


def reports_panel(membership):
    if not membership.allows(Capability.VIEW_REPORTS):
        return None
    return "reports/panel.html", {}
