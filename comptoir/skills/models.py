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

from comptoir.kernel.scoping import VenueScopedQuerySet


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


class RecognisedSkillQuerySet(VenueScopedQuerySet):
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


def people_with_skill(venue, kind: str):
    """People of the venue holding an active recognised skill of this kind (who can
    animate a peer session, who can repair)."""
    from comptoir.people.models import Person

    return (
        Person.objects.active()
        .filter(
            venue=venue,
            recognised_skills__kind=kind,
            recognised_skills__revoked_at__isnull=True,
        )
        .order_by("first_name", "pk")
        .distinct()
    )


def person_has_skill(person, kind: str) -> bool:
    """Whether the person holds a recognised, not withdrawn, skill of this kind.

    Workshops ask it before setting a peer animator, repair before accepting a
    repairer.
    """
    return RecognisedSkill.objects.active().filter(person=person, kind=kind).exists()


# --- Open Badges 3.0 ------------------------------------------------------------------------------
#
# The venue is the issuer. Its keys (Ed25519 for the Data Integrity proof,
# RSA for the VC-JWT) are made on first use and kept in the database; only the
# public halves are published, on the issuer's profile. Credentials are signed
# once, when awarded, and kept as issued: what a verifier checks is exactly what
# the person downloaded.


class IssuerProfile(models.Model):
    """A venue as an Open Badges issuer: its public identity and its signing keys."""

    venue = models.OneToOneField(
        "venues.Venue", on_delete=models.PROTECT, related_name="issuer_profile"
    )
    public_id = models.UUIDField(unique=True, editable=False)
    description = models.TextField(
        _("présentation de l’émetteur"),
        blank=True,
        help_text=_("Affichée sur la page publique des badges du lieu."),
    )
    # PEM (PKCS#8). Never shown, never exported: see docs/architecture.md.
    ed25519_private_key = models.TextField(editable=False)
    rsa_private_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("profil d’émetteur")
        verbose_name_plural = _("profils d’émetteur")

    def __str__(self) -> str:
        return str(self.venue)


class Achievement(models.Model):
    """What a badge recognises (an Open Badges "Achievement"): name, criteria, image, Pix."""

    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="achievements",
        verbose_name=_("lieu"),
    )
    public_id = models.UUIDField(unique=True, editable=False)
    name = models.CharField(_("nom du badge"), max_length=120)
    description = models.TextField(
        _("description"), help_text=_("Ce que la personne sait faire, en une ou deux phrases.")
    )
    criteria = models.TextField(
        _("critères d’obtention"),
        help_text=_(
            "Par exemple : « A participé à l’atelier et envoyé un e-mail avec une pièce jointe »."
        ),
    )
    competences = models.ManyToManyField(
        PixCompetence,
        blank=True,
        related_name="achievements",
        verbose_name=_("compétences Pix"),
    )
    # The badge picture: an uploaded PNG (kept in the database, so no media
    # storage is needed), or a drawn one in the chosen colour when empty.
    image_png = models.BinaryField(blank=True, editable=False, default=b"")
    colour = models.CharField(_("couleur"), max_length=7, default="#1d5fa8")
    validity_days = models.PositiveIntegerField(
        _("durée de validité (jours)"),
        null=True,
        blank=True,
        help_text=_("Vide : le badge n’expire pas."),
    )
    active = models.BooleanField(_("peut être délivré"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CredentialQuerySet(VenueScopedQuerySet):
    venue_path = "achievement__venue"


class Credential(models.Model):
    """One badge awarded to one person: the signed OpenBadgeCredential, as issued."""

    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("badge")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
        verbose_name=_("personne"),
    )
    public_id = models.UUIDField(unique=True, editable=False)
    # Position of this credential in its issuer's status list (revocation).
    status_index = models.PositiveIntegerField(editable=False)
    issuer = models.ForeignKey(IssuerProfile, on_delete=models.PROTECT, related_name="credentials")
    recipient_name = models.CharField(_("délivré à"), max_length=100)
    evidence_note = models.CharField(
        _("preuve"), max_length=300, blank=True, help_text=_("Par exemple : « Atelier du 3 mars »")
    )
    source_ref = models.CharField(max_length=64, blank=True, editable=False)
    issued_at = models.DateTimeField(_("délivré le"))
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_json = models.JSONField(editable=False)
    signed_jwt = models.TextField(editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.CharField(_("motif de la révocation"), max_length=300, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge délivré")
        verbose_name_plural = _("badges délivrés")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "status_index"], name="credential_status_index_once"
            ),
            # Automatic awards (e.g. on attendance) are made once per source.
            models.UniqueConstraint(
                fields=["achievement", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="credential_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} — {self.recipient_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
