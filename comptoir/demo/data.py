"""Demo content: the random helpers, the places and the staff.

The network, the café and its partner place (descriptions, open-data fields,
opening hours), the communes people come from, and the staff with their roles.
Everything is fictional: phone numbers are in the 04 65 71 range, which the
French numbering plan keeps for fiction (04 00 00 is no number at all, and
phonenumbers refuses it), and e-mail addresses use example.org.
"""

import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from comptoir.venues.models import VenueKind
from comptoir.venues.opendata import (
    AccessMode,
    Fee,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)
from comptoir.venues.roles import Role

DEMO_PASSWORD = "comptoir-demo"
CONSENT_WORDING = (
    "J’accepte que le lieu me contacte par SMS ou e-mail pour mes rendez-vous et ateliers."
)
HISTORY_MONTHS = 6
CAFE_PEOPLE = 176
PARTNER_PEOPLE = 24


class Weighted:
    """A weighted choice, prepared once: `Weighted([(value, weight), ...])(rng)`."""

    def __init__(self, pairs):
        pairs = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.values = [value for value, _ in pairs]
        self.cum_weights = list(itertools.accumulate(weight for _, weight in pairs))

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


def t(hhmm: str) -> datetime.time:
    return datetime.time.fromisoformat(hhmm)


# --- Places ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    name: str
    postal_code: str
    insee_code: str


VILLEURBANNE = Commune("Villeurbanne", "69100", "69266")
VAULX = Commune("Vaulx-en-Velin", "69120", "69256")
BRON = Commune("Bron", "69500", "69029")
DECINES = Commune("Décines-Charpieu", "69150", "69275")
CALUIRE = Commune("Caluire-et-Cuire", "69300", "69034")
VENISSIEUX = Commune("Vénissieux", "69200", "69259")
RILLIEUX = Commune("Rillieux-la-Pape", "69140", "69286")
LYON_3 = Commune("Lyon 3e Arrondissement", "69003", "69383")
LYON_6 = Commune("Lyon 6e Arrondissement", "69006", "69386")

NETWORK = {"name": "Réseau Comptoir démo", "slug": "reseau-comptoir-demo"}

CAFE = {
    "name": "Café du Comptoir",
    "slug": "cafe-du-comptoir",
    "kind": VenueKind.TIERS_LIEU,
    "address": "24 rue Francis de Pressensé",
    "postal_code": VILLEURBANNE.postal_code,
    "commune": VILLEURBANNE.name,
    "insee_code": VILLEURBANNE.insee_code,
    "latitude": Decimal("45.767400"),
    "longitude": Decimal("4.873200"),
    "phone": "+33 4 65 71 10 20",
    "email": "bonjour@cafe-du-comptoir.example.org",
    "website": "https://cafe-du-comptoir.example.org/",
    "summary": (
        "Un café associatif où l’on vient boire un café et se faire aider avec son "
        "téléphone, son ordinateur ou ses démarches en ligne. Sans rendez-vous pendant le "
        "café numérique, ou sur rendez-vous. Ateliers en petit groupe chaque semaine."
    ),
    "description": (
        "Le Café du Comptoir est un tiers-lieu associatif : un café, une salle d’atelier "
        "et un coin réparation, ouverts à toutes et à tous.\n\n"
        "Deux médiatrices et médiateurs numériques vous accueillent pour les « bobos "
        "numériques » du quotidien : un mot de passe oublié, un courriel qui ne part pas, "
        "une application à installer, une démarche en ligne (CAF, ANTS, impôts, France "
        "Travail…). Venez avec votre appareil et vos papiers : on fait ensemble, à votre "
        "rythme.\n\n"
        "Chaque semaine, des ateliers en petit groupe : premiers pas avec son smartphone, "
        "sécurité en ligne, photos, visio avec la famille. Le samedi matin, des "
        "bénévoles réparent ordinateurs et téléphones.\n\n"
        "Tout est gratuit. Le café est à prix libre."
    ),
    "services": [
        Service.ADMIN_PROCEDURES,
        Service.EVERYDAY_TOOLS,
        Service.SAFE_USE,
        Service.EMPLOYMENT,
        Service.PARENTING,
        Service.UNDERSTANDING,
        Service.ACCESS,
        Service.SOLIDARITY_EQUIPMENT,
    ],
    "publics": [Public.SENIORS, Public.FAMILIES, Public.YOUNG],
    "specific_support": [SpecificSupport.ILLITERACY, SpecificSupport.MOTOR],
    "fees": [Fee.FREE],
    "access_modes": [
        AccessMode.WALK_IN,
        AccessMode.PHONE,
        AccessMode.EMAIL,
        AccessMode.ONLINE_BOOKING,
    ],
    "support_modes": [SupportMode.INDIVIDUAL, SupportMode.WORKSHOP, SupportMode.SELF_SERVICE],
    "accessibility": (
        "Entrée de plain-pied, toilettes adaptées au fauteuil roulant, boucle magnétique "
        "au comptoir, tables à hauteur réglable. Chiens d’assistance bienvenus."
    ),
}

