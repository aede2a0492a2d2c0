"""Enumerations of the national open-data schema of digital-mediation places.

Source: LaMednum, "Schéma de données des lieux de médiation numérique",
v1.0.2 (https://github.com/LaMednum/standard-mediation-num), Licence Ouverte
(etalab-2.0). Stored values are the exact strings of the schema, so that the
open-data export needs no mapping; labels are translatable.
"""

from django.db import models
from django.utils.translation import pgettext_lazy

SCHEMA_VERSION = "1.0.2"


class Service(models.TextChoices):
    ADMIN_PROCEDURES = (
        "Aide aux démarches administratives",
        pgettext_lazy("venue service", "Aide aux démarches administratives"),
    )
    EVERYDAY_TOOLS = (
        "Maîtrise des outils numériques du quotidien",
        pgettext_lazy("venue service", "Maîtrise des outils numériques du quotidien"),
    )
    EMPLOYMENT = (
        "Insertion professionnelle via le numérique",
        pgettext_lazy("venue service", "Insertion professionnelle via le numérique"),
    )
    SAFE_USE = (
        "Utilisation sécurisée du numérique",
        pgettext_lazy("venue service", "Utilisation sécurisée du numérique"),
    )
    PARENTING = (
        "Parentalité et éducation avec le numérique",
        pgettext_lazy("venue service", "Parentalité et éducation avec le numérique"),
    )
    CREATIVE = (
        "Loisirs et créations numériques",
        pgettext_lazy("venue service", "Loisirs et créations numériques"),
    )
    UNDERSTANDING = (
        "Compréhension du monde numérique",
        pgettext_lazy("venue service", "Compréhension du monde numérique"),
    )
    ACCESS = (
        "Accès internet et matériel informatique",
        pgettext_lazy("venue service", "Accès internet et matériel informatique"),
    )
    SOLIDARITY_EQUIPMENT = (
        "Acquisition de matériel informatique à prix solidaire",
        pgettext_lazy("venue service", "Acquisition de matériel informatique à prix solidaire"),
    )


class Public(models.TextChoices):
    YOUNG = "Jeunes", pgettext_lazy("venue public", "Jeunes")
    STUDENTS = "Étudiants", pgettext_lazy("venue public", "Étudiants")
    FAMILIES = "Familles et/ou enfants", pgettext_lazy("venue public", "Familles et/ou enfants")
    SENIORS = "Seniors", pgettext_lazy("venue public", "Seniors")
    WOMEN = "Femmes", pgettext_lazy("venue public", "Femmes")


class SpecificSupport(models.TextChoices):
    DEAFNESS = "Surdité", pgettext_lazy("specific support", "Surdité")
    MOTOR = "Handicaps moteurs", pgettext_lazy("specific support", "Handicaps moteurs")
    MENTAL = "Handicaps mentaux", pgettext_lazy("specific support", "Handicaps mentaux")
    ILLITERACY = "Illettrisme", pgettext_lazy("specific support", "Illettrisme")
    ENGLISH = (
        "Langues étrangères (anglais)",
        pgettext_lazy("specific support", "Langues étrangères (anglais)"),
    )
    OTHER_LANGUAGES = (
        "Langues étrangères (autres)",
        pgettext_lazy("specific support", "Langues étrangères (autres)"),
    )
    VISUAL = "Déficience visuelle", pgettext_lazy("specific support", "Déficience visuelle")


class Fee(models.TextChoices):
    FREE = "Gratuit", pgettext_lazy("fee", "Gratuit")
    FREE_UNDER_CONDITIONS = "Gratuit sous condition", pgettext_lazy("fee", "Gratuit sous condition")
    PAID = "Payant", pgettext_lazy("fee", "Payant")


class AccessMode(models.TextChoices):
    WALK_IN = "Se présenter", pgettext_lazy("access mode", "Se présenter")
    PHONE = "Téléphoner", pgettext_lazy("access mode", "Téléphoner")
    EMAIL = "Contacter par mail", pgettext_lazy("access mode", "Contacter par mail")
    ONLINE_BOOKING = (
        "Prendre un RDV en ligne",
        pgettext_lazy("access mode", "Prendre un RDV en ligne"),
    )
    NO_PUBLIC = (
        "Ce lieu n'accueille pas de public",
        pgettext_lazy("access mode", "Ce lieu n'accueille pas de public"),
    )
    PRESCRIPTION = (
        "Envoyer un mail avec une fiche de prescription",
        pgettext_lazy("access mode", "Envoyer un mail avec une fiche de prescription"),
    )


class SupportMode(models.TextChoices):
    SELF_SERVICE = "En autonomie", pgettext_lazy("support mode", "En autonomie")
    INDIVIDUAL = (
        "Accompagnement individuel",
        pgettext_lazy("support mode", "Accompagnement individuel"),
    )
    WORKSHOP = (
        "Dans un atelier collectif",
        pgettext_lazy("support mode", "Dans un atelier collectif"),
    )
    REMOTE = "À distance", pgettext_lazy("support mode", "À distance")
