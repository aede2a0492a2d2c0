"""Free slots: mediators' weekly hours, minus absences, venue closures and
appointments already taken, within the venue's notice and horizon.

A constant number of queries whatever the range: everything needed is read
in a handful of queries, then the slots are computed in Python.

Times are stepped in UTC: a mediator's "09:00–12:00" is turned into two
instants of that local day, then cut into slots of real time, so a day when
the clocks change (Europe/Paris, end of March and end of October) neither
invents nor loses a slot.
"""

import datetime
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from comptoir.appointments.models import (
    BLOCK,
    AppointmentMode,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    SlotHold,
    WeeklyAvailability,
)
from comptoir.venues.models import Closure


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime  # aware, UTC
    ends_at: datetime.datetime
    mediator_ids: tuple[int, ...]  # who is free for the whole slot

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)


def policy_for(venue) -> BookingPolicy:
    try:
        return venue.booking_policy
    except BookingPolicy.DoesNotExist:
        return BookingPolicy(venue=venue)


def slot_step(duration: datetime.timedelta) -> datetime.timedelta:
    """Slots start every 30 minutes (every 15 for 15-minute appointments)."""
    return BLOCK if duration <= BLOCK else 2 * BLOCK


def booking_window(venue, now: datetime.datetime | None = None, staff: bool = False):
    """(earliest start, latest start) for a booking at the venue.

    Staff may book without the minimum notice (a walk-in escalated to a slot
    in an hour), but never in the past.
    """
    now = now or timezone.now()
    policy = policy_for(venue)
    earliest = now if staff else now + datetime.timedelta(hours=policy.min_notice_hours)
    latest = now + datetime.timedelta(days=policy.horizon_days)
    return earliest, latest


