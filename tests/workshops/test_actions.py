"""Workshop sessions: seats, the waiting list and its automatic promotion,
registration rules, peer animators, closing into the journal."""

import datetime

import pytest
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.notifications.models import Message, MessageStatus
from comptoir.people.models import Person
from comptoir.skills.actions import recognise_skill
from comptoir.skills.models import SkillKind
from comptoir.workshops import actions, closing
from comptoir.workshops.actions import WorkshopError
from comptoir.workshops.models import Registration, RegistrationSource, SessionStatus
from comptoir.workshops.models import RegistrationStatus as R
from tests.factories import (
    PersonFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def sign_up(session, n: int, **kwargs) -> Registration:
    return actions.register(
        session=session, first_name=f"Visiteur {n}", phone=f"+3361234{n:04d}", **kwargs
    )


def messages_to(registration, kind: str) -> list[Message]:
    return list(
        Message.objects.filter(key__contains=f"workshop-registration:{registration.pk}:{kind}")
    )


def test_seats_then_waiting_list_in_order(venue):
    session = SessionFactory(workshop__venue=venue, capacity=2)
    first, second, third, fourth = (sign_up(session, n) for n in range(4))
    assert [first.status, second.status] == [R.CONFIRMED, R.CONFIRMED]
    assert {first.seat, second.seat} == {1, 2}
    assert [third.status, fourth.status] == [R.WAITLISTED, R.WAITLISTED]
    assert third.seat is None
    assert actions.waitlist_position(third) == 1
    assert actions.waitlist_position(fourth) == 2
    assert actions.waitlist_position(first) is None
    # Everyone was told: a confirmation, or that they wait.
    assert messages_to(first, "confirmation")
    assert messages_to(third, "waitlisted")
    assert not messages_to(third, "confirmation")


def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list_who_is_told(venue):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    holder = sign_up(session, 1)
    waiting = sign_up(session, 2)
    later = sign_up(session, 3)
    actions.cancel_registration(registration=holder, by_visitor=True)
    holder.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert holder.status == R.CANCELLED and holder.seat is None
    assert waiting.status == R.CONFIRMED and waiting.seat == 1 and waiting.promoted_at
    assert later.status == R.WAITLISTED
    assert actions.waitlist_position(later) == 1
    [sms] = messages_to(waiting, "promoted")
    assert sms.to == waiting.phone and "place s’est libérée" in sms.body
    assert messages_to(holder, "cancelled")


def test_reminders_only_with_consent_and_dropped_on_cancel(venue):
    session = SessionFactory(workshop__venue=venue)
    with_consent = sign_up(session, 1, consent_to_reminders=True)
    without = sign_up(session, 2)
    [reminder] = messages_to(with_consent, "reminder")
    assert reminder.send_after == session.starts_at - datetime.timedelta(hours=24)
    assert not messages_to(without, "reminder")
    actions.cancel_registration(registration=with_consent)
    reminder.refresh_from_db()
    assert reminder.status == MessageStatus.CANCELLED


def test_one_seat_per_person_per_session(venue):
    session = SessionFactory(workshop__venue=venue)
    sign_up(session, 1)
    with pytest.raises(WorkshopError, match="déjà inscrit"):
        actions.register(session=session, first_name="Autre nom", phone="+33612340001")
    assert session.registrations.count() == 1
    # The same person found by e-mail too.
    actions.register(session=session, first_name="Lou", email="lou@example.org")
    with pytest.raises(WorkshopError, match="déjà inscrit"):
        actions.register(session=session, first_name="Lou", email="LOU@example.org")
    # After cancelling, one may register again.
    registration = session.registrations.get(email="lou@example.org")
    actions.cancel_registration(registration=registration)
    again = actions.register(session=session, first_name="Lou", email="lou@example.org")
    assert again.status == R.CONFIRMED


def test_waitlisted_person_cannot_take_a_second_place(venue):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    sign_up(session, 1)
    sign_up(session, 2)
    with pytest.raises(WorkshopError, match="liste d’attente"):
        sign_up(session, 2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": SessionStatus.CANCELLED}, "annulée"),
        ({"starts_at_delta": -datetime.timedelta(hours=1)}, "déjà passée"),
        ({"closes_delta": -datetime.timedelta(hours=1)}, "closes depuis"),
        ({"opens_delta": datetime.timedelta(days=1)}, "ouvrent le"),
    ],
)
def test_online_registration_refused_outside_the_window(venue, change, message):
    now = timezone.now()
    session = SessionFactory(workshop__venue=venue)
    if "status" in change:
        session.status = change["status"]
    if "starts_at_delta" in change:
        session.starts_at = now + change["starts_at_delta"]
        session.ends_at = session.starts_at + datetime.timedelta(hours=1)
    if "closes_delta" in change:
        session.registration_closes_at = now + change["closes_delta"]
    if "opens_delta" in change:
        session.registration_opens_at = now + change["opens_delta"]
    session.save()
    with pytest.raises(WorkshopError, match=message):
        sign_up(session, 1)
    assert not Registration.objects.exists()
    assert not Person.objects.exists()  # nothing half-written


