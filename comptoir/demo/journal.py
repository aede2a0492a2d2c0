"""Demo content: what the activities are about.

Weighted tables of themes, administrative procedures, equipment, durations,
autonomy and referrals, the workshops of the café and a few short notes.
"""

from dataclasses import dataclass

from comptoir.demo.data import Weighted
from comptoir.journal.cra import (
    Autonomy,
    Equipment,
    ProcedureTheme,
    ReferralStructure,
    Theme,
    WorkshopLevel,
)

THEMES = Weighted(
    [
        (Theme.ADMIN_PROCEDURES, 22),
        (Theme.EMAIL, 15),
        (Theme.GETTING_STARTED, 15),
        (Theme.SECURITY, 7),
        (Theme.BROWSING, 6),
        (Theme.CONTENT, 6),
        (Theme.HEALTH, 6),
        (Theme.BANKING, 5),
        (Theme.SOCIAL, 5),
        (Theme.OFFICE, 4),
        (Theme.EMPLOYMENT, 4),
        (Theme.MAINTENANCE, 4),
        (Theme.DIAGNOSTIC, 3),
        (Theme.SCHOOL, 2),
        (Theme.CULTURE, 2),
        (Theme.AI, 2),
        (Theme.PARENTING, 1),
        (Theme.CREATE, 1),
        (Theme.BUSINESS, 1),
    ]
)

P = ProcedureTheme
PROCEDURES = Weighted(
    [
        (("Demande de carte grise", (P.TRANSPORT,)), 8),
        (("Permis de conduire sur le site de l’ANTS", (P.TRANSPORT,)), 3),
        (("Pré-demande de carte d’identité", (P.PAPERS,)), 7),
        (("Pré-demande de passeport", (P.PAPERS,)), 4),
        (("Création d’un compte FranceConnect", (P.PAPERS,)), 6),
        (("Inscription sur les listes électorales", (P.PAPERS,)), 1),
        (("Déclaration de revenus", (P.MONEY,)), 6),
        (("Espace particulier sur impots.gouv.fr", (P.MONEY,)), 4),
        (("Actualisation France Travail", (P.WORK,)), 6),
        (("Inscription à France Travail", (P.WORK,)), 3),
        (("Déclaration trimestrielle RSA", (P.SOCIAL_HEALTH,)), 6),
        (("Demande de prime d’activité", (P.SOCIAL_HEALTH, P.MONEY)), 4),
        (("Attestation de droits sur ameli.fr", (P.SOCIAL_HEALTH,)), 5),
        (("Complémentaire santé solidaire", (P.SOCIAL_HEALTH,)), 3),
        (("Demande de retraite en ligne", (P.SOCIAL_HEALTH,)), 4),
        (("Demande de logement social", (P.HOUSING,)), 4),
        (("Aide au logement de la CAF", (P.HOUSING, P.SOCIAL_HEALTH)), 4),
        (("Chèque énergie", (P.HOUSING,)), 2),
        (("Demande de titre de séjour (ANEF)", (P.FOREIGNERS,)), 4),
        (("Inscription à la cantine et au périscolaire", (P.FAMILY,)), 3),
        (("Demande de bourse de collège", (P.FAMILY,)), 2),
        (("Pass’Sport", (P.LEISURE,)), 1),
        (("Demande d’aide juridictionnelle", (P.JUSTICE,)), 1),
        (("Déclaration de modification d’une association", (P.ASSOCIATIONS,)), 1),
    ]
)

E = Equipment
DEFAULT_EQUIPMENT = Weighted([(E.PHONE, 50), (E.COMPUTER, 38), (E.TABLET, 10), (E.OTHER, 2)])
EQUIPMENT_BY_THEME = {
    Theme.GETTING_STARTED: Weighted([(E.PHONE, 75), (E.TABLET, 20), (E.COMPUTER, 5)]),
    Theme.ADMIN_PROCEDURES: Weighted([(E.COMPUTER, 52), (E.PHONE, 43), (E.TABLET, 5)]),
    Theme.OFFICE: Weighted([(E.COMPUTER, 95), (E.TABLET, 5)]),
    Theme.MAINTENANCE: Weighted([(E.COMPUTER, 60), (E.PHONE, 35), (E.OTHER, 5)]),
    Theme.DIAGNOSTIC: Weighted([(E.NONE, 40), (E.PHONE, 35), (E.COMPUTER, 25)]),
    Theme.SOCIAL: Weighted([(E.PHONE, 85), (E.TABLET, 15)]),
}

DURATIONS = Weighted([(15, 30), (30, 35), (45, 15), (60, 15), (90, 4), (120, 1)])
ADMIN_DURATIONS = Weighted([(15, 8), (30, 30), (45, 27), (60, 25), (90, 8), (120, 2)])
WORKSHOP_DURATIONS = Weighted([(60, 30), (90, 45), (120, 25)])

