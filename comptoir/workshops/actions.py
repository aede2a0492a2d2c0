"""Writes on workshops: schedule and cancel sessions, register and cancel seats,
promote the waiting list, take attendance, close a session.

Every change to a session's seats starts by locking the session row
(`select_for_update`): on PostgreSQL, two registrations for the same session
are taken one after the other, and the second sees the first's seat. The
unique seat number per session is the second guard, which holds on SQLite too.
"""

import datetime
import time
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.kernel.errors import ActionRefused
from comptoir.kernel.states import StateMachine
from comptoir.people.actions import consent_fields, match_or_create_person
from comptoir.people.models import Person, refuse_erased
from comptoir.skills.models import SkillKind, person_has_skill
from comptoir.venues.models import Membership
from comptoir.workshops import notices
from comptoir.workshops.models import (
    REGISTRATION_TRANSITIONS,
    Registration,
    RegistrationSource,
    Session,
    SessionStatus,
    Workshop,
)
from comptoir.workshops.models import RegistrationStatus as R

SEAT_ATTEMPTS = 5


class WorkshopError(ActionRefused):
    """A change that cannot be made; the message is plain French for the person at hand."""


STATES = StateMachine(
    REGISTRATION_TRANSITIONS,
    log="workshops.RegistrationTransition",
    subject="registration",
    refused=WorkshopError,
)


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F à H:i")


def lock_session(session: Session) -> Session:
    return (
        Session.objects.select_related("workshop", "venue", "place")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )


# --- Sessions -------------------------------------------------------------------------------------


def _check_session_fields(
    *,
    workshop: Workshop,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    registration_opens_at: datetime.datetime | None,
    registration_closes_at: datetime.datetime | None,
    animators: Iterable,
    peer_animators: Iterable[Person],
) -> None:
    venue = workshop.venue
    if ends_at <= starts_at:
        raise WorkshopError(_("La fin de la séance doit être après son début."))
    if registration_closes_at and registration_closes_at > starts_at:
        raise WorkshopError(
            _("Les inscriptions doivent se clore au plus tard au début de la séance.")
        )
    if (
        registration_opens_at
        and registration_closes_at
        and registration_opens_at >= registration_closes_at
    ):
        raise WorkshopError(_("L’ouverture des inscriptions doit précéder leur clôture."))
    members = set(Membership.objects.filter(venue=venue).values_list("user_id", flat=True))
    for user in animators:
        if user.pk not in members:
            raise WorkshopError(
                _("%(name)s ne fait pas partie de l’équipe de ce lieu.")
                % {"name": user.get_full_name() or user.get_username()}
            )
    for person in peer_animators:
        if person.venue_id != venue.pk:
            raise WorkshopError(_("Cette personne n’est pas suivie par ce lieu."))
        refuse_erased(person, WorkshopError)
        if not person_has_skill(person, SkillKind.PEER_ANIMATION):
            raise WorkshopError(
                _(
                    "%(name)s n’a pas de compétence reconnue pour animer un atelier. "
                    "Reconnaissez-la d’abord sur sa fiche (avec ce que vous avez constaté), "
                    "puis revenez ici."
                )
                % {"name": person.first_name}
            )


@transaction.atomic
def schedule_session(
    *,
    actor,
    workshop: Workshop,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    place=None,
    room: str = "",
    registration_opens_at: datetime.datetime | None = None,
    registration_closes_at: datetime.datetime | None = None,
    animators: Iterable = (),
    peer_animators: Iterable[Person] = (),
) -> Session:
    animators, peer_animators = list(animators), list(peer_animators)
    _check_session_fields(
        workshop=workshop,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        animators=animators,
        peer_animators=peer_animators,
    )
    if capacity < 1:
        raise WorkshopError(_("Il faut au moins une place."))
    session = Session.objects.create(
        workshop=workshop,
        venue=workshop.venue,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        place=place if place is not None and place.pk != workshop.venue_id else None,
        room=room.strip(),
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
    )
    session.animators.set(animators)
    session.peer_animators.set(peer_animators)
    record_change(
        actor=actor,
        venue=workshop.venue,
        instance=session,
        action=AuditAction.CREATE,
        changes={
            "workshop": [None, workshop.pk],
            "starts_at": [None, starts_at.isoformat()],
            "capacity": [None, capacity],
        },
    )
    return session


