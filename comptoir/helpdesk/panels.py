"""The café numérique's panel on the venue home page: who is waiting now, who was helped today."""

from django.db.models import Count, Q
from django.utils import timezone

from comptoir.helpdesk.models import HelpRequest, Outcome, Status
from comptoir.helpdesk.service import HelpdeskCapability


def helpdesk_panel(membership):
    if not membership.allows(HelpdeskCapability.RUN_COUNTER):
        return None
    figures = HelpRequest.objects.filter(
        Q(status__in=[Status.WAITING, Status.IN_PROGRESS]) | Q(day=timezone.localdate()),
        venue=membership.venue,
    ).aggregate(
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        helped_today=Count(
            "pk",
            filter=Q(day=timezone.localdate(), status=Status.CLOSED)
            & ~Q(outcome=Outcome.LEFT_BEFORE_HELP),
        ),
    )
    return "helpdesk/panel.html", {"figures": figures}