def test_staff_may_register_after_the_window_and_give_an_extra_seat(venue, mediator):
    session = SessionFactory(
        workshop__venue=venue,
        capacity=1,
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    sign_up(session, 1, source=RegistrationSource.STAFF, actor=mediator)
    walk_in = sign_up(
        session, 2, source=RegistrationSource.STAFF, actor=mediator, over_capacity=True
    )
    assert walk_in.status == R.CONFIRMED and walk_in.seat == 2
    assert walk_in.registered_by == mediator


def test_registration_needs_a_contact_or_a_known_person(venue):
    session = SessionFactory(workshop__venue=venue)
    with pytest.raises(WorkshopError, match="portable ou une adresse"):
        actions.register(session=session, first_name="Lou")
    person = PersonFactory(venue=venue)
    registration = actions.register(
        session=session,
        first_name=person.first_name,
        person=person,
        source=RegistrationSource.STAFF,
    )
    assert registration.person == person
    with pytest.raises(WorkshopError, match="pas suivie par ce lieu"):
        actions.register(
            session=session, first_name="X", person=PersonFactory(venue=VenueFactory())
        )


def test_peer_animator_needs_a_recognised_skill(venue, mediator):
    workshop = WorkshopFactory(venue=venue)
    start = timezone.now() + datetime.timedelta(days=3)
    regular = PersonFactory(venue=venue, first_name="Josiane")
    with pytest.raises(WorkshopError, match="Josiane n’a pas de compétence reconnue"):
        actions.schedule_session(
            actor=mediator,
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=6,
            peer_animators=[regular],
        )
    assert not workshop.sessions.exists()
    # A repair skill is not an animation skill.
    recognise_skill(
        actor=mediator,
        venue=venue,
        person=regular,
        label="Répare des portables",
        kind=SkillKind.REPAIR,
        evidence_note="Au repair café",
        evidence_date=timezone.localdate(),
    )
    with pytest.raises(WorkshopError, match="pas de compétence reconnue"):
        actions.schedule_session(
            actor=mediator,
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=6,
            peer_animators=[regular],
        )
    recognise_skill(
        actor=mediator,
        venue=venue,
        person=regular,
        label="Anime l’atelier smartphone débutant",
        kind=SkillKind.PEER_ANIMATION,
        evidence_note="A co-animé deux séances",
        evidence_date=timezone.localdate(),
    )
    session = actions.schedule_session(
        actor=mediator,
        workshop=workshop,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=6,
        peer_animators=[regular],
        animators=[mediator],
    )
    assert list(session.peer_animators.all()) == [regular]
    assert AuditEntry.objects.filter(object_id=str(session.pk)).exists()


def test_session_times_and_window_are_checked(venue, mediator):
    workshop = WorkshopFactory(venue=venue)
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(WorkshopError, match="fin de la séance"):
        actions.schedule_session(
            actor=mediator, workshop=workshop, starts_at=start, ends_at=start, capacity=5
        )
    with pytest.raises(WorkshopError, match="au plus tard au début"):
        actions.schedule_session(
            actor=mediator,
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            capacity=5,
            registration_closes_at=start + datetime.timedelta(minutes=5),
        )
    stranger = UserFactory(username="stranger")
    with pytest.raises(WorkshopError, match="ne fait pas partie de l’équipe"):
        actions.schedule_session(
            actor=mediator,
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            capacity=5,
            animators=[stranger],
        )
    assert not workshop.sessions.exists()


def test_more_seats_promote_the_waiting_list_fewer_than_taken_refused(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    sign_up(session, 1)
    waiting = sign_up(session, 2)
    fields = {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    }
    actions.update_session(actor=mediator, session=session, capacity=2, **fields)
    waiting.refresh_from_db()
    assert waiting.status == R.CONFIRMED
    with pytest.raises(WorkshopError, match="2 personnes ont déjà une place"):
        actions.update_session(actor=mediator, session=session, capacity=1, **fields)
    session.refresh_from_db()
    assert session.capacity == 2


def test_fewer_seats_renumbers_without_losing_anyone(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=4)
    people = [sign_up(session, n) for n in range(4)]
    actions.cancel_registration(registration=people[0])
    actions.cancel_registration(registration=people[1])
    actions.update_session(
        actor=mediator,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=2,
    )
    seats = sorted(session.registrations.filter(status=R.CONFIRMED).values_list("seat", flat=True))
    assert seats == [1, 2]


def test_cancelling_a_session_cancels_and_tells_everyone(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    seated, waiting = sign_up(session, 1), sign_up(session, 2)
    with pytest.raises(WorkshopError, match="motif"):
        actions.cancel_session(actor=mediator, session=session, reason="  ")
    actions.cancel_session(actor=mediator, session=session, reason="Animatrice malade")
    for registration in (seated, waiting):
        registration.refresh_from_db()
        assert registration.status == R.CANCELLED
        [message] = messages_to(registration, "session_cancelled")
        assert "Animatrice malade" in message.body
    with pytest.raises(WorkshopError, match="annulée"):
        sign_up(session, 3)


def started(session, hours_ago: int = 2):
    session.starts_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    session.ends_at = session.starts_at + datetime.timedelta(minutes=90)
    session.save()
    return session


def test_closing_writes_one_collective_activity_and_marks_no_shows(venue, mediator):
    session = SessionFactory(
        workshop__venue=venue, workshop__themes=[Theme.EMAIL, Theme.SECURITY], capacity=3
    )
    session.animators.set([mediator])
    came, absent, also_came = (sign_up(session, n) for n in range(3))
    waiting = sign_up(session, 4)
    with pytest.raises(WorkshopError, match="pas encore commencé"):
        closing.close_session(actor=mediator, session=session)
    started(session)
    closing.set_attendance(actor=mediator, registration=came, present=True)
    closing.set_attendance(actor=mediator, registration=also_came, present=True)
    closing.close_session(actor=mediator, session=session, extra_head_count=2)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED and session.closed_by == mediator
    for registration, status in (
        (came, R.ATTENDED),
        (absent, R.NO_SHOW),
        (also_came, R.ATTENDED),
        (waiting, R.CANCELLED),
    ):
        registration.refresh_from_db()
        assert registration.status == status
    activity = Activity.objects.get()
    assert session.activity == activity
    assert activity.type == ActivityType.COLLECTIVE
    assert activity.source == Source.WORKSHOP
    assert activity.head_count == 4  # two ticked, two who came without registering
    assert set(activity.participants.all()) == {came.person, also_came.person}
    assert sorted(activity.theme_codes()) == sorted([Theme.EMAIL, Theme.SECURITY])
    assert activity.workshop_title == session.workshop.title
    assert activity.duration_minutes == 90
    assert activity.place_type == PlaceType.VENUE
    assert activity.mediator == mediator
    # Closed means closed.
    with pytest.raises(WorkshopError, match="déjà close"):
        closing.close_session(actor=mediator, session=session)
    with pytest.raises(WorkshopError, match="close"):
        closing.set_attendance(actor=mediator, registration=absent, present=True)
    assert Activity.objects.count() == 1


def test_closing_with_nobody_writes_no_activity(venue, mediator):
    session = started(SessionFactory(workshop__venue=venue))
    sign_up(session, 1, source=RegistrationSource.STAFF)
    closing.close_session(actor=mediator, session=session)
    assert not Activity.objects.exists()
    assert session.registrations.get().status == R.NO_SHOW


def test_outreach_session_is_journaled_at_the_partner_place(venue, mediator):
    partner = VenueFactory(outreach=True, commune="Vaulx-en-Velin", postal_code="69120")
    session = started(SessionFactory(workshop__venue=venue, place=partner))
    registration = sign_up(session, 1, source=RegistrationSource.STAFF)
    closing.set_attendance(actor=mediator, registration=registration, present=True)
    closing.close_session(actor=mediator, session=session)
    activity = Activity.objects.get()
    assert activity.place_type == PlaceType.OTHER
    assert activity.place_commune == "Vaulx-en-Velin"


def test_a_waitlisted_person_who_came_gets_a_seat_beyond_capacity(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    sign_up(session, 1)
    waiting = sign_up(session, 2)
    started(session, hours_ago=0)
    closing.set_attendance(actor=mediator, registration=waiting, present=True)
    waiting.refresh_from_db()
    assert waiting.status == R.ATTENDED and waiting.seat == 2
    closing.set_attendance(actor=mediator, registration=waiting, present=False)
    waiting.refresh_from_db()
    assert waiting.status == R.CONFIRMED


def test_visitor_cannot_cancel_once_started(venue):
    session = SessionFactory(workshop__venue=venue)
    registration = sign_up(session, 1)
    started(session, hours_ago=0)
    with pytest.raises(WorkshopError, match="déjà commencé"):
        actions.cancel_registration(registration=registration, by_visitor=True)
    with pytest.raises(WorkshopError, match="déjà annulée"):
        actions.cancel_registration(registration=registration)
        actions.cancel_registration(registration=registration)


def test_moving_a_session_tells_everyone_and_moves_the_reminder(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    seated = sign_up(session, 1, consent_to_reminders=True)
    waiting = sign_up(session, 2, consent_to_reminders=True)
    [old_reminder] = messages_to(seated, "reminder")
    later = session.starts_at + datetime.timedelta(days=2)
    actions.update_session(
        actor=mediator,
        session=session,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=1),
        capacity=1,
    )
    old_reminder.refresh_from_db()
    assert old_reminder.status == MessageStatus.CANCELLED
    [moved] = messages_to(seated, "session_moved")
    assert "change d’horaire" in moved.body
    assert messages_to(waiting, "session_moved")
    new_reminders = [
        m for m in messages_to(seated, "reminder") if m.status == MessageStatus.PENDING
    ]
    assert [m.send_after for m in new_reminders] == [later - datetime.timedelta(hours=24)]
    assert not messages_to(waiting, "reminder")
    # Only a change of time is announced.
    actions.update_session(
        actor=mediator,
        session=session,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=1),
        capacity=1,
        room="À l’étage",
    )
    assert len(messages_to(seated, "session_moved")) == 1


def test_a_session_moved_back_and_forth_announces_each_move(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=2)
    seated = sign_up(session, 1, consent_to_reminders=True)
    first, other = session.starts_at, session.starts_at + datetime.timedelta(days=2)
    for starts_at in (other, first, other):
        actions.update_session(
            actor=mediator,
            session=session,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            capacity=2,
        )
    assert len(messages_to(seated, "session_moved")) == 3
    pending = [m for m in messages_to(seated, "reminder") if m.status == MessageStatus.PENDING]
    assert [m.send_after for m in pending] == [other - datetime.timedelta(hours=24)]
