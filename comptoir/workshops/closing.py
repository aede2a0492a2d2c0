"""Attendance and closing: tick who came (on the tablet or by QR code), then
close the session — the absent are marked, one collective journal activity is
written, and the workshop's badge goes to everyone present.

Like every seat change, these start by locking the session row (see actions.py).
"""

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.journal.actions import record_missed_booking
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.kernel.states import staff_actor
from comptoir.people.models import is_erased
from comptoir.workshops import notices
from comptoir.workshops.actions import STATES, WorkshopError, free_seat, lock_session
from comptoir.workshops.models import Registration, Session, SessionStatus
from comptoir.workshops.models import RegistrationStatus as R


@transaction.atomic
def set_attendance(*, actor, registration: Registration, present: bool) -> Registration:
    """Tick (or untick) a person as present. Someone on the waiting list who came
    anyway gets a seat beyond the capacity."""
    session = lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.session = session
    if session.status != SessionStatus.SCHEDULED:
        raise WorkshopError(_("La séance est close : la présence ne peut plus changer."))
    if registration.status == R.CANCELLED:
        raise WorkshopError(_("Cette inscription a été annulée : inscrivez à nouveau la personne."))
    to = R.ATTENDED if present else R.CONFIRMED
    if registration.status == to:
        return registration
    if present:
        if registration.seat is None:
            registration.seat = free_seat(session, over_capacity=True)
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = staff_actor(actor)
    else:
        registration.checked_in_at = None
        registration.checked_in_by = None
    STATES.transition(
        registration, to, actor=actor, update_fields=["seat", "checked_in_at", "checked_in_by"]
    )
    return registration


def _record_journal(session: Session, attended: list[Registration], extra: int, actor) -> Activity:
    from comptoir.journal.actions import record_activity

    workshop = session.workshop
    place = session.where
    mediator = session.animators.order_by("pk").first()
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    activity = Activity(
        type=ActivityType.COLLECTIVE,
        place_type=PlaceType.OTHER if session.is_outreach else PlaceType.VENUE,
        place_commune=place.commune,
        place_postal_code=place.postal_code,
        date=timezone.localtime(session.starts_at).date(),
        duration_minutes=max(1, minutes),
        level=workshop.level,
        workshop_title=workshop.title[:200],
        head_count=len(attended) + extra,
        mediator=mediator,
        source=Source.WORKSHOP,
        source_ref=f"session:{session.pk}",
    )
    return record_activity(
        actor=actor,
        venue=session.venue,
        activity=activity,
        themes=workshop.themes or [Theme.CULTURE],
        participants=[r.person for r in attended],
    )


def _award_badges(session: Session, attended: list[Registration], actor, now) -> int:
    achievement = session.workshop.badge
    if achievement is None or not achievement.active:
        return 0
    from comptoir.skills.issuing import award_credential

    day = formats.date_format(timezone.localtime(session.starts_at), "j F Y")
    awarded = 0
    for registration in attended:
        if is_erased(registration.person):
            continue  # an erased person accepts nothing new, a badge neither
        existing = achievement.credentials.filter(
            person=registration.person, revoked_at__isnull=True
        ).exists()
        if existing:
            continue
        award_credential(
            actor=actor,
            achievement=achievement,
            person=registration.person,
            evidence_note=_("Présence à l’atelier « %(title)s » du %(day)s")
            % {"title": session.workshop.title, "day": day},
            source_ref=f"registration:{registration.pk}",
            now=now,
        )
        awarded += 1
    return awarded


@transaction.atomic
def close_session(
    *, actor, session: Session, extra_head_count: int = 0, now: datetime.datetime | None = None
) -> Session:
    """Close a session that has started: people not ticked are marked absent, one
    collective journal activity is written with the head count and the participants,
    and the workshop's badge (if any) goes to everyone present."""
    now = now or timezone.now()
    session = lock_session(session)
    if session.status != SessionStatus.SCHEDULED:
        raise WorkshopError(_("Cette séance est déjà close ou annulée."))
    if session.starts_at > now:
        raise WorkshopError(
            _("La séance n’a pas encore commencé : on la clôt une fois qu’elle a eu lieu.")
        )
    if extra_head_count < 0:
        raise WorkshopError(
            _("Le nombre de personnes venues sans inscription ne peut être négatif.")
        )
    registrations = list(session.registrations.exclude(status=R.CANCELLED).select_related("person"))
    for registration in registrations:
        registration.session = session
        if registration.status == R.CONFIRMED:
            STATES.transition(registration, R.NO_SHOW, actor=actor, at=now, update_fields=())
            record_missed_booking(
                venue=session.venue,
                date=timezone.localtime(session.starts_at).date(),
                source=Source.WORKSHOP,
                source_ref=f"registration:{registration.pk}",
                person=registration.person,
            )
        elif registration.status == R.WAITLISTED:
            registration.cancelled_at = now
            STATES.transition(
                registration, R.CANCELLED, actor=actor, at=now, update_fields=["cancelled_at"]
            )
        notices.session_closed(registration)
    attended = [r for r in registrations if r.status == R.ATTENDED]
    if attended or extra_head_count:
        session.activity = _record_journal(session, attended, extra_head_count, actor)
    session.status = SessionStatus.CLOSED
    session.closed_at = now
    session.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    session.save(update_fields=["status", "closed_at", "closed_by", "activity", "updated_at"])
    _award_badges(session, attended, actor, now)
    record_change(
        actor=actor,
        venue=session.venue,
        instance=session,
        action=AuditAction.UPDATE,
        changes={
            "status": [SessionStatus.SCHEDULED, SessionStatus.CLOSED],
            "attended": [None, len(attended)],
            "no_show": [None, sum(r.status == R.NO_SHOW for r in registrations)],
        },
    )
    return session