AUTONOMY_SENIOR = Weighted(
    [(Autonomy.GUIDED, 60), (Autonomy.PARTLY, 30), (Autonomy.AUTONOMOUS, 10)]
)
AUTONOMY_OTHER = Weighted([(Autonomy.GUIDED, 40), (Autonomy.PARTLY, 40), (Autonomy.AUTONOMOUS, 20)])

R = ReferralStructure
ADMIN_REFERRALS = Weighted(
    [(R.OPERATOR, 30), (R.ADMIN_HELP, 30), (R.ADMINISTRATION, 20), (R.SOCIAL_AID, 15), (R.OTHER, 5)]
)
OTHER_REFERRALS = Weighted(
    [(R.MEDIATION, 35), (R.SOCIAL_AID, 20), (R.ADMIN_HELP, 20), (R.EMPLOYMENT, 10), (R.OTHER, 15)]
)


@dataclass(frozen=True)
class Workshop:
    title: str
    themes: tuple[str, ...]
    level: str
    equipment: tuple[str, ...]
    procedures: tuple[str, ...] = ()
    procedure_name: str = ""


WORKSHOPS = Weighted(
    [
        (
            Workshop(
                "Premiers pas avec son smartphone",
                (Theme.GETTING_STARTED,),
                WorkshopLevel.BEGINNER,
                (E.PHONE,),
            ),
            16,
        ),
        (
            Workshop(
                "Bien utiliser sa boîte mail", (Theme.EMAIL,), WorkshopLevel.BEGINNER, (E.COMPUTER,)
            ),
            12,
        ),
        (
            Workshop(
                "Déjouer les arnaques en ligne",
                (Theme.SECURITY,),
                WorkshopLevel.BEGINNER,
                (E.PHONE, E.COMPUTER),
            ),
            12,
        ),
        (
            Workshop(
                "Ranger et sauvegarder ses photos",
                (Theme.CONTENT,),
                WorkshopLevel.INTERMEDIATE,
                (E.PHONE,),
            ),
            8,
        ),
        (
            Workshop(
                "Mes démarches avec FranceConnect",
                (Theme.ADMIN_PROCEDURES,),
                WorkshopLevel.INTERMEDIATE,
                (E.COMPUTER,),
                (P.PAPERS,),
                "Création d’un compte FranceConnect",
            ),
            8,
        ),
        (
            Workshop(
                "Garder le contact en visio",
                (Theme.SOCIAL,),
                WorkshopLevel.BEGINNER,
                (E.PHONE, E.TABLET),
            ),
            7,
        ),
        (
            Workshop(
                "Mon espace santé et ameli.fr",
                (Theme.HEALTH,),
                WorkshopLevel.BEGINNER,
                (E.COMPUTER,),
            ),
            6,
        ),
        (
            Workshop(
                "L’intelligence artificielle, c’est quoi ?",
                (Theme.AI, Theme.CULTURE),
                WorkshopLevel.INTERMEDIATE,
                (E.COMPUTER,),
            ),
            5,
        ),
        (
            Workshop(
                "Écrire une lettre avec un traitement de texte",
                (Theme.OFFICE,),
                WorkshopLevel.BEGINNER,
                (E.COMPUTER,),
            ),
            5,
        ),
        (
            Workshop(
                "Faire son CV et chercher un emploi en ligne",
                (Theme.EMPLOYMENT, Theme.OFFICE),
                WorkshopLevel.INTERMEDIATE,
                (E.COMPUTER,),
            ),
            5,
        ),
        (
            Workshop(
                "Les écrans en famille : contrôle parental",
                (Theme.PARENTING, Theme.SECURITY),
                WorkshopLevel.BEGINNER,
                (E.PHONE, E.TABLET),
            ),
            4,
        ),
        (
            Workshop(
                "Acheter et payer en ligne sans risque",
                (Theme.BANKING, Theme.SECURITY),
                WorkshopLevel.INTERMEDIATE,
                (E.COMPUTER, E.PHONE),
            ),
            5,
        ),
        (
            Workshop(
                "Entretenir et nettoyer son ordinateur",
                (Theme.MAINTENANCE,),
                WorkshopLevel.ADVANCED,
                (E.COMPUTER,),
            ),
            4,
        ),
        (
            Workshop(
                "Créer une carte de vœux",
                (Theme.CREATE,),
                WorkshopLevel.BEGINNER,
                (E.COMPUTER, E.TABLET),
            ),
            3,
        ),
    ]
)

NOTES = (
    "Revient la semaine prochaine avec son courrier.",
    "Mot de passe noté dans son carnet, à conserver chez soi.",
    "Prévoir un rendez-vous plus long la prochaine fois.",
    "Messagerie réinitialisée, nouveau mot de passe créé ensemble.",
    "Intéressée par l’atelier smartphone du mardi.",
    "Il manquait un justificatif de domicile : à finir la prochaine fois.",
    "A réussi seul·e la deuxième partie de la démarche.",
)
