"""The day's figures of a venue's café numérique — one query, whatever the number of walk-ins."""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from comptoir.helpdesk.models import HelpRequest, Outcome, Status
from comptoir.helpdesk.topics import Topic


def _median_minutes(values: list[float]) -> int | None:
    return round(statistics.median(values)) if values else None


@dataclass
class DaySummary:
    day: datetime.date
    arrived: int = 0
    helped: int = 0
    left_before_help: int = 0
    still_waiting: int = 0
    in_progress: int = 0
    escalations: int = 0
    referred: int = 0
    extended: int = 0
    from_kiosk: int = 0
    median_wait: int | None = None
    median_help: int | None = None
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)


def day_summary(venue, day: datetime.date) -> DaySummary:
    """Walk-ins who arrived at the venue on `day` (local date): one query."""
    rows = list(
        HelpRequest.objects.filter(venue=venue, day=day).values_list(
            "status",
            "outcome",
            "topic",
            "source",
            "extended",
            "arrived_at",
            "started_at",
            "ended_at",
        )
    )
    summary = DaySummary(day=day, arrived=len(rows))
    waits: list[float] = []
    helps: list[float] = []
    outcomes: Counter = Counter()
    topics: Counter = Counter()
    for status, outcome, topic, source, extended, arrived_at, started_at, ended_at in rows:
        topics[topic] += 1
        summary.from_kiosk += source == "kiosk"
        summary.extended += bool(extended)
        if started_at is not None:
            waits.append((started_at - arrived_at).total_seconds() / 60)
        if status == Status.WAITING:
            summary.still_waiting += 1
        elif status == Status.IN_PROGRESS:
            summary.in_progress += 1
        else:
            outcomes[outcome] += 1
            if outcome != Outcome.LEFT_BEFORE_HELP and started_at and ended_at:
                helps.append((ended_at - started_at).total_seconds() / 60)
    summary.helped = sum(n for o, n in outcomes.items() if o != Outcome.LEFT_BEFORE_HELP)
    summary.left_before_help = outcomes[Outcome.LEFT_BEFORE_HELP]
    summary.escalations = outcomes[Outcome.NEEDS_APPOINTMENT]
    summary.referred = outcomes[Outcome.REFERRED]
    summary.median_wait = _median_minutes(waits)
    summary.median_help = _median_minutes(helps)
    summary.outcomes = [(str(label), outcomes[value]) for value, label in Outcome.choices]
    summary.topics = [
        (str(label), topics[value]) for value, label in Topic.choices if topics[value]
    ]
    summary.topics.sort(key=lambda item: -item[1])
    return summary