@transaction.atomic
def update_session(
    *,
    actor,
    session: Session,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    place=None,
    room: str = "",
    registration_opens_at: datetime.datetime | None = None,
    registration_closes_at: datetime.datetime | None = None,
    animators: Iterable = (),
    peer_animators: Iterable[Person] = (),
) -> Session:
    """Change a scheduled session. Capacity cannot go below the seats already taken;
    more seats go to the waiting list at once."""
    session = lock_session(session)
    if session.status != SessionStatus.SCHEDULED:
        raise WorkshopError(_("Cette séance est close ou annulée : elle ne peut plus changer."))
    animators, peer_animators = list(animators), list(peer_animators)
    _check_session_fields(
        workshop=session.workshop,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        animators=animators,
        peer_animators=peer_animators,
    )
    highest = max(
        session.registrations.filter(seat__isnull=False).values_list("seat", flat=True),
        default=0,
    )
    taken = session.registrations.filter(seat__isnull=False).count()
    if capacity < taken:
        raise WorkshopError(
            _(
                "%(n)s personnes ont déjà une place : la séance ne peut pas en compter moins. "
                "Désinscrivez d’abord quelqu’un si besoin."
            )
            % {"n": taken}
        )
    if capacity < highest:
        _renumber_seats(session)
    before = {"starts_at": session.starts_at.isoformat(), "capacity": session.capacity}
    session.starts_at, session.ends_at, session.capacity = starts_at, ends_at, capacity
    session.place = place if place is not None and place.pk != session.venue_id else None
    session.room = room.strip()
    session.registration_opens_at = registration_opens_at
    session.registration_closes_at = registration_closes_at
    session.save()
    session.animators.set(animators)
    session.peer_animators.set(peer_animators)
    after = {"starts_at": starts_at.isoformat(), "capacity": capacity}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        record_change(
            actor=actor,
            venue=session.venue,
            instance=session,
            action=AuditAction.UPDATE,
            changes=changes,
        )
    _promote_waitlist(session)
    if "starts_at" in changes:
        # One notice per move: moved back and forth, a session tells each time.
        move = str(time.time_ns())
        for registration in session.registrations.filter(status__in=[R.CONFIRMED, R.WAITLISTED]):
            registration.session = session
            notices.session_moved(registration, move=move)
    return session


def _renumber_seats(session: Session) -> None:
    """Pack the seat numbers to 1..n (so that a smaller capacity keeps everyone seated)."""
    seated = list(session.registrations.filter(seat__isnull=False).order_by("seat"))
    offset = 10_000  # two passes, so that no step collides with another seat
    for registration in seated:
        registration.seat += offset
        registration.save(update_fields=["seat"])
    for number, registration in enumerate(seated, start=1):
        registration.seat = number
        registration.save(update_fields=["seat"])


@transaction.atomic
def cancel_session(*, actor, session: Session, reason: str) -> Session:
    """Cancel a session: every registration is cancelled and each person is told."""
    session = lock_session(session)
    if session.status != SessionStatus.SCHEDULED:
        raise WorkshopError(_("Cette séance est déjà close ou annulée."))
    reason = " ".join(reason.split())
    if not reason:
        raise WorkshopError(_("Indiquez le motif : il est envoyé aux personnes inscrites."))
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason[:200]
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    now = timezone.now()
    for registration in session.registrations.filter(
        status__in=[R.CONFIRMED, R.WAITLISTED]
    ).select_related("session__workshop", "session__venue", "session__place"):
        registration.seat, registration.cancelled_at = None, now
        STATES.transition(
            registration, R.CANCELLED, actor=actor, at=now, update_fields=["seat", "cancelled_at"]
        )
        registration.session = session
        notices.session_cancelled(registration)
    record_change(
        actor=actor,
        venue=session.venue,
        instance=session,
        action=AuditAction.UPDATE,
        changes={"status": [SessionStatus.SCHEDULED, SessionStatus.CANCELLED]},
    )
    return session


# --- Registrations --------------------------------------------------------------------------------


def _registration_problem(session: Session, *, online: bool, now: datetime.datetime) -> str | None:
    state = session.registration_state(now)
    if state == "cancelled":
        return _("Cette séance est annulée : on ne peut plus s’y inscrire.")
    if state in ("done", "past") and (online or state == "done"):
        return _("Cette séance est déjà passée : on ne peut plus s’y inscrire.")
    if online and state == "not_yet":
        return _("Les inscriptions ouvrent le %(when)s. Revenez à partir de ce moment-là.") % {
            "when": _when(session.registration_opens_at)
        }
    if online and state == "closed":
        return _(
            "Les inscriptions sont closes depuis le %(when)s. "
            "Appelez le lieu ou passez : il reste peut-être une place."
        ) % {"when": _when(session.registration_closes_at)}
    return None


def _already_registered(session: Session, person: Person) -> WorkshopError | None:
    existing = session.registrations.filter(person=person).exclude(status=R.CANCELLED).first()
    if existing is None:
        return None
    if existing.status == R.WAITLISTED:
        return WorkshopError(
            _("%(name)s est déjà sur la liste d’attente de cette séance.")
            % {"name": existing.first_name}
        )
    return WorkshopError(
        _("%(name)s est déjà inscrit·e à cette séance : une seule place par personne.")
        % {"name": existing.first_name}
    )


def free_seat(session: Session, *, over_capacity: bool) -> int | None:
    taken = set(session.registrations.filter(seat__isnull=False).values_list("seat", flat=True))
    for number in range(1, session.capacity + 1):
        if number not in taken:
            return number
    if over_capacity:
        return max(taken | {session.capacity}) + 1
    return None


