"""Demo data of the services: appointments and a morning at the café numérique.

Everything goes through the services' own actions, as a real day would, so the
demo also exercises them: bookings hold their slots, past appointments marked
done write their journal activity, walk-ins are checked in, taken and closed.
"""

import datetime

from django.utils import timezone

from comptoir.appointments import actions as appointment_actions
from comptoir.appointments.models import (
    AppointmentMode,
    AppointmentType,
    BookingPolicy,
    BookingSource,
    WeeklyAvailability,
)
from comptoir.appointments.slots import free_slots
from comptoir.helpdesk.demo import build_morning
from comptoir.journal.cra import Theme

TYPES = [
    {
        "name": "Démarches administratives en ligne",
        "description": "Apportez vos papiers et vos identifiants (numéro fiscal, compte "
        "ameli, FranceConnect…) : nous faisons la démarche avec vous, à votre rythme.",
        "duration_minutes": 45,
        "theme": Theme.ADMIN_PROCEDURES,
        "mediators": ["mediator", "mediator2"],
    },
    {
        "name": "Prendre en main son téléphone, sa tablette ou son ordinateur",
        "description": "Venez avec votre appareil et vos questions : réglages, applications, "
        "photos, messages. Une heure rien que pour vous.",
        "duration_minutes": 60,
        "theme": Theme.GETTING_STARTED,
        "mediators": ["mediator", "mediator2"],
    },
    {
        "name": "Une question rapide, par téléphone",
        "description": "Un médiateur vous rappelle à l’heure choisie.",
        "duration_minutes": 15,
        "mode": AppointmentMode.PHONE,
        "theme": Theme.DIAGNOSTIC,
        "mediators": ["mediator2", "coordinator"],
    },
    {
        "name": "Permanence à la médiathèque",
        "description": "Le même accompagnement, à la médiathèque des Tilleuls.",
        "duration_minutes": 45,
        "mode": AppointmentMode.OUTREACH,
        "theme": Theme.ADMIN_PROCEDURES,
        "mediators": ["mediator"],
        "outreach": True,
    },
]
# (username, weekday, start, end) at the café.
HOURS = [
    *[("mediator", day, "09:30", "12:30") for day in (1, 2, 3, 4, 5)],
    ("mediator", 2, "14:00", "17:00"),
    *[("mediator2", day, "14:00", "18:00") for day in (1, 2, 3, 4)],
    ("coordinator", 5, "14:00", "17:00"),
]


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def build_appointments(builder, cafe, partner) -> int:
    """Reasons, mediators' hours, past and upcoming appointments. Returns the count."""
    venue, users, rng = cafe.venue, builder.users, builder.rng
    BookingPolicy.objects.create(venue=venue, min_notice_hours=2, horizon_days=42)
    types = []
    for spec in TYPES:
        kind = AppointmentType.objects.create(
            venue=venue,
            name=spec["name"],
            description=spec["description"],
            duration_minutes=spec["duration_minutes"],
            mode=spec.get("mode", AppointmentMode.ON_SITE),
            outreach_venue=partner.venue if spec.get("outreach") else None,
            theme=spec["theme"],
        )
        kind.mediators.set([users[name] for name in spec["mediators"]])
        types.append(kind)
    WeeklyAvailability.objects.bulk_create(
        [
            WeeklyAvailability(
                venue=venue, mediator=users[name], weekday=day, start=_time(a), end=_time(b)
            )
            for name, day, a, b in HOURS
        ]
    )
    reachable = [p for p in cafe.people if p.phone]
    count = 0
    now = timezone.now()

    # The last two weeks: appointments that took place, one no-show, one excused.
    past_start = builder.today - datetime.timedelta(days=14)
    for kind in types[:2]:
        slots = free_slots(
            kind, past_start, builder.today - datetime.timedelta(days=1), staff=True,
            now=timezone.make_aware(datetime.datetime.combine(past_start, datetime.time.min)),
        )  # fmt: skip
        days = sorted(slots)
        for index, day in enumerate(days[len(days) // 2 :]):
            slot = rng.choice(slots[day])
            person = rng.choice(reachable)
            appointment = appointment_actions.book_appointment(
                appointment_type=kind,
                starts_at=slot.starts_at,
                first_name=person.first_name,
                person=person,
                booked_by=users["facilitator"],
                now=slot.starts_at - datetime.timedelta(days=3),
            )
            closer = appointment.mediator
            if index % 7 == 3:
                appointment_actions.mark_no_show(appointment=appointment, actor=closer)
            elif index % 7 == 5:
                appointment_actions.mark_excused(appointment=appointment, actor=closer)
            else:
                appointment_actions.mark_done(appointment=appointment, actor=closer)
            count += 1

    # The next three weeks: bookings by the team and by visitors online.
    horizon = builder.today + datetime.timedelta(days=21)
    for kind in types:
        slots = free_slots(kind, builder.today, horizon, now=now)
        for day in sorted(slots)[::2]:
            slot = rng.choice(slots[day])
            person = rng.choice(reachable)
            online = rng.random() < 0.5
            try:
                appointment_actions.book_appointment(
                    appointment_type=kind,
                    starts_at=slot.starts_at,
                    first_name=person.first_name,
                    phone=person.phone,
                    consent_to_reminders=person.consent_to_contact,
                    person=person,
                    source=BookingSource.ONLINE if online else BookingSource.STAFF,
                    booked_by=None if online else users["facilitator"],
                    topic=rng.choice(["", "Carte grise", "Mon téléphone est lent", "Impôts"]),
                )
            except appointment_actions.BookingError:
                continue  # the daily limit per contact, or a slot taken by an earlier pick
            count += 1
    return count


def build_helpdesk(builder, cafe) -> int:
    """This morning's walk-ins at the café numérique. Returns how many came."""
    mediators = [builder.users["mediator"], builder.users["mediator2"]]
    return len(build_morning(cafe.venue, mediators, rng=builder.rng))
