"""Helpers for the public workshop tests (visitors, no account)."""

import datetime

from django.utils import timezone

from comptoir.workshops import actions
from comptoir.workshops.models import Registration
from tests.factories import SessionFactory, WorkshopFactory


def in_days(days: int, hour: int = 14, minute: int = 0) -> datetime.datetime:
    """An aware datetime `days` from today at local (Europe/Paris) wall-clock time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_session(venue, *, days: int = 7, hour: int = 14, capacity: int = 8, **workshop_fields):
    """A scheduled session of a new workshop of `venue`, `days` from today."""
    workshop = WorkshopFactory(venue=venue, **workshop_fields)
    start = in_days(days, hour)
    return SessionFactory(
        workshop=workshop,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90),
        capacity=capacity,
    )


def register(session, first_name: str, phone: str = "", email: str = "") -> Registration:
    """Someone registers online (through the action, as the form would)."""
    return actions.register(
        session=session,
        first_name=first_name,
        phone=phone,
        email=email or ("" if phone else f"{first_name.lower()}@example.org"),
        consent_to_reminders=True,
    )


def visitor(**changes) -> dict:
    """What a visitor types in the registration form."""
    data = {
        "first_name": "Josiane",
        "phone": "06 12 34 56 78",
        "email": "",
        "consent_to_reminders": "on",
    }
    data.update(changes)
    return data
