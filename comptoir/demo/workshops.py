"""Demo data of the workshops: a catalogue, past sessions closed with their
attendance (journal activities, badges), and the coming weeks' agenda with a
full session and its waiting list, one hors les murs and one led by a peer.

Everything goes through the workshops' own actions, as real days would.
"""

import datetime

from django.utils import timezone

from comptoir.journal.cra import Theme, WorkshopLevel
from comptoir.skills.actions import recognise_skill
from comptoir.skills.models import Achievement, PixCompetence, SkillKind
from comptoir.workshops import actions, closing
from comptoir.workshops.models import (
    Audience,
    PriceKind,
    RegistrationSource,
    Workshop,
    WorkshopFormat,
)

CATALOGUE = [
    {
        "title": "Premiers pas avec son smartphone",
        "description": "Allumer, appeler, envoyer un message, prendre une photo : on prend "
        "le temps, chacun avec son téléphone. Apportez-le, chargé.",
        "format": WorkshopFormat.WORKSHOP,
        "audience": Audience.SENIORS,
        "themes": [Theme.GETTING_STARTED],
        "competences": ["5.2", "2.1"],
        "capacity": 6,
        "badge": "Premiers pas sur smartphone",
    },
    {
        "title": "Les écrans en famille : on en parle",
        "description": "Un temps d’échange entre parents, autour d’un café : temps d’écran, "
        "réseaux sociaux, contrôle parental. Sans jugement, avec des astuces.",
        "format": WorkshopFormat.DISCUSSION,
        "audience": Audience.PARENTS,
        "themes": [Theme.PARENTING, Theme.SECURITY],
        "competences": ["4.3"],
        "capacity": 12,
    },
    {
        "title": "Envoyer un e-mail avec une pièce jointe",
        "description": "Écrire, joindre un document ou une photo, envoyer : l’essentiel pour "
        "les démarches. Ordinateurs fournis.",
        "format": WorkshopFormat.WORKSHOP,
        "audience": Audience.EVERYONE,
        "themes": [Theme.EMAIL],
        "competences": ["2.1"],
        "capacity": 8,
        "badge": "Envoyer un e-mail avec une pièce jointe",
    },
    {
        "title": "Install party : donnez une seconde vie à votre ordinateur",
        "description": "On installe ensemble un système libre et léger sur votre vieil "
        "ordinateur. Venez avec l’appareil et son chargeur.",
        "format": WorkshopFormat.INSTALL_PARTY,
        "audience": Audience.EVERYONE,
        "level": WorkshopLevel.INTERMEDIATE,
        "themes": [Theme.MAINTENANCE],
        "competences": ["5.1"],
        "capacity": 10,
        "price": PriceKind.PASS,
        "amount": "5.00",
    },
    {
        "title": "Carto-party du quartier",
        "description": "On cartographie ensemble les commerces et lieux accessibles du "
        "quartier sur OpenStreetMap. Promenade puis saisie au café.",
        "format": WorkshopFormat.CARTO_PARTY,
        "audience": Audience.EVERYONE,
        "themes": [Theme.CULTURE, Theme.CREATE],
        "competences": ["3.1"],
        "capacity": 15,
    },
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _next(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def build_workshops(builder, cafe, partner) -> dict[str, int]:
    """Returns counts: workshops, sessions, registrations."""
    venue, users, rng = cafe.venue, builder.users, builder.rng
    coordinator, mediator = users["coordinator"], users["mediator"]
    competences = {c.code: c for c in PixCompetence.objects.all()}
    badges = {a.name: a for a in Achievement.objects.filter(venue=venue, active=True)}
    workshops = []
    for spec in CATALOGUE:
        workshop = Workshop.objects.create(
            venue=venue,
            title=spec["title"],
            description=spec["description"],
            format=spec["format"],
            audience=spec["audience"],
            level=spec.get("level", WorkshopLevel.BEGINNER),
            themes=spec["themes"],
            price_kind=spec.get("price", PriceKind.FREE),
            price_amount=spec.get("amount"),
            default_capacity=spec["capacity"],
            badge=badges.get(spec.get("badge", "")),
        )
        workshop.competences.set([competences[c] for c in spec["competences"] if c in competences])
        workshops.append(workshop)
    smartphone, screens, email, install, carto = workshops
    reachable = [p for p in cafe.people if p.phone]
    rng.shuffle(reachable)

    # A regular who now leads the smartphone workshop with the team.
    peer = reachable[0]
    recognise_skill(
        actor=mediator,
        venue=venue,
        person=peer,
        label="Anime l’atelier « Premiers pas avec son smartphone »",
        kind=SkillKind.PEER_ANIMATION,
        evidence_note="A co-animé trois séances avec Samia, à l’aise et patient·e.",
        evidence_date=builder.today - datetime.timedelta(days=30),
    )

    sessions = registrations = 0
    pool = reachable[1:]

    def fill(session, count: int, *, staff: bool = False) -> list:
        nonlocal registrations
        made = []
        for person in pool[:count]:
            made.append(
                actions.register(
                    session=session,
                    first_name=person.first_name,
                    phone=person.phone,
                    consent_to_reminders=person.consent_to_contact,
                    person=person,
                    source=RegistrationSource.STAFF if staff else RegistrationSource.ONLINE,
                    actor=users["facilitator"] if staff else None,
                    now=session.starts_at - datetime.timedelta(days=5),
                )
            )
            registrations += 1
        pool.append(pool.pop(0))
        rng.shuffle(pool)
        return made

    def schedule(workshop, start, *, hours=1.5, place=None, peers=(), capacity=None):
        nonlocal sessions
        sessions += 1
        return actions.schedule_session(
            actor=coordinator,
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            capacity=capacity or workshop.default_capacity,
            place=place,
            animators=[mediator],
            peer_animators=peers,
        )

    # The last three weeks: sessions that took place, closed with their attendance.
    for weeks_ago, workshop in ((3, email), (2, smartphone), (1, screens)):
        day = _next(builder.today - datetime.timedelta(weeks=weeks_ago + 1), 1)
        session = schedule(workshop, _at(day, 14), peers=[peer] if workshop is smartphone else ())
        for index, registration in enumerate(
            fill(session, workshop.default_capacity - 1, staff=True)
        ):
            if index % 4 != 3:  # about one in four did not come
                closing.set_attendance(actor=mediator, registration=registration, present=True)
        closing.close_session(
            actor=mediator,
            session=session,
            extra_head_count=rng.choice([0, 1]),
            now=session.ends_at + datetime.timedelta(minutes=20),
        )

    # The coming weeks: the agenda visitors see.
    tuesday = _next(builder.today, 1)
    full = schedule(smartphone, _at(tuesday, 14), peers=[peer], capacity=4)
    fill(full, 6)  # four seats taken, two on the waiting list
    fill(schedule(email, _at(tuesday + datetime.timedelta(days=2), 10)), 5)
    fill(schedule(screens, _at(tuesday + datetime.timedelta(days=3), 18), hours=2), 4)
    fill(
        schedule(install, _at(_next(builder.today, 5) + datetime.timedelta(weeks=1), 10), hours=3),
        3,
    )
    fill(
        schedule(smartphone, _at(tuesday + datetime.timedelta(weeks=1), 10), place=partner.venue), 2
    )
    fill(
        schedule(carto, _at(_next(builder.today, 5) + datetime.timedelta(weeks=2), 14), hours=3), 3
    )
    fill(schedule(email, _at(tuesday + datetime.timedelta(weeks=2, days=2), 10)), 1)
    return {"workshops": len(workshops), "sessions": sessions, "registrations": registrations}
