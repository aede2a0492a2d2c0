"""The one door into the journal.

Every service records accompaniments with `record_activity()`; staff edits go
through `update_activity()` and `delete_activity()`. Each write is atomic and
leaves an entry in the audit trail.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from comptoir.audit.actions import REDACTED, diff, record_change, snapshot
from comptoir.audit.models import AuditAction
from comptoir.journal.cra import ActivityType, Theme
from comptoir.journal.models import Activity, ActivityTheme, MissedBooking, validate_source
from comptoir.people.models import Person, is_erased

AUDITED_FIELDS = (
    "type",
    "place_type",
    "place_commune",
    "place_postal_code",
    "date",
    "duration_minutes",
    "equipment",
    "procedure_name",
    "autonomy",
    "level",
    "workshop_title",
    "referred",
    "referral_structure",
    "person",
    "head_count",
    "age_bracket",
    "gender",
    "social_status",
    "commune",
    "postal_code",
    "insee_code",
    "notes",
    "mediator",
)
PRIVATE_FIELDS = ("person", "notes")
BENEFICIARY_FIELDS = (
    "age_bracket",
    "gender",
    "social_status",
    "commune",
    "postal_code",
    "insee_code",
)


def _audit_state(activity: Activity) -> dict[str, Any]:
    state = snapshot(activity, AUDITED_FIELDS)
    state["themes"] = sorted(activity.themes.values_list("code", flat=True))
    return state


def _normalise(activity: Activity) -> None:
    """Keep the row consistent with its type, whatever the caller passed."""
    if activity.type == ActivityType.INDIVIDUAL:
        activity.head_count = 1
        activity.level = ""
        activity.workshop_title = ""
        if activity.person is not None:
            for field in BENEFICIARY_FIELDS:
                setattr(activity, field, getattr(activity.person, field))
            _close_to_erased(activity)
    else:
        activity.autonomy = ""
        activity.person = None
    if not activity.referred:
        activity.referral_structure = ""


def _close_to_erased(activity: Activity) -> None:
    """An erased person accepts nothing new. A new accompaniment for them (a booking made
    before the erasure, closed after it) counts in the figures with their anonymous
    description, attached to nobody; an existing one keeps them but takes no notes (the
    staff form refuses them with a message)."""
    if not is_erased(activity.person):
        return
    if activity.pk is None:
        activity.person = None
    else:
        activity.notes = ""


def _active_participants(participants: Iterable) -> list:
    """The participants of a collective session, less the erased (counted in the head
    count, attached to nothing new)."""
    participants = list(participants)
    if not participants:
        return []
    active = set(
        Person.objects.active()
        .filter(pk__in=[p.pk for p in participants])
        .values_list("pk", flat=True)
    )
    return [p for p in participants if p.pk in active]


def _set_themes(activity: Activity, themes: Iterable[str], procedures: Iterable[str]) -> None:
    themes = list(dict.fromkeys(themes))
    procedures = list(dict.fromkeys(procedures))
    if not themes:
        raise ValueError("An activity needs at least one theme.")
    if procedures and Theme.ADMIN_PROCEDURES not in themes:
        raise ValueError("Administrative sub-themes need the 'aide aux démarches' theme.")
    activity.themes.all().delete()
    ActivityTheme.objects.bulk_create(
        [ActivityTheme(activity=activity, kind=ActivityTheme.Kind.THEME, code=c) for c in themes]
        + [
            ActivityTheme(activity=activity, kind=ActivityTheme.Kind.PROCEDURE, code=c)
            for c in procedures
        ]
    )


@transaction.atomic
def record_activity(
    *,
    actor,
    venue,
    activity: Activity,
    themes: Iterable[str],
    procedure_themes: Iterable[str] = (),
    participants: Iterable = (),
) -> Activity:
    """Write one accompaniment. `activity` is an unsaved Activity with its fields set.

    Idempotent for services: when `activity.source_ref` is set and an activity
    with the same source and reference exists, that one is returned unchanged
    (a task run twice records one accompaniment). Its source must be a key some
    app declared (`JournalSource` in its service.py).
    """
    validate_source(activity.source)
    if activity.source_ref:
        existing = Activity.objects.filter(
            source=activity.source, source_ref=activity.source_ref
        ).first()
        if existing is not None:
            return existing
    activity.venue = venue
    if activity.mediator_id is None and getattr(actor, "is_authenticated", False):
        activity.mediator = actor
    activity.created_by = actor if getattr(actor, "is_authenticated", False) else None
    _normalise(activity)
    activity.save()
    _set_themes(activity, themes, procedure_themes)
    if activity.is_collective and participants:
        activity.participants.set(_active_participants(participants))
    record_change(
        actor=actor,
        venue=venue,
        instance=activity,
        action=AuditAction.CREATE,
        changes=diff({}, _audit_state(activity), private=PRIVATE_FIELDS),
    )
    return activity


def audit_state_before(activity: Activity) -> dict[str, Any]:
    """Take before a form modifies `activity`; pass to update_activity()."""
    return _audit_state(activity)


@transaction.atomic
def update_activity(
    *,
    actor,
    activity: Activity,
    before: dict[str, Any],
    themes: Iterable[str],
    procedure_themes: Iterable[str] = (),
) -> Activity:
    _normalise(activity)
    activity.save()
    _set_themes(activity, themes, procedure_themes)
    record_change(
        actor=actor,
        venue=activity.venue,
        instance=activity,
        action=AuditAction.UPDATE,
        changes=diff(before, _audit_state(activity), private=PRIVATE_FIELDS),
    )
    return activity


@transaction.atomic
def delete_activity(*, actor, activity: Activity) -> None:
    record_change(
        actor=actor,
        venue=activity.venue,
        instance=activity,
        action=AuditAction.DELETE,
        changes={name: [REDACTED, None] for name in _audit_state(activity)},
    )
    activity.delete()


def record_missed_booking(*, venue, date, source: str, source_ref: str, person=None) -> None:
    """A person did not come to a booked appointment or workshop seat (once per reference).
    An erased person's booking is counted, attached to nobody."""
    validate_source(source)
    if person is not None and is_erased(person):
        person = None
    MissedBooking.objects.get_or_create(
        source=source,
        source_ref=source_ref,
        defaults={"venue": venue, "date": date, "person": person},
    )


def withdraw_missed_booking(*, source: str, source_ref: str) -> None:
    """Staff corrected the mark: the person came after all, or was excused."""
    MissedBooking.objects.filter(source=source, source_ref=source_ref).delete()
