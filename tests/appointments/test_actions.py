"""Booking, moving, cancelling and closing appointments: the state machine,
the slot holds, the transition log, the journal entry and the no-show count."""

import datetime

import pytest
from django.utils import timezone

from comptoir.appointments import actions
from comptoir.appointments.models import (
    Appointment,
    AppointmentStatus,
    BookingPolicy,
    BookingSource,
    SlotHold,
)
from comptoir.journal.cra import PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.notifications.models import Message
from comptoir.people.models import Person
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
)
from tests.factories import PersonFactory, VenueFactory

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def camille(venue):
    user = mediator_at(venue, "camille", first_name="Camille")
    every_day(venue, user)
    return user


@pytest.fixture
def reason(venue, camille):
    return AppointmentTypeFactory(
        venue=venue, duration_minutes=45, mediators=[camille], theme=Theme.EMAIL
    )


@pytest.fixture
def day():
    return next_weekday(2, min_days=3)  # a Wednesday, three days ahead at least


def book(reason, starts_at, **kwargs):
    return actions.book_appointment(
        appointment_type=reason, starts_at=starts_at, first_name="Josiane", **kwargs
    )


def started(reason, camille, **kwargs):
    """A booked appointment that began a quarter of an hour ago."""
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - datetime.timedelta(minutes=now.minute % 15 + 15)
    return make_appointment(reason, camille, start, **kwargs)


# --- Booking ----------------------------------------------------------------------------------


def test_booking_takes_one_hold_per_quarter_hour_and_logs_the_transition(reason, camille, day):
    appointment = book(reason, local(day, 10), booked_by=camille)
    assert appointment.status == S.BOOKED
    assert appointment.mediator == camille
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=45)
    holds = list(appointment.holds.order_by("block_start").values_list("block_start", flat=True))
    assert holds == [local(day, 10), local(day, 10, 15), local(day, 10, 30)]
    [transition] = appointment.transitions.all()
    assert (transition.from_state, transition.to_state, transition.actor) == ("", S.BOOKED, camille)


def test_booking_with_a_contact_finds_or_creates_the_person_and_queues_the_confirmation(
    reason, venue, day
):
    known = PersonFactory(venue=venue, phone="+33612345678")
    appointment = book(reason, local(day, 10), phone="+33612345678", email="j@example.org")
    assert appointment.person == known
    other = book(reason, local(day, 14), email="new@example.org")
    assert other.person.email == "new@example.org"
    assert Person.objects.filter(venue=venue).count() == 2
    keys = set(Message.objects.values_list("key", flat=True))
    assert f"appointment:{appointment.pk}:v1:confirmation:email" in keys
    assert f"appointment:{appointment.pk}:v1:confirmation:sms" in keys


def test_a_taken_slot_cannot_be_booked_again(reason, day):
    book(reason, local(day, 10))
    with pytest.raises(actions.BookingError, match="vient d’être pris"):
        book(reason, local(day, 10, 30))  # overlaps 10:00-10:45
    assert Appointment.objects.count() == 1


def test_a_slot_outside_the_hours_or_in_the_past_is_refused(reason, day):
    with pytest.raises(actions.BookingError):
        book(reason, local(day, 21))
    with pytest.raises(actions.BookingError):
        book(reason, local(timezone.localdate() - datetime.timedelta(days=1), 10))


def test_the_next_free_mediator_gets_the_slot(reason, venue, camille, day):
    dominique = mediator_at(venue, "dominique")
    every_day(venue, dominique)
    reason.mediators.add(dominique)
    first = book(reason, local(day, 10))
    second = book(reason, local(day, 10))
    assert {first.mediator, second.mediator} == {camille, dominique}
    with pytest.raises(actions.BookingError):
        book(reason, local(day, 10))


def test_staff_may_book_without_the_minimum_notice_visitors_may_not(reason, venue, day):
    BookingPolicy.objects.create(venue=venue, min_notice_hours=24 * 10)
    assert book(reason, local(day, 10), source=BookingSource.STAFF).pk
    assert book(reason, local(day, 11), source=BookingSource.HELPDESK).pk
    with pytest.raises(actions.BookingError):
        book(reason, local(day, 14), source=BookingSource.ONLINE, email="a@example.org")


def test_online_bookings_are_limited_per_contact_and_per_day(reason, venue, day):
    BookingPolicy.objects.create(
        venue=venue, min_notice_hours=0, max_bookings_per_contact_per_day=1
    )
    book(reason, local(day, 10), source=BookingSource.ONLINE, phone="+33612345678")
    with pytest.raises(actions.BookingError, match="déjà réservé 1 rendez-vous"):
        book(reason, local(day, 14), source=BookingSource.ONLINE, phone="+33612345678")
    # Staff are not limited.
    assert book(reason, local(day, 14), phone="+33612345678").pk


def test_a_reason_not_bookable_online_is_refused_to_visitors(reason, day):
    reason.bookable_online = False
    reason.save()
    with pytest.raises(actions.BookingError, match="appelez le lieu"):
        book(reason, local(day, 10), source=BookingSource.ONLINE)


# --- Moving -----------------------------------------------------------------------------------


def test_moving_frees_the_old_time_takes_the_new_one_and_invalidates_the_old_link(
    reason, camille, day
):
    appointment = book(reason, local(day, 10), email="j@example.org")
    moved = actions.move_appointment(
        appointment=appointment, starts_at=local(day, 15), actor=camille
    )
    assert moved.starts_at == local(day, 15)
    assert moved.version == 2
    assert set(moved.holds.values_list("block_start", flat=True)) == {
        local(day, 15),
        local(day, 15, 15),
        local(day, 15, 30),
    }
    last = moved.transitions.last()
    assert (last.from_state, last.to_state, last.actor) == (S.BOOKED, S.BOOKED, camille)
    assert last.note.startswith("moved from ")
    assert book(reason, local(day, 10)).pk  # the old time is free again
    assert Message.objects.filter(key=f"appointment:{appointment.pk}:v2:moved:email").exists()


