"""Keep the monthly figures honest: every change to the journal marks its venue
and month as changed (see rollup.py), in the same transaction as the change."""

from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from comptoir.journal.models import Activity, MissedBooking
from comptoir.people.models import Person
from comptoir.reports import rollup


def _activity_before_save(sender, instance: Activity, raw=False, **kwargs) -> None:
    instance._month_before = None
    if instance.pk and not raw:
        instance._month_before = (
            Activity.objects.filter(pk=instance.pk).values_list("venue_id", "date").first()
        )


def _activity_saved(sender, instance: Activity, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_month_before", None)
    rollup.touch(instance.venue_id, instance.date)
    if before and (before[0], rollup.month_of(before[1])) != (
        instance.venue_id,
        rollup.month_of(instance.date),
    ):
        rollup.touch(*before)


def _activity_deleted(sender, instance: Activity, **kwargs) -> None:
    rollup.touch(instance.venue_id, instance.date)


def _participants_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # activity.participants.add(...)
        rollup.touch(instance.venue_id, instance.date)
        return
    # person.collective_activities.add(...): the activities are in pk_set.
    activities = Activity.objects.filter(pk__in=pk_set or [])
    if action == "post_clear":
        return  # pre_clear below has marked them
    for venue_id, day in activities.values_list("venue_id", "date"):
        rollup.touch(venue_id, day)


def _participants_clearing(sender, instance, action, reverse, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        for venue_id, day in instance.collective_activities.values_list("venue_id", "date"):
            rollup.touch(venue_id, day)


def _missed_booking_changed(sender, instance: MissedBooking, raw=False, **kwargs) -> None:
    if not raw:
        rollup.touch(instance.venue_id, instance.date)


def _person_deleting(sender, instance: Person, **kwargs) -> None:
    """A deleted person's accompaniments become anonymous (SET_NULL, which sends
    no signal) and their participations disappear: mark those months."""
    months = (
        Activity.objects.filter(Q(person=instance) | Q(participants=instance))
        .annotate(month=TruncMonth("date"))
        .values_list("venue_id", "month")
        .distinct()
        .order_by()
    )
    for venue_id, month in months:
        rollup.touch(venue_id, month)


def connect() -> None:
    pre_save.connect(_activity_before_save, sender=Activity, dispatch_uid="reports-activity-pre")
    post_save.connect(_activity_saved, sender=Activity, dispatch_uid="reports-activity-saved")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid="reports-activity-del")
    through = Activity.participants.through
    m2m_changed.connect(_participants_changed, sender=through, dispatch_uid="reports-m2m")
    m2m_changed.connect(_participants_clearing, sender=through, dispatch_uid="reports-m2m-clr")
    post_save.connect(_missed_booking_changed, sender=MissedBooking, dispatch_uid="reports-mb")
    post_delete.connect(_missed_booking_changed, sender=MissedBooking, dispatch_uid="reports-mb-d")
    pre_delete.connect(_person_deleting, sender=Person, dispatch_uid="reports-person-del")
