"""Booking, moving, cancelling and closing appointments.

Every change goes through these functions, under a transaction; each status
change is checked against TRANSITIONS and logged (AppointmentTransition), through
the kernel's state machine (STATES).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.appointments import notices
from comptoir.appointments.models import (
    BLOCK,
    Appointment,
    AppointmentMode,
    AppointmentStatus,
    AppointmentType,
    BookingSource,
    SlotHold,
)
from comptoir.appointments.slots import find_slot, policy_for
from comptoir.journal.actions import (
    record_activity,
    record_missed_booking,
    withdraw_missed_booking,
)
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.kernel.errors import ActionRefused
from comptoir.kernel.states import StateMachine
from comptoir.people.actions import consent_fields, match_or_create_person
from comptoir.people.models import Person, refuse_erased

S = AppointmentStatus
TRANSITIONS: dict[str, set[str]] = {
    S.BOOKED: {S.DONE, S.NO_SHOW, S.EXCUSED, S.CANCELLED},
    S.NO_SHOW: {S.DONE, S.EXCUSED},  # a mistake at the counter can be corrected
    S.EXCUSED: {S.DONE, S.NO_SHOW},
    S.DONE: set(),
    S.CANCELLED: set(),
}


class BookingError(ActionRefused):
    """A booking or change that cannot be made; the message is for the visitor."""


class IllegalTransition(BookingError):
    pass


STATES = StateMachine(
    TRANSITIONS,
    log="appointments.AppointmentTransition",
    subject="appointment",
    refused=IllegalTransition,
    message=gettext_lazy("Impossible de passer un rendez-vous « %(from)s » à « %(to)s »."),
)


def _slot_taken() -> BookingError:
    return BookingError(
        _("Ce créneau vient d’être pris ou n’est plus libre. Choisissez-en un autre.")
    )


def _take_blocks(appointment: Appointment) -> None:
    blocks = []
    start = appointment.starts_at
    while start < appointment.ends_at:
        blocks.append(
            SlotHold(
                mediator_id=appointment.mediator_id, block_start=start, appointment=appointment
            )
        )
        start += BLOCK
    SlotHold.objects.bulk_create(blocks)


def bookings_today_for_contact(venue, phone: str, email: str) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    online = Appointment.objects.filter(
        venue=venue, source=BookingSource.ONLINE, created_at__gte=start
    )
    count = 0
    if phone:
        count = online.filter(phone=phone).count()
    if email:
        count = max(count, online.filter(email__iexact=email).count())
    return count


@transaction.atomic
def book_appointment(
    *,
    appointment_type: AppointmentType,
    starts_at: datetime.datetime,
    first_name: str,
    phone: str = "",
    email: str = "",
    topic: str = "",
    consent_to_reminders: bool = False,
    consent_wording: str = "",
    person: Person | None = None,
    mediator_id: int | None = None,
    booked_by=None,
    source: str = BookingSource.STAFF,
    now: datetime.datetime | None = None,
) -> Appointment:
    """Book the slot starting at `starts_at`, with the first free mediator offering it.

    Raises BookingError when the slot is not (or no longer) free, or when a visitor
    has reached the venue's daily limit of online bookings.
    """
    venue = appointment_type.venue
    online = source == BookingSource.ONLINE
    if person is not None and person.venue_id != venue.pk:
        raise BookingError(_("Cette personne n’est pas suivie par ce lieu."))
    refuse_erased(person, BookingError)
    if online and not appointment_type.bookable_online:
        raise BookingError(_("Ce motif ne se réserve pas en ligne : appelez le lieu."))
    if online:
        limit = policy_for(venue).max_bookings_per_contact_per_day
        if bookings_today_for_contact(venue, phone, email) >= limit:
            raise BookingError(
                _(
                    "Vous avez déjà réservé %(n)s rendez-vous aujourd’hui avec ces coordonnées. "
                    "Pour en prendre un autre, appelez ou passez au lieu."
                )
                % {"n": limit}
            )
    slot = find_slot(
        appointment_type, starts_at, now=now, staff=not online, mediator_id=mediator_id
    )
    if slot is None:
        raise _slot_taken()
    if person is None:
        person = match_or_create_person(
            venue,
            first_name=first_name,
            phone=phone,
            email=email,
            consent=consent_to_reminders,
            consent_wording=consent_wording,
            actor=booked_by,
        )
    for candidate in slot.mediator_ids:
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    venue=venue,
                    type=appointment_type,
                    mediator_id=candidate,
                    person=person,
                    first_name=first_name,
                    phone=phone,
                    email=email,
                    topic=topic,
                    consent_to_reminders=consent_to_reminders,
                    **consent_fields(consent_to_reminders, consent_wording),
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    source=source,
                    booked_by=booked_by if getattr(booked_by, "is_authenticated", False) else None,
                )
                _take_blocks(appointment)
        except IntegrityError:
            continue  # someone took this mediator's time a moment ago: try the next one
        STATES.created(appointment, actor=booked_by)
        notices.appointment_booked(appointment)
        return appointment
    raise _slot_taken()


@transaction.atomic
def move_appointment(
    *, appointment: Appointment, starts_at: datetime.datetime, actor=None, by_visitor: bool = False
) -> Appointment:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != S.BOOKED:
        raise IllegalTransition(_("Ce rendez-vous ne peut plus être déplacé."))
    old_start = appointment.starts_at
    appointment.holds.all().delete()
    slot = find_slot(
        appointment.type,
        starts_at,
        staff=not by_visitor,
        mediator_id=None if by_visitor else appointment.mediator_id,
    )
    if slot is None:
        transaction.set_rollback(True)
        raise _slot_taken()
    if appointment.mediator_id not in slot.mediator_ids:
        appointment.mediator_id = slot.mediator_ids[0]
    appointment.starts_at, appointment.ends_at = slot.starts_at, slot.ends_at
    appointment.version += 1
    appointment.save()
    try:
        with transaction.atomic():
            _take_blocks(appointment)
    except IntegrityError:
        transaction.set_rollback(True)
        raise _slot_taken() from None
    STATES.record(
        appointment, S.BOOKED, S.BOOKED, actor=actor, note=f"moved from {old_start.isoformat()}"
    )
    notices.appointment_moved(appointment)
    return appointment


def _change_status(appointment: Appointment, to_status: str, actor, note: str = "") -> Appointment:
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("venue", "type")
        .get(pk=appointment.pk)
    )
    STATES.check(appointment, to_status)
    previous = appointment.status
    if to_status == S.CANCELLED:
        appointment.holds.all().delete()
        appointment.version += 1
    STATES.transition(appointment, to_status, actor=actor, note=note)
    if previous == S.NO_SHOW:
        withdraw_missed_booking(
            source=Source.APPOINTMENT, source_ref=f"appointment:{appointment.pk}"
        )
    return appointment


@transaction.atomic
def cancel_appointment(
    *, appointment: Appointment, actor=None, by_visitor: bool = False
) -> Appointment:
    appointment = _change_status(
        appointment, S.CANCELLED, actor, "by visitor" if by_visitor else ""
    )
    notices.appointment_cancelled(appointment)
    return appointment


def _check_started(appointment: Appointment) -> None:
    if appointment.starts_at > timezone.now():
        raise IllegalTransition(_("Ce rendez-vous n’a pas encore commencé."))


@transaction.atomic
def mark_no_show(*, appointment: Appointment, actor) -> Appointment:
    _check_started(appointment)
    appointment = _change_status(appointment, S.NO_SHOW, actor)
    record_missed_booking(
        venue=appointment.venue,
        date=timezone.localtime(appointment.starts_at).date(),
        source=Source.APPOINTMENT,
        source_ref=f"appointment:{appointment.pk}",
        person=appointment.person,
    )
    return appointment


@transaction.atomic
def mark_excused(*, appointment: Appointment, actor) -> Appointment:
    return _change_status(appointment, S.EXCUSED, actor)


PLACE_FOR_MODE = {
    AppointmentMode.ON_SITE: PlaceType.VENUE,
    AppointmentMode.PHONE: PlaceType.REMOTE,
    AppointmentMode.OUTREACH: PlaceType.OTHER,
}


@transaction.atomic
def mark_done(
    *,
    appointment: Appointment,
    actor,
    themes: list[str] | None = None,
    duration_minutes: int | None = None,
    autonomy: str = "",
) -> Appointment:
    """The appointment took place: record it in the journal (once)."""
    _check_started(appointment)
    appointment = _change_status(appointment, S.DONE, actor)
    kind = appointment.type
    place = PLACE_FOR_MODE.get(kind.mode, PlaceType.VENUE)
    outreach = kind.outreach_venue
    activity = record_activity(
        actor=actor,
        venue=appointment.venue,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            place_type=place,
            place_commune=outreach.commune if place == PlaceType.OTHER and outreach else "",
            place_postal_code=outreach.postal_code if place == PlaceType.OTHER and outreach else "",
            date=timezone.localtime(appointment.starts_at).date(),
            duration_minutes=duration_minutes or kind.duration_minutes,
            person=appointment.person,
            mediator=appointment.mediator,
            autonomy=autonomy,
            source=Source.APPOINTMENT,
            source_ref=f"appointment:{appointment.pk}",
        ),
        themes=themes or [kind.theme or Theme.DIAGNOSTIC],
    )
    appointment.activity = activity
    appointment.save(update_fields=["activity"])
    return appointment


def no_show_count(person: Person) -> int:
    return person.appointments.filter(status=S.NO_SHOW).count()
