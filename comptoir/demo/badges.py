"""Demo data of Open Badges: the café as issuer, its badges, a few credentials, one revoked.

Runs before the workshops' demo, which attaches two of these badges to its
workshops by name (and awards them on attendance). The hand-awarded credentials
here go to people without a phone number, whom the workshops' demo does not
register, so the two never award the same badge twice to one person.
Everything goes through the application's own actions (signed, audited).
"""

import datetime

from django.utils import timezone

from comptoir.skills import actions_badges, issuing
from comptoir.skills.models import Achievement, PixCompetence

ISSUER_DESCRIPTION = (
    "Le Café du Comptoir accompagne chacun dans ses usages numériques. Ses badges "
    "reconnaissent ce que les personnes ont appris aux ateliers et à l’accueil."
)

BADGES = [
    {
        "name": "Premiers pas sur smartphone",
        "description": "Sait allumer et déverrouiller son smartphone, appeler, envoyer un "
        "message et prendre une photo.",
        "criteria": "A participé à l’atelier « Premiers pas avec son smartphone » et a "
        "envoyé un message avec une photo.",
        "competences": ["2.1", "3.2", "5.2"],
        "colour": "#1d5fa8",
    },
    {
        "name": "Envoyer un e-mail avec une pièce jointe",
        "description": "Sait écrire un e-mail, y joindre un document ou une photo, et l’envoyer.",
        "criteria": "A envoyé, seul·e, un e-mail avec une pièce jointe pendant l’atelier.",
        "competences": ["2.1", "1.2"],
        "colour": "#2e7d32",
    },
    {
        "name": "Démarches en ligne en sécurité",
        "description": "Sait se connecter à un service public en ligne, reconnaître un "
        "message frauduleux et protéger ses identifiants.",
        "criteria": "A fait une démarche en ligne en autonomie devant un médiateur.",
        "competences": ["1.1", "4.2"],
        "colour": "#8a3b12",
        "validity_days": 730,
    },
]

# (badge index, days ago) for each hand-awarded credential; the last one is revoked.
AWARDS = [(0, 75), (1, 60), (2, 45), (0, 30), (2, 12), (1, 20)]
REVOCATION = "Délivré à la mauvaise fiche : le badge a été redonné à la bonne personne."


def build_badges(builder, cafe) -> int:
    """The café's issuer profile, badges and credentials. Returns how many were awarded."""
    builder.stdout.write("Defining badges and awarding a few…")
    venue = cafe.venue
    coordinator, mediator = builder.users["coordinator"], builder.users["mediator"]
    issuer = issuing.issuer_for(venue)
    actions_badges.update_issuer_description(
        actor=coordinator, issuer=issuer, description=ISSUER_DESCRIPTION
    )
    competences = {c.code: c for c in PixCompetence.objects.all()}
    achievements = []
    for spec in BADGES:
        achievements.append(
            actions_badges.save_achievement(
                actor=coordinator,
                venue=venue,
                achievement=Achievement(
                    name=spec["name"],
                    description=spec["description"],
                    criteria=spec["criteria"],
                    colour=spec["colour"],
                    validity_days=spec.get("validity_days"),
                ),
                competences=[competences[c] for c in spec["competences"] if c in competences],
            )
        )
    # People without a phone: the workshops' demo registers only reachable people.
    recipients = [person for person in cafe.people if not person.phone][: len(AWARDS)]
    now = timezone.now()
    credentials = []
    for person, (index, days_ago) in zip(recipients, AWARDS, strict=False):
        credentials.append(
            issuing.award_credential(
                actor=mediator,
                achievement=achievements[index],
                person=person,
                evidence_note="Vu à l’accueil du café numérique.",
                now=now - datetime.timedelta(days=days_ago),
            )
        )
    if credentials:
        issuing.revoke_credential(actor=coordinator, credential=credentials[-1], reason=REVOCATION)
    return len(credentials)
