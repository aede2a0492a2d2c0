"""A morning of walk-ins for the demo data, made through the real actions.

For the demo builder (comptoir/venues/demo): `build_morning(venue, mediators, rng=...)`
checks people in from 9:00, has the mediators take and close them with their
outcomes (journal activities included), and leaves a few waiting and one being
helped "now", so that `make run` shows the café numérique alive.
"""

import datetime
import random

from django.utils import timezone

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import ArrivalSource, HelpRequest, Outcome, Status
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.journal.cra import ReferralStructure

FIRST_NAMES = [
    "Ginette", "Marcel", "Awa", "Paul", "Yvette", "Karim", "Lucienne", "Jo",
    "Fatou", "Bernard", "Nadia", "Roger", "", "", "",
]  # fmt: skip
TOPICS = [
    (Topic.ADMIN_PROCEDURE, 5), (Topic.SMARTPHONE, 4), (Topic.EMAIL, 3),
    (Topic.ACCOUNTS_PASSWORDS, 3), (Topic.PRINTING_SCANNING, 2), (Topic.PHOTOS, 2),
    (Topic.MESSAGING_SOCIAL, 2), (Topic.SCAM_SECURITY, 2), (Topic.ONLINE_PAYMENT, 1),
    (Topic.OTHER, 1),
]  # fmt: skip
OUTCOMES = [
    (Outcome.SOLVED, 10), (Outcome.PARTLY_SOLVED, 4), (Outcome.NEEDS_APPOINTMENT, 2),
    (Outcome.REFERRED, 1), (Outcome.LEFT_BEFORE_HELP, 1),
]  # fmt: skip


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def build_morning(
    venue, mediators, *, rng: random.Random, now: datetime.datetime | None = None
) -> list[HelpRequest]:
    """Walk-ins from 9:00 until `now` (default: now; before 10:00, the last 2 h 30)."""
    now = now or timezone.now()
    opening = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time(9, 0))
    )
    if now < opening + datetime.timedelta(hours=1):
        # Early in the day (or at night): the "morning" is the last two and a half
        # hours, so that nothing is dated in the future.
        opening = now - datetime.timedelta(hours=2, minutes=30)
    arrivals, moment = [], opening
    while moment < now - datetime.timedelta(minutes=5):
        arrivals.append(moment)
        moment += datetime.timedelta(minutes=rng.randint(4, 14))
    free_at = dict.fromkeys(mediators, opening)
    created = []
    for index, arrived_at in enumerate(arrivals):
        help_request = actions.check_in_walk_in(
            venue=venue,
            topic=_pick(rng, TOPICS),
            device=rng.choice(BroughtDevice.values + [""]),
            first_name=rng.choice(FIRST_NAMES),
            source=rng.choice([ArrivalSource.COUNTER, ArrivalSource.KIOSK]),
            now=arrived_at,
        )
        created.append(help_request)
        mediator = min(free_at, key=free_at.get)
        start = max(arrived_at + datetime.timedelta(minutes=rng.randint(1, 6)), free_at[mediator])
        end = start + datetime.timedelta(minutes=rng.randint(7, 22))
        last = index == len(arrivals) - 1
        if start >= now or (last and index % 2):
            continue  # still waiting
        actions.take_chosen(help_request=help_request, actor=mediator, now=start)
        if end >= now:
            free_at[mediator] = now + datetime.timedelta(days=1)  # helping right now
            continue
        outcome = _pick(rng, OUTCOMES)
        actions.close_help_request(
            help_request=help_request,
            actor=mediator,
            outcome=outcome,
            referral_structure=ReferralStructure.ADMIN_HELP if outcome == Outcome.REFERRED else "",
            now=end,
        )
        free_at[mediator] = end
    # However the dice fell: some people waiting and someone being helped right now.
    waiting = HelpRequest.objects.filter(venue=venue, status=Status.WAITING).count()
    for minutes in range(max(0, 3 - waiting), 0, -1):
        created.append(
            actions.check_in_walk_in(
                venue=venue,
                topic=_pick(rng, TOPICS),
                first_name=rng.choice(FIRST_NAMES),
                now=now - datetime.timedelta(minutes=minutes * 3),
            )
        )
    if not HelpRequest.objects.filter(venue=venue, status=Status.IN_PROGRESS).exists():
        actions.take_next(venue=venue, actor=mediators[0], now=now - datetime.timedelta(minutes=2))
    return created
