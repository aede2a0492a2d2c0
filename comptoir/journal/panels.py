"""The journal's panel on the venue home page: today's and this month's figures."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from comptoir.journal.models import Activity, ActivityTheme
from comptoir.venues.roles import Capability


def journal_panel(membership):
    if not membership.allows(Capability.VIEW_JOURNAL):
        return None
    venue = membership.venue
    today = timezone.localdate()
    figures = Activity.objects.filter(venue=venue, date__gte=today.replace(day=1)).aggregate(
        today=Count("pk", filter=Q(date=today)),
        month=Count("pk"),
        month_minutes=Sum("duration_minutes"),
    )
    recent = (
        Activity.objects.filter(venue=venue)
        .select_related("mediator")
        .prefetch_related(
            Prefetch("themes", queryset=ActivityTheme.objects.order_by("-kind", "pk"))
        )
        .order_by("-date", "-pk")[:5]
    )
    return "journal/panel.html", {
        "figures": figures,
        "month_hours": round((figures["month_minutes"] or 0) / 60),
        "recent": recent,
    }
