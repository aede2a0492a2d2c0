"""The venue's outbox for staff: what is waiting, what failed, a retry button.

A message that cannot be sent is never dropped silently: it stays here, with
the error and the time of the next attempt, until it is sent or given up.
"""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.notifications.actions import retry_now
from comptoir.notifications.lookups import get_message_for
from comptoir.notifications.models import Message, MessageStatus
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

LIST_SIZE = 100


@venue_view(Capability.VIEW_MESSAGES)
def outbox(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    now = timezone.now()
    mine = Message.objects.filter(venue=venue)
    problems = list(
        mine.filter(
            Q(status=MessageStatus.FAILED, created_at__gte=now - datetime.timedelta(days=30))
            | Q(status=MessageStatus.PENDING, attempts__gt=0)
        ).order_by("-created_at")[:LIST_SIZE]
    )
    upcoming = list(
        mine.filter(status=MessageStatus.PENDING, attempts=0).order_by("send_after")[:LIST_SIZE]
    )
    week = mine.filter(created_at__gte=now - datetime.timedelta(days=7)).aggregate(
        sent=Count("pk", filter=Q(status=MessageStatus.SENT)),
        pending=Count("pk", filter=Q(status=MessageStatus.PENDING)),
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
    )
    return render(
        request,
        "notifications/outbox.html",
        {
            "venue": venue,
            "problems": problems,
            "upcoming": upcoming,
            "week": week,
            "nav": "messages",
        },
    )


@require_POST
@venue_view(Capability.VIEW_MESSAGES)
def retry(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    message = get_message_for(membership, pk)
    if retry_now(message):
        messages.success(request, _("Le message sera renvoyé dans un instant."))
    else:
        messages.error(request, _("Ce message n’est plus à envoyer."))
    return redirect("notifications:outbox", membership.venue.slug)
