"""Skills recognition: the Pix competence framework and the skills a venue recognises.

The framework (5 areas, 16 competences) is reference data, loaded by a data
migration from data/referentiel-pix.json; its titles are the official French
ones and are shown as they are. A `RecognisedSkill` is what staff saw a person
do ("peut animer un atelier smartphone débutant", "répare des ordinateurs
portables"): it is what lets someone animate a peer session or repair devices.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PixArea(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        verbose_name = _("domaine Pix")
        verbose_name_plural = _("domaines Pix")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PixCompetence(models.Model):
    area = models.ForeignKey(
        PixArea, on_delete=models.PROTECT, related_name="competences", verbose_name=_("domaine")
    )
    code = models.CharField(_("code"), max_length=5, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("compétence Pix")
        verbose_name_plural = _("compétences Pix")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class SkillKind(models.TextChoices):
    PEER_ANIMATION = "peer_animation", _("Animer un atelier entre pairs")
    REPAIR = "repair", _("Réparer des appareils")
    OTHER = "other", _("Autre savoir-faire")


class RecognisedSkillQuerySet(models.QuerySet):
    def active(self) -> "RecognisedSkillQuerySet":
        return self.filter(revoked_at__isnull=True)


class RecognisedSkill(models.Model):
    """A skill staff recognised in a person of their venue, with its evidence.

    Withdrawn rather than deleted (`revoked_at`, `revoked_by`), so the venue
    keeps what it once recognised and when it stopped.
    """

    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="recognised_skills",
        verbose_name=_("lieu"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="recognised_skills",
        verbose_name=_("personne"),
    )
    label = models.CharField(_("compétence"), max_length=200)
    kind = models.CharField(_("ce qu’elle permet"), max_length=20, choices=SkillKind)
    competences = models.ManyToManyField(
        PixCompetence,
        blank=True,
        related_name="recognised_skills",
        verbose_name=_("compétences Pix"),
    )
    evidence_note = models.TextField(_("ce qui a été constaté"))
    evidence_date = models.DateField(_("constatée le"))
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reconnue par"),
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retirée par"),
    )

    objects = RecognisedSkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("compétence reconnue")
        verbose_name_plural = _("compétences reconnues")
        ordering = ["-evidence_date", "-pk"]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def person_has_skill(person, kind: str) -> bool:
    """Whether the person holds a recognised, not withdrawn, skill of this kind.

    Workshops ask it before setting a peer animator, repair before accepting a
    repairer.
    """
    return RecognisedSkill.objects.active().filter(person=person, kind=kind).exists()
