"""How a person is described in the national activity report (CRA).

Source: La Coop de la médiation numérique (ANCT), inclusion-numerique/
coop-mediation-numerique @46aa33bd, apps/web/src/features/beneficiaire/domain
(extracted in shared/reference/coop-cra-enums.json). Values are the CRA's API
values, so an export maps one-to-one; labels are the CRA's French labels.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBracket(models.TextChoices):
    UNDER_12 = "moins_de_douze", _("Moins de 12 ans")
    FROM_12_TO_17 = "douze_dix_huit", _("12 - 17 ans")
    FROM_18_TO_24 = "dix_huit_vingt_quatre", _("18 - 24 ans")
    FROM_25_TO_39 = "vingt_cinq_trente_neuf", _("25 - 39 ans")
    FROM_40_TO_59 = "quarante_cinquante_neuf", _("40 - 59 ans")
    FROM_60_TO_69 = "soixante_soixante_neuf", _("60 - 69 ans")
    OVER_70 = "soixante_dix_plus", _("70 ans et plus")
    NOT_GIVEN = "non_communique", _("Non communiqué")


class Gender(models.TextChoices):
    MALE = "masculin", _("Masculin")
    FEMALE = "feminin", _("Féminin")
    NOT_GIVEN = "non_communique", _("Non communiqué")


class SocialStatus(models.TextChoices):
    IN_SCHOOL = "scolarise", _("Scolarisé")
    UNEMPLOYED = "sans_emploi", _("Sans emploi")
    EMPLOYED = "en_emploi", _("En emploi")
    RETIRED = "retraite", _("Retraité")
    NOT_GIVEN = "non_communique", _("Non communiqué ou hétérogène")
