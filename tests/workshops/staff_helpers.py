"""Helpers shared by the staff-side workshop tests (test_staff_*, test_attendance*)."""

import datetime
import uuid

from django.utils import timezone

from comptoir.skills.models import Achievement, RecognisedSkill, SkillKind
from comptoir.workshops.models import Registration, RegistrationSource, RegistrationStatus
from tests.factories import PersonFactory, SessionFactory


def started_session(workshop, *, minutes_ago: int = 30, **fields):
    """A scheduled session that began a moment ago (it can be closed)."""
    start = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return SessionFactory(
        workshop=workshop, starts_at=start, ends_at=start + datetime.timedelta(minutes=90), **fields
    )


def seat(session, *, first_name: str = "Gisèle", seat: int | None = None, status=None, **fields):
    """A registration made directly (no message, no audit), for pages to show."""
    status = status or RegistrationStatus.CONFIRMED
    holds_seat = status not in (RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED)
    if seat is None and holds_seat:
        seat = (
            max(
                session.registrations.filter(seat__isnull=False).values_list("seat", flat=True),
                default=0,
            )
            + 1
        )
    person = fields.pop("person", None) or PersonFactory(venue=session.venue, first_name=first_name)
    return Registration.objects.create(
        session=session,
        person=person,
        first_name=first_name,
        phone=fields.pop("phone", "+33612345678"),
        status=status,
        seat=seat if holds_seat else None,
        source=fields.pop("source", RegistrationSource.ONLINE),
        **fields,
    )


def peer_animator(venue, first_name: str = "Bernadette"):
    """A person of the venue whose peer-animation skill has been recognised."""
    person = PersonFactory(venue=venue, first_name=first_name)
    RecognisedSkill.objects.create(
        venue=venue,
        person=person,
        label="Peut animer un atelier smartphone débutant",
        kind=SkillKind.PEER_ANIMATION,
        evidence_note="A animé l’atelier du 3 mars avec la médiatrice.",
        evidence_date=datetime.date(2025, 3, 3),
    )
    return person


def achievement(venue, **fields):
    fields.setdefault("name", "Premiers pas sur smartphone")
    return Achievement.objects.create(
        venue=venue,
        public_id=uuid.uuid4(),
        description="Sait appeler, envoyer un message et prendre une photo.",
        criteria="A participé à l’atelier.",
        **fields,
    )
