"""The live queue of a venue and the estimated wait — read-only, a constant number of queries.

Estimated wait (documented in docs and tested in tests/helpdesk/test_queue.py):

    typical  = median length (started → ended) of the last 50 helps closed at this
               venue in the last 14 days, people who left before being helped excluded;
               the venue's timebox when fewer than 3 such helps exist.
    helpers  = number of mediators helping someone right now, at least 1.
    wait(p)  = ceil(p × typical / helpers) minutes, for the person at position p (1 = next).

Position 1 waits for one help to finish on one of the `helpers` desks, position 2 for
two, and so on. The board rounds the figure up to the next 5 minutes ("environ 15 min"):
an estimate, not a promise.
"""

import datetime
import math
import statistics
from dataclasses import dataclass, field

from django.utils import timezone

from comptoir.helpdesk.models import HelpdeskSettings, HelpRequest, Outcome, Status

RECENT_DAYS = 14
RECENT_SAMPLE = 50
MIN_SAMPLES = 3


def estimate_wait(position: int, typical_minutes: float, helpers: int) -> int:
    """Minutes the person at `position` (1-based) should expect to wait."""
    if position < 1:
        return 0
    return math.ceil(position * typical_minutes / max(1, helpers))


def rounded_wait(minutes: int) -> int:
    """Rounded up to the next 5 minutes, at least 5: what the board and kiosk say."""
    return max(5, math.ceil(minutes / 5) * 5)


def typical_help_minutes(venue, timebox_minutes: int, now: datetime.datetime) -> float:
    """Median help length at the venue recently (one query), else the timebox."""
    rows = list(
        HelpRequest.objects.filter(
            venue=venue,
            status=Status.CLOSED,
            started_at__isnull=False,
            ended_at__gte=now - datetime.timedelta(days=RECENT_DAYS),
        )
        .exclude(outcome=Outcome.LEFT_BEFORE_HELP)
        .order_by("-ended_at")
        .values_list("started_at", "ended_at")[:RECENT_SAMPLE]
    )
    if len(rows) < MIN_SAMPLES:
        return float(timebox_minutes)
    return statistics.median((end - start).total_seconds() / 60 for start, end in rows)


@dataclass
class WaitingEntry:
    help_request: HelpRequest
    position: int
    wait_minutes: int

    @property
    def wait_rounded(self) -> int:
        return rounded_wait(self.wait_minutes)


@dataclass
class QueueState:
    waiting: list[WaitingEntry] = field(default_factory=list)
    in_progress: list[HelpRequest] = field(default_factory=list)
    typical_minutes: float = 15.0
    helpers: int = 1
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def waiting_count(self) -> int:
        return len(self.waiting)

    def entry_for(self, pk: int) -> WaitingEntry | None:
        return next((e for e in self.waiting if e.help_request.pk == pk), None)

    def helping(self, user) -> HelpRequest | None:
        return next((r for r in self.in_progress if r.mediator_id == user.pk), None)


def queue_state(venue, helpdesk_settings: HelpdeskSettings | None = None, now=None) -> QueueState:
    """Everyone waiting or being helped at the venue: two queries (three without settings)."""
    now = now or timezone.now()
    helpdesk_settings = helpdesk_settings or HelpdeskSettings.for_venue(venue)
    open_requests = list(
        HelpRequest.objects.filter(venue=venue, status__in=[Status.WAITING, Status.IN_PROGRESS])
        .select_related("mediator", "person")
        .order_by("arrived_at", "pk")
    )
    in_progress = [r for r in open_requests if r.status == Status.IN_PROGRESS]
    helpers = len({r.mediator_id for r in in_progress}) or 1
    typical = typical_help_minutes(venue, helpdesk_settings.timebox_minutes, now)
    waiting = [
        WaitingEntry(request, position, estimate_wait(position, typical, helpers))
        for position, request in enumerate(
            (r for r in open_requests if r.status == Status.WAITING), start=1
        )
    ]
    return QueueState(
        waiting=waiting, in_progress=in_progress, typical_minutes=typical, helpers=helpers, now=now
    )
