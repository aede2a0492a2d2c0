"""Enumerations of the national activity report (compte rendu d'activité, CRA).

Source: La Coop de la médiation numérique (ANCT), inclusion-numerique/
coop-mediation-numerique @46aa33bd (2026-06-30): apps/web/prisma/schema.prisma
and apps/web/src/features/activites/use-cases/cra/** (extracted in
shared/reference/coop-cra-enums.json). Values are the CRA's API values and
labels its French labels, so that our journal maps one-to-one onto it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

DURATION_PRESETS = (15, 30, 45, 60, 90, 120)
MAX_DURATION_MINUTES = 23 * 60 + 59


class ActivityType(models.TextChoices):
    INDIVIDUAL = "individuel", _("Accompagnement individuel")
    COLLECTIVE = "collectif", _("Atelier collectif")


class PlaceType(models.TextChoices):
    VENUE = "lieu_activite", _("Lieu d’activité")
    HOME = "domicile", _("À domicile")
    REMOTE = "a_distance", _("À distance")
    OTHER = "autre", _("Autre lieu")


class Equipment(models.TextChoices):
    COMPUTER = "ordinateur", _("Ordinateur")
    PHONE = "telephone", _("Téléphone")
    TABLET = "tablette", _("Tablette")
    OTHER = "autre", _("Autre")
    NONE = "aucun", _("Pas de matériel")


class Theme(models.TextChoices):
    DIAGNOSTIC = "diagnostic_numerique", _("Diagnostic numérique")
    GETTING_STARTED = "prendre_en_main_du_materiel", _("Prendre en main du matériel")
    MAINTENANCE = "maintenance_de_materiel", _("Maintenance de matériel")
    CONTENT = "gere_ses_contenus_numeriques", _("Gérer ses contenus numériques")
    BROWSING = "navigation_sur_internet", _("Navigation sur internet")
    EMAIL = "email", _("E-mail")
    OFFICE = "bureautique", _("Bureautique")
    SOCIAL = "reseaux_sociaux", _("Réseaux sociaux communication")
    HEALTH = "sante", _("Santé")
    BANKING = "banque_et_achats_en_ligne", _("Banque et achats en ligne")
    BUSINESS = "entrepreneuriat", _("Accompagner un professionnel")
    EMPLOYMENT = "insertion_professionnelle", _("Insertion professionnelle")
    SECURITY = "securite_numerique", _("Prévention en sécurité numérique")
    PARENTING = "parentalite", _("Parentalité")
    SCHOOL = "scolarite_et_numerique", _("Scolarité et numérique")
    CREATE = "creer_avec_le_numerique", _("Créer avec le numérique")
    CULTURE = "culture_numerique", _("Culture numérique")
    AI = "intelligence_artificielle", _("Intelligence artificielle (IA)")
    ADMIN_PROCEDURES = "aide_aux_demarches_administratives", _("Aide aux démarches administratives")


class ProcedureTheme(models.TextChoices):
    """Sub-themes offered when the theme is 'Aide aux démarches administratives'."""

    PAPERS = "papiers_elections_citoyennete", _("Papiers - Élections - Citoyenneté")
    FAMILY = "famille_scolarite", _("Famille - Scolarité")
    SOCIAL_HEALTH = "social_sante", _("Social - Santé")
    WORK = "travail_formation", _("Travail - Formation - Entreprise")
    HOUSING = "logement", _("Logement")
    TRANSPORT = "transports_mobilite", _("Transports - Mobilité")
    MONEY = "argent_impots", _("Argent - Impôts")
    JUSTICE = "justice", _("Justice")
    FOREIGNERS = "etrangers_europe", _("Étrangers - Europe")
    LEISURE = "loisirs_sports_culture", _("Loisirs - Sports - Culture")
    ASSOCIATIONS = "associations", _("Associations")


class Autonomy(models.TextChoices):
    GUIDED = "entierement_accompagne", _("Avec guidage")
    PARTLY = "partiellement_autonome", _("Autonome avec guidage en cas de besoin")
    AUTONOMOUS = "autonome", _("Autonome")


class WorkshopLevel(models.TextChoices):
    BEGINNER = "debutant", _("Débutant")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Avancé")


class ReferralStructure(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration (mairie, préfecture…)")
    MEDIATION = "mediation_numerique", _("Autre structure de médiation numérique")
    OPERATOR = (
        "operateur_ou_organisme_en_charge",
        _("Opérateur ou organisme en charge de la démarche administrative"),
    )
    SOCIAL_AID = (
        "aide_sociale",
        _("Structure d’aide sociale (maison des solidarités, centre social…)"),
    )
    EMPLOYMENT = (
        "insertion_professionnelle",
        _(
            "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)"
        ),
    )
    ADMIN_HELP = (
        "aide_aux_demarches_administratives",
        _("Structure d’aide aux démarches administratives (France Services…)"),
    )
    OTHER = "autre", _("Autre")