def test_moving_onto_a_taken_slot_changes_nothing(reason, day):
    appointment = book(reason, local(day, 10))
    book(reason, local(day, 15))
    with pytest.raises(actions.BookingError):
        actions.move_appointment(appointment=appointment, starts_at=local(day, 15))
    appointment.refresh_from_db()
    assert appointment.starts_at == local(day, 10)
    assert appointment.version == 1
    assert appointment.holds.count() == 3


def test_a_cancelled_appointment_cannot_be_moved(reason, day):
    appointment = book(reason, local(day, 10))
    actions.cancel_appointment(appointment=appointment)
    with pytest.raises(actions.IllegalTransition):
        actions.move_appointment(appointment=appointment, starts_at=local(day, 15))


# --- Cancelling -------------------------------------------------------------------------------


def test_cancelling_frees_the_slot_and_cannot_happen_twice(reason, camille, day):
    appointment = book(reason, local(day, 10), email="j@example.org")
    cancelled = actions.cancel_appointment(appointment=appointment, actor=camille)
    assert cancelled.status == S.CANCELLED
    assert not SlotHold.objects.exists()
    assert Message.objects.filter(key__endswith=":cancelled:email").exists()
    with pytest.raises(actions.IllegalTransition, match="Impossible de passer"):
        actions.cancel_appointment(appointment=cancelled)
    assert [t.to_state for t in cancelled.transitions.all()] == [S.BOOKED, S.CANCELLED]


# --- After the appointment --------------------------------------------------------------------


def test_done_writes_one_journal_activity_with_its_source_reference(reason, venue, camille):
    person = PersonFactory(venue=venue)
    appointment = started(reason, camille, person=person)
    done = actions.mark_done(
        appointment=appointment,
        actor=camille,
        themes=[Theme.EMAIL, Theme.SECURITY],
        duration_minutes=50,
    )
    assert done.status == S.DONE
    activity = Activity.objects.get()
    assert done.activity == activity
    assert activity.source == Source.APPOINTMENT
    assert activity.source_ref == f"appointment:{appointment.pk}"
    assert activity.duration_minutes == 50
    assert activity.person == person
    assert activity.mediator == camille
    assert activity.place_type == PlaceType.VENUE
    assert sorted(activity.theme_codes()) == sorted([Theme.EMAIL, Theme.SECURITY])
    with pytest.raises(actions.IllegalTransition):
        actions.mark_done(appointment=appointment, actor=camille)
    assert Activity.objects.count() == 1


def test_done_without_details_uses_the_reasons_theme_and_duration(reason, camille):
    done = actions.mark_done(appointment=started(reason, camille), actor=camille)
    assert done.activity.duration_minutes == 45
    assert done.activity.theme_codes() == [Theme.EMAIL]


def test_an_outreach_appointment_is_journaled_at_the_partner_place(reason, venue, camille):
    partner = VenueFactory(network=venue.network, outreach=True, commune="Vaulx-en-Velin")
    reason.mode, reason.outreach_venue = "outreach", partner
    reason.save()
    done = actions.mark_done(appointment=started(reason, camille), actor=camille)
    assert done.activity.place_type == PlaceType.OTHER
    assert done.activity.place_commune == "Vaulx-en-Velin"


def test_an_appointment_not_yet_begun_cannot_be_done_or_missed(reason, camille, day):
    appointment = book(reason, local(day, 10))
    with pytest.raises(actions.IllegalTransition, match="pas encore commencé"):
        actions.mark_done(appointment=appointment, actor=camille)
    with pytest.raises(actions.IllegalTransition):
        actions.mark_no_show(appointment=appointment, actor=camille)
    assert not Activity.objects.exists()


def test_a_no_show_can_be_corrected_but_done_and_cancelled_are_final(reason, camille):
    appointment = started(reason, camille)
    actions.mark_no_show(appointment=appointment, actor=camille)
    actions.mark_excused(appointment=appointment, actor=camille)
    actions.mark_done(appointment=appointment, actor=camille)
    for move in (actions.mark_no_show, actions.mark_excused):
        with pytest.raises(actions.IllegalTransition):
            move(appointment=appointment, actor=camille)
    with pytest.raises(actions.IllegalTransition):
        actions.cancel_appointment(appointment=appointment)
    statuses = [(t.from_state, t.to_state) for t in appointment.transitions.all()]
    assert statuses == [
        ("", S.BOOKED),
        (S.BOOKED, S.NO_SHOW),
        (S.NO_SHOW, S.EXCUSED),
        (S.EXCUSED, S.DONE),
    ]


def test_no_shows_are_counted_per_person(reason, venue, camille):
    person, other = PersonFactory(venue=venue), PersonFactory(venue=venue)
    now = timezone.now().replace(second=0, microsecond=0)
    now -= datetime.timedelta(minutes=now.minute % 15)
    for days in (2, 5, 9):
        appointment = make_appointment(
            reason, camille, now - datetime.timedelta(days=days), person=person
        )
        actions.mark_no_show(appointment=appointment, actor=camille)
    excused = make_appointment(reason, camille, now - datetime.timedelta(days=12), person=person)
    actions.mark_excused(appointment=excused, actor=camille)
    assert actions.no_show_count(person) == 3
    assert actions.no_show_count(other) == 0