@transaction.atomic
def register(
    *,
    session: Session,
    first_name: str,
    phone: str = "",
    email: str = "",
    consent_to_reminders: bool = False,
    consent_wording: str = "",
    person: Person | None = None,
    actor=None,
    source: str = RegistrationSource.ONLINE,
    over_capacity: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """A seat when one is free, else a place on the waiting list.

    Visitors (source online) can register while registrations are open; staff
    also after they close and until the session is closed (walk-ins), and may
    give an extra seat (`over_capacity`). One registration per person.
    """
    now = now or timezone.now()
    online = source == RegistrationSource.ONLINE
    session = lock_session(session)
    problem = _registration_problem(session, online=online, now=now)
    if problem:
        raise WorkshopError(problem)
    first_name = " ".join(first_name.split())
    if not first_name:
        raise WorkshopError(_("Indiquez un prénom ou un surnom."))
    if person is None:
        if not (phone or email):
            raise WorkshopError(
                _("Donnez un numéro de portable ou une adresse e-mail pour la confirmation.")
            )
        person = match_or_create_person(
            session.venue,
            first_name=first_name,
            phone=phone,
            email=email,
            consent=consent_to_reminders,
            consent_wording=consent_wording,
            actor=actor,
        )
    elif person.venue_id != session.venue_id:
        raise WorkshopError(_("Cette personne n’est pas suivie par ce lieu."))
    refuse_erased(person, WorkshopError)
    if error := _already_registered(session, person):
        raise error
    staff = actor if getattr(actor, "is_authenticated", False) else None
    for _attempt in range(SEAT_ATTEMPTS):
        seat = free_seat(session, over_capacity=over_capacity)
        # Nobody jumps the waiting list: a free seat goes to it first.
        if seat is not None and seat <= session.capacity and _promote_waitlist(session):
            continue
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    session=session,
                    person=person,
                    first_name=first_name,
                    phone=phone,
                    email=email,
                    consent_to_reminders=consent_to_reminders,
                    **consent_fields(consent_to_reminders, consent_wording),
                    status=R.CONFIRMED if seat is not None else R.WAITLISTED,
                    seat=seat,
                    source=source,
                    registered_by=staff,
                    created_at=now,
                )
        except IntegrityError:
            if error := _already_registered(session, person):
                raise error from None
            continue  # the seat was taken a moment ago: look again
        registration.session = session
        STATES.created(registration, actor=actor, at=now)
        notices.registered(registration)
        return registration
    raise WorkshopError(_("Trop de demandes en même temps sur cette séance : réessayez."))


def _promote_waitlist(session: Session) -> list[Registration]:
    """Give free seats (within capacity) to the waiting list, first come first served.

    Call with the session row locked. Only for a scheduled session that has not started.
    """
    if session.status != SessionStatus.SCHEDULED or session.starts_at <= timezone.now():
        return []
    promoted = []
    while True:
        seat = free_seat(session, over_capacity=False)
        if seat is None:
            break
        first = (
            session.registrations.filter(status=R.WAITLISTED).order_by("created_at", "pk").first()
        )
        if first is None:
            break
        first.seat, first.promoted_at = seat, timezone.now()
        STATES.transition(
            first,
            R.CONFIRMED,
            actor=None,
            at=first.promoted_at,
            update_fields=["seat", "promoted_at"],
        )
        first.session = session
        notices.promoted(first)
        promoted.append(first)
    return promoted


@transaction.atomic
def cancel_registration(
    *, registration: Registration, actor=None, by_visitor: bool = False
) -> Registration:
    """Free the seat (the first on the waiting list gets it) or leave the waiting list."""
    session = lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.session = session
    if registration.status == R.CANCELLED:
        raise WorkshopError(_("Cette inscription est déjà annulée."))
    if registration.status not in (R.CONFIRMED, R.WAITLISTED) or not session.is_scheduled:
        raise WorkshopError(_("La séance est close : l’inscription ne peut plus être annulée."))
    if by_visitor and session.starts_at <= timezone.now():
        raise WorkshopError(
            _("La séance a déjà commencé : prévenez le lieu directement si vous ne venez pas.")
        )
    before = registration.status
    registration.seat, registration.cancelled_at = None, timezone.now()
    STATES.transition(
        registration,
        R.CANCELLED,
        actor=actor,
        at=registration.cancelled_at,
        update_fields=["seat", "cancelled_at"],
    )
    notices.cancelled(registration)
    record_change(
        actor=actor,
        venue=session.venue,
        instance=registration,
        action=AuditAction.UPDATE,
        changes={"status": [before, R.CANCELLED]},
    )
    _promote_waitlist(session)
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when not on it."""
    if registration.status != R.WAITLISTED:
        return None
    ahead = Q(created_at__lt=registration.created_at) | Q(
        created_at=registration.created_at, pk__lt=registration.pk
    )
    return registration.session.registrations.filter(ahead, status=R.WAITLISTED).count() + 1