PARTNER = {
    "name": "Médiathèque des Tilleuls (hors les murs)",
    "slug": "mediatheque-hors-les-murs",
    "kind": VenueKind.OUTREACH,
    "address": "5 avenue Gabriel Péri",
    "address_complement": "Espace multimédia, rez-de-chaussée",
    "postal_code": VAULX.postal_code,
    "commune": VAULX.name,
    "insee_code": VAULX.insee_code,
    "latitude": Decimal("45.777700"),
    "longitude": Decimal("4.919000"),
    "phone": "+33 4 65 71 20 30",
    "email": "numerique@mediatheque-tilleuls.example.org",
    "website": "https://mediatheque-tilleuls.example.org/",
    "summary": (
        "Permanence numérique du Café du Comptoir à la médiathèque des Tilleuls : aide "
        "aux démarches en ligne et à l’usage du téléphone ou de l’ordinateur, le mercredi "
        "après-midi et le vendredi matin."
    ),
    "description": (
        "Deux demi-journées par semaine, un médiateur numérique du Café du Comptoir "
        "tient une permanence à l’espace multimédia de la médiathèque.\n\n"
        "Sans rendez-vous : venez avec votre téléphone, vos identifiants si vous les "
        "avez, et les courriers concernés. Des ordinateurs sont disponibles sur place."
    ),
    "services": [
        Service.ADMIN_PROCEDURES,
        Service.EVERYDAY_TOOLS,
        Service.SAFE_USE,
        Service.ACCESS,
    ],
    "publics": [Public.SENIORS, Public.FAMILIES],
    "specific_support": [SpecificSupport.OTHER_LANGUAGES],
    "fees": [Fee.FREE],
    "access_modes": [AccessMode.WALK_IN, AccessMode.PHONE],
    "support_modes": [SupportMode.INDIVIDUAL, SupportMode.WORKSHOP],
    "accessibility": (
        "Bâtiment accessible en fauteuil roulant (rampe côté parvis, ascenseur), "
        "toilettes adaptées, grands écrans et claviers à gros caractères."
    ),
}

# Weekly hours: weekday (0 = Monday) -> [(opens, closes), ...]
CAFE_HOURS = {day: [(t("09:30"), t("12:30")), (t("14:00"), t("18:30"))] for day in (1, 2, 3, 4, 5)}
PARTNER_HOURS = {2: [(t("14:00"), t("17:30"))], 4: [(t("09:30"), t("12:00"))]}

CAFE_COMMUNES = Weighted(
    [
        (VILLEURBANNE, 40),
        (VAULX, 13),
        (LYON_3, 10),
        (BRON, 8),
        (DECINES, 6),
        (CALUIRE, 6),
        (VENISSIEUX, 5),
        (RILLIEUX, 5),
        (LYON_6, 4),
        (None, 3),
    ]
)
PARTNER_COMMUNES = Weighted(
    [(VAULX, 60), (VILLEURBANNE, 12), (DECINES, 10), (RILLIEUX, 8), (BRON, 6), (None, 4)]
)

# --- Staff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    username: str
    first_name: str
    last_name: str
    email: str
    cafe_role: str
    partner_role: str | None = None


STAFF = (
    StaffMember(
        "coordinator",
        "Hélène",
        "Marchand",
        "helene.marchand@example.org",
        Role.COORDINATOR,
        Role.COORDINATOR,
    ),
    StaffMember(
        "mediator", "Karim", "Benali", "karim.benali@example.org", Role.MEDIATOR, Role.MEDIATOR
    ),
    StaffMember("mediator2", "Julie", "Perrin", "julie.perrin@example.org", Role.MEDIATOR),
    StaffMember("facilitator", "Thomas", "Girard", "thomas.girard@example.org", Role.FACILITATOR),
    StaffMember("volunteer", "Bernard", "Lefèvre", "bernard.lefevre@example.org", Role.VOLUNTEER),
    StaffMember("viewer", "Sophie", "Roussel", "sophie.roussel@example.org", Role.VIEWER),
)
# Who records the activities of each venue (usernames, weights).
CAFE_MEDIATORS = Weighted([("mediator", 45), ("mediator2", 40), ("coordinator", 15)])
PARTNER_MEDIATORS = Weighted([("mediator", 70), ("coordinator", 30)])
LOGINS = ("coordinator", "mediator", "mediator2", "facilitator", "volunteer", "viewer")