def _period(
    day: datetime.date, opens: datetime.time, closes: datetime.time, tz: ZoneInfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """A period of local wall-clock hours on `day`, as two UTC instants."""
    start = datetime.datetime.combine(day, opens, tz).astimezone(datetime.UTC)
    end = datetime.datetime.combine(day, closes, tz).astimezone(datetime.UTC)
    return start, end


def _closures(appointment_type: AppointmentType, start_date, end_date):
    """Closure periods of the venue — and of the partner place, for an outreach reason."""
    venue_ids = [appointment_type.venue_id]
    if appointment_type.mode == AppointmentMode.OUTREACH and appointment_type.outreach_venue_id:
        venue_ids.append(appointment_type.outreach_venue_id)
    return list(
        Closure.objects.filter(
            venue_id__in=venue_ids, start_date__lte=end_date, end_date__gte=start_date
        ).values_list("start_date", "end_date")
    )


def _blocks(start: datetime.datetime, end: datetime.datetime):
    current = start
    while current < end:
        yield current
        current += BLOCK


def free_slots(
    appointment_type: AppointmentType,
    start_date: datetime.date,
    end_date: datetime.date,
    *,
    now: datetime.datetime | None = None,
    staff: bool = False,
    mediator_id: int | None = None,
) -> dict[datetime.date, list[Slot]]:
    """Bookable slots of `appointment_type` between two local dates (inclusive)."""
    venue = appointment_type.venue
    tz = ZoneInfo(settings.TIME_ZONE)
    earliest, latest = booking_window(venue, now, staff)
    duration = datetime.timedelta(minutes=appointment_type.duration_minutes)
    step = slot_step(duration)

    # Only people still on the venue's team offer slots.
    mediator_ids = set(
        appointment_type.mediators.filter(memberships__venue_id=appointment_type.venue_id)
        .distinct()
        .values_list("pk", flat=True)
    )
    if mediator_id is not None:
        mediator_ids &= {mediator_id}
    if not mediator_ids:
        return {}

    hours: dict[tuple[int, int], list[tuple[datetime.time, datetime.time]]] = {}
    for availability in WeeklyAvailability.objects.filter(
        venue=venue, mediator_id__in=mediator_ids
    ):
        hours.setdefault((availability.mediator_id, availability.weekday), []).append(
            (availability.start, availability.end)
        )
    away: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for absence in AvailabilityException.objects.filter(
        mediator_id__in=mediator_ids, start_date__lte=end_date, end_date__gte=start_date
    ):
        # An absence counts at every venue: someone on leave is on leave everywhere.
        away.setdefault(absence.mediator_id, []).append((absence.start_date, absence.end_date))
    closures = _closures(appointment_type, start_date, end_date)
    range_start = datetime.datetime.combine(start_date, datetime.time.min, tz)
    range_end = datetime.datetime.combine(
        end_date + datetime.timedelta(days=1), datetime.time.min, tz
    )
    # Times as whole seconds since the epoch (UTC): cheap to hash and to step.
    taken = {
        (mediator, int(block.timestamp()))
        for mediator, block in SlotHold.objects.filter(
            mediator_id__in=mediator_ids, block_start__gte=range_start, block_start__lt=range_end
        ).values_list("mediator_id", "block_start")
    }
    earliest_ts, latest_ts = earliest.timestamp(), latest.timestamp()
    block_s, length_s = int(BLOCK.total_seconds()), int(duration.total_seconds())
    step_s = int(step.total_seconds())
    needed = math.ceil(length_s / block_s)  # the blocks a slot covers

    result: dict[datetime.date, list[Slot]] = {}
    day = start_date
    while day <= end_date:
        if any(a <= day <= b for a, b in closures):
            day += datetime.timedelta(days=1)
            continue
        free_by_start: dict[int, list[int]] = {}
        for mediator in sorted(mediator_ids):
            if any(a <= day <= b for a, b in away.get(mediator, ())):
                continue
            for opens, closes in hours.get((mediator, day.weekday()), ()):
                start, end = _period(day, opens, closes, tz)
                start_ts, end_ts = int(start.timestamp()), int(end.timestamp())
                # busy[i]: how many of the period's first i blocks are taken, so that
                # "is this slot free" is one subtraction, not one look-up per block.
                busy = [0]
                for block in range(start_ts, end_ts, block_s):
                    busy.append(busy[-1] + ((mediator, block) in taken))
                for slot_ts in range(start_ts, end_ts - length_s + 1, step_s):
                    i = (slot_ts - start_ts) // block_s
                    if earliest_ts <= slot_ts <= latest_ts and busy[i + needed] == busy[i]:
                        free_by_start.setdefault(slot_ts, []).append(mediator)
        if free_by_start:
            result[day] = [
                Slot(
                    starts_at=(moment := datetime.datetime.fromtimestamp(ts, datetime.UTC)),
                    ends_at=moment + duration,
                    mediator_ids=tuple(ids),
                )
                for ts, ids in sorted(free_by_start.items())
            ]
        day += datetime.timedelta(days=1)
    return result


def find_slot(
    appointment_type: AppointmentType,
    starts_at: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
    staff: bool = False,
    mediator_id: int | None = None,
) -> Slot | None:
    """The free slot starting exactly at `starts_at`, or None."""
    day = timezone.localtime(starts_at).date()
    for slot in free_slots(
        appointment_type, day, day, now=now, staff=staff, mediator_id=mediator_id
    ).get(day, []):
        if slot.starts_at == starts_at:
            return slot
    return None


def free_periods(
    venue,
    day: datetime.date,
    mediator_ids,
    *,
    now: datetime.datetime | None = None,
) -> dict[int, list[tuple[datetime.datetime, datetime.datetime]]]:
    """Each mediator's free time at `venue` on `day` (from now on), whatever the reason.

    Their weekly hours at the venue, minus absences, the venue's closures and
    the blocks already held (at any venue). For the agenda; four queries.
    """
    mediator_ids = set(mediator_ids)
    if not mediator_ids:
        return {}
    tz = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    if Closure.objects.filter(venue=venue, start_date__lte=day, end_date__gte=day).exists():
        return {}
    away = set(
        AvailabilityException.objects.filter(
            mediator_id__in=mediator_ids, start_date__lte=day, end_date__gte=day
        ).values_list("mediator_id", flat=True)
    )
    periods = WeeklyAvailability.objects.filter(
        venue=venue, mediator_id__in=mediator_ids - away, weekday=day.weekday()
    ).order_by("mediator_id", "start")
    day_start = datetime.datetime.combine(day, datetime.time.min, tz)
    day_end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tz)
    taken = set(
        SlotHold.objects.filter(
            mediator_id__in=mediator_ids - away, block_start__gte=day_start, block_start__lt=day_end
        ).values_list("mediator_id", "block_start")
    )
    result: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for period in periods:
        start, end = _period(day, period.start, period.end, tz)
        intervals = result.setdefault(period.mediator_id, [])
        for block in _blocks(start, end):
            if block < now or (period.mediator_id, block) in taken:
                continue
            if intervals and intervals[-1][1] == block:
                intervals[-1] = (intervals[-1][0], block + BLOCK)
            else:
                intervals.append((block, block + BLOCK))
    return {mediator: intervals for mediator, intervals in result.items() if intervals}
