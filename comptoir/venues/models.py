"""Networks, venues (the tiers-lieu and its partner places), staff memberships."""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.venues.roles import Role, role_allows

insee_code_validator = RegexValidator(
    r"^([013-9]\d|2[AB1-9])\d{3}$",
    _("Le code INSEE compte 5 caractères, par exemple 75056 ou 2A004."),
)
postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Le code postal compte 5 chiffres, par exemple 69001.")
)


class Network(models.Model):
    """A group of venues run together (a network, an association, a territory)."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VenueKind(models.TextChoices):
    TIERS_LIEU = "tiers_lieu", _("Le tiers-lieu")
    OUTREACH = "outreach", _("Lieu partenaire hors les murs")


class Venue(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="venues", verbose_name=_("réseau")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    kind = models.CharField(
        _("type de lieu"), max_length=20, choices=VenueKind, default=VenueKind.TIERS_LIEU
    )
    siret = models.CharField(
        _("SIRET ou RNA"),
        max_length=14,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-zA-Z0-9]{9,14}$",
                _("9 à 14 lettres ou chiffres (SIRET, SIREN ou numéro RNA)."),
            )
        ],
        help_text=_("Identifiant de la structure, utilisé pour les données ouvertes."),
    )
    address = models.CharField(_("adresse"), max_length=255)
    address_complement = models.CharField(_("complément d’adresse"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, validators=[postal_code_validator]
    )
    commune = models.CharField(_("commune"), max_length=120)
    insee_code = models.CharField(
        _("code INSEE de la commune"),
        max_length=5,
        blank=True,
        validators=[insee_code_validator],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Une adresse générique du lieu (contact@…) : elle est publiée dans les données "
            "ouvertes et sur la page publique."
        ),
    )
    website = models.URLField(_("site web"), blank=True)
    summary = models.CharField(
        _("présentation courte"),
        max_length=280,
        blank=True,
        help_text=_("280 caractères au plus, affichée dans les annuaires."),
    )
    description = models.TextField(_("présentation détaillée"), blank=True)
    services = models.JSONField(_("services proposés"), default=list, blank=True)
    publics = models.JSONField(_("publics spécifiquement adressés"), default=list, blank=True)
    specific_support = models.JSONField(_("prise en charge spécifique"), default=list, blank=True)
    fees = models.JSONField(_("frais à charge"), default=list, blank=True)
    access_modes = models.JSONField(_("modalités d’accès"), default=list, blank=True)
    support_modes = models.JSONField(_("modalités d’accompagnement"), default=list, blank=True)
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accès en fauteuil, boucle magnétique, toilettes adaptées…"),
    )
    accessibility_url = models.URLField(
        _("fiche Acceslibre"),
        blank=True,
        help_text=_("Lien vers la fiche du lieu sur acceslibre.beta.gouv.fr, si elle existe."),
    )
    # Privacy and security settings of the venue (issue 7).
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation (mois)"),
        default=24,
        validators=[MinValueValidator(6), MaxValueValidator(120)],
        help_text=_(
            "Les personnes sans contact depuis ce nombre de mois sont anonymisées "
            "automatiquement ; leurs accompagnements restent dans les statistiques."
        ),
    )
    require_two_factor = models.BooleanField(
        _("double authentification obligatoire pour les coordinateurs"),
        default=False,
        help_text=_(
            "Les coordinateurs et coordinatrices du lieu devront saisir un code à usage "
            "unique (application d’authentification) à chaque connexion."
        ),
    )
    embed_origins = models.TextField(
        _("sites autorisés à afficher l’écran d’accueil et la borne"),
        blank=True,
        help_text=_(
            "Une adresse par ligne (ex. https://intranet.exemple.fr). Seuls l’écran de "
            "la file d’attente et la borne peuvent être intégrés dans ces sites ; "
            "laissez vide pour l’interdire partout."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:public", args=[self.slug])

    @property
    def embed_origin_list(self) -> list[str]:
        """The sites allowed to frame the queue board and the kiosk (validated by the form)."""
        return [line.strip() for line in self.embed_origins.splitlines() if line.strip()]

    @property
    def is_outreach(self) -> bool:
        return self.kind == VenueKind.OUTREACH

    def service_labels(self) -> list[str]:
        from comptoir.venues.opendata import Service

        labels = dict(Service.choices)
        return [str(labels.get(value, value)) for value in self.services]

    def osm_opening_hours(self) -> str:
        """Weekly hours in OpenStreetMap `opening_hours` syntax, as the schema asks.

        Days with identical hours are grouped into ranges: "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00".
        """
        by_day: dict[int, list[str]] = {}
        for period in self.opening_periods.all():
            by_day.setdefault(period.weekday, []).append(
                f"{period.opens:%H:%M}-{period.closes:%H:%M}"
            )
        groups: list[tuple[int, int, str]] = []
        for day in range(7):
            if day not in by_day:
                continue
            hours = ",".join(sorted(by_day[day]))
            if groups and groups[-1][1] == day - 1 and groups[-1][2] == hours:
                groups[-1] = (groups[-1][0], day, hours)
            else:
                groups.append((day, day, hours))
        names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        parts = []
        for start, end, hours in groups:
            if start == end:
                days = names[start]
            elif end == start + 1:
                days = f"{names[start]},{names[end]}"
            else:
                days = f"{names[start]}-{names[end]}"
            parts.append(f"{days} {hours}")
        return "; ".join(parts)

    def is_closed_on(self, day: datetime.date) -> bool:
        return self.closures.filter(start_date__lte=day, end_date__gte=day).exists()


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class OpeningPeriod(models.Model):
    """One opening period of the weekly schedule (a day may have several)."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire d’ouverture")
        verbose_name_plural = _("horaires d’ouverture")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Exceptional closure: holidays, bank holidays, works."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (inclus)"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="closure_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} → {self.end_date} {self.reason}".strip()


class Membership(models.Model):
    """A staff member's role at one venue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rôle dans un lieu")
        verbose_name_plural = _("rôles dans les lieux")
        ordering = ["venue__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "venue"], name="one_role_per_user_and_venue")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.venue}"

    def allows(self, capability: str) -> bool:
        return role_allows(self.role, capability)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.COMPTOIR_INVITATION_DAYS)


class Invitation(models.Model):
    """A coordinator invites someone by e-mail to join a venue with a role."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.venue}"

    def get_absolute_url(self) -> str:
        return reverse("venues:accept_invitation", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
