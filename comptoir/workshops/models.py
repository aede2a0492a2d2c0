"""Workshops and community times: a venue's catalogue, its sessions, who registered.

A session has `capacity` seats, numbered 1..capacity. A confirmed registration
holds one seat number, unique per session: two people taking the last seat at
the same moment can never both get it — the database refuses the second
insert (SQLite and PostgreSQL alike), and that person is put on the waiting
list instead. A waiting-list registration holds no seat; when a seat is freed
the first on the list takes it (see actions.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import Theme, WorkshopLevel
from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.kernel.states import TransitionLog

MAX_CAPACITY = 200


class WorkshopFormat(models.TextChoices):
    WORKSHOP = "workshop", _("Atelier")
    DISCUSSION = "discussion", _("Temps d’échange")
    INSTALL_PARTY = "install_party", _("Install party")
    CARTO_PARTY = "carto_party", _("Carto-party")
    WIKI = "wiki", _("Wiki-permanence")
    REPAIR = "repair", _("Séance de réparation")
    OTHER = "other", _("Autre format")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Tout public")
    SENIORS = "seniors", _("Seniors")
    PARENTS = "parents", _("Parents")
    YOUTH = "youth", _("Jeunes")
    PROFESSIONALS = "professionals", _("Professionnels et associations")


class PriceKind(models.TextChoices):
    FREE = "free", _("Gratuit")
    PAID = "paid", _("Payant")
    PASS = "pass", _("Payant, pass numérique accepté")


class Workshop(models.Model):
    """One entry of the venue's catalogue: what the workshop is, for whom, at what level."""

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="workshops", verbose_name=_("lieu")
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(
        _("description"),
        help_text=_("En mots simples : ce qu’on y fait, ce qu’il faut apporter."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=WorkshopFormat, default=WorkshopFormat.WORKSHOP
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience, default=Audience.EVERYONE
    )
    level = models.CharField(
        _("niveau"), max_length=20, choices=WorkshopLevel, default=WorkshopLevel.BEGINNER
    )
    themes = models.JSONField(
        _("thématiques"),
        default=list,
        help_text=_("Les thématiques du journal : elles sont notées quand la séance est close."),
    )
    competences = models.ManyToManyField(
        "skills.PixCompetence",
        blank=True,
        related_name="workshops",
        verbose_name=_("compétences Pix travaillées"),
    )
    price_kind = models.CharField(
        _("tarif"), max_length=10, choices=PriceKind, default=PriceKind.FREE
    )
    price_amount = models.DecimalField(
        _("prix (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée habituelle (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(8 * 60)],
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("places habituelles"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    badge = models.ForeignKey(
        "skills.Achievement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("badge délivré aux participants"),
        help_text=_("Remis automatiquement à chaque personne présente, à la clôture de la séance."),
    )
    active = models.BooleanField(_("au catalogue"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop", args=[self.venue.slug, self.pk])

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévue")
    CANCELLED = "cancelled", _("Annulée")
    CLOSED = "closed", _("Close")


class Session(models.Model):
    """One date of a workshop: when, where, how many seats, who animates."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("atelier")
    )
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="workshop_sessions"
    )
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    place = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu partenaire (hors les murs)"),
        help_text=_("Laissez vide quand la séance a lieu chez vous."),
    )
    room = models.CharField(
        _("salle ou précision"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : « à l’étage »"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    registration_opens_at = models.DateTimeField(
        _("inscriptions ouvertes à partir du"),
        null=True,
        blank=True,
        help_text=_("Vide : dès maintenant."),
    )
    registration_closes_at = models.DateTimeField(
        _("inscriptions closes le"),
        null=True,
        blank=True,
        help_text=_("Vide : jusqu’au début de la séance."),
    )
    animators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="animated_sessions",
        verbose_name=_("animé par (équipe)"),
    )
    peer_animators = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="animated_sessions",
        verbose_name=_("animé par (pairs)"),
        help_text=_("Une personne dont la compétence « animer un atelier » a été reconnue."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=SessionStatus, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("motif de l’annulation"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "journal.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["venue", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:session", args=[self.venue.slug, self.pk])

    def get_public_url(self) -> str:
        return reverse("workshops:public_session", args=[self.venue.slug, self.pk])

    @property
    def where(self):
        """The venue the session takes place in (a partner place, or the venue itself)."""
        return self.place or self.venue

    @property
    def is_outreach(self) -> bool:
        return self.place_id is not None and self.place_id != self.venue_id

    @property
    def is_scheduled(self) -> bool:
        return self.status == SessionStatus.SCHEDULED

    def registration_state(self, now=None) -> str:
        """'open', 'not_yet', 'closed', 'past', 'cancelled' or 'done' (closed session)."""
        now = now or timezone.now()
        if self.status == SessionStatus.CANCELLED:
            return "cancelled"
        if self.status == SessionStatus.CLOSED:
            return "done"
        if self.starts_at <= now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITLISTED = "waitlisted", _("Liste d’attente")
    CANCELLED = "cancelled", _("Désinscrit·e")
    ATTENDED = "attended", _("Présent·e")
    NO_SHOW = "no_show", _("Absent·e")


# The one table of allowed moves of a registration (actions.STATES). Someone on the
# waiting list gets a seat, or comes anyway; a tick can be undone until the session
# is closed, which marks the unticked absent.
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RegistrationStatus.WAITLISTED: frozenset(
        {RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.CANCELLED}
    ),
    RegistrationStatus.CONFIRMED: frozenset(
        {RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW, RegistrationStatus.CANCELLED}
    ),
    RegistrationStatus.ATTENDED: frozenset({RegistrationStatus.CONFIRMED}),
    RegistrationStatus.CANCELLED: frozenset(),
    RegistrationStatus.NO_SHOW: frozenset(),
}

ACTIVE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("En ligne")
    STAFF = "staff", _("Par l’équipe")


class RegistrationQuerySet(VenueScopedQuerySet):
    venue_path = "session__venue"


class Registration(models.Model):
    """A person's place in a session: a seat, or a place on the waiting list."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
        verbose_name=_("personne"),
    )
    # Contact as given for this registration (messages go here).
    first_name = models.CharField(_("prénom ou surnom"), max_length=100)
    phone = models.CharField(_("téléphone mobile"), max_length=25, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_to_reminders = models.BooleanField(_("accepte les rappels"), default=False)
    # When and to which sentence (as shown, in the language of the form) consent was given.
    consent_at = models.DateTimeField(_("date du consentement"), null=True, blank=True)
    consent_wording = models.TextField(_("texte du consentement"), blank=True)
    status = models.CharField(_("état"), max_length=12, choices=RegistrationStatus)
    seat = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    source = models.CharField(max_length=10, choices=RegistrationSource)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("sorti·e de la liste d’attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("désinscrit·e le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("pointé·e le"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            # One seat number is held by one registration at most.
            models.UniqueConstraint(
                fields=["session", "seat"],
                condition=Q(seat__isnull=False),
                name="one_person_a_seat",
            ),
            # A person holds one registration per session (cancelled ones aside).
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_registration_per_person",
            ),
            # Confirmed people hold a seat; the waiting list and the cancelled do not.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["confirmed", "attended", "no_show"], seat__isnull=False)
                    | Q(status__in=["waitlisted", "cancelled"], seat__isnull=True)
                ),
                name="seat_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} — {self.session}"

    @property
    def holds_seat(self) -> bool:
        return self.seat is not None


class RegistrationTransition(TransitionLog):
    """Who moved a registration from one state to another, and when."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="transitions"
    )
    states = RegistrationStatus

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d’état d’une inscription")
        verbose_name_plural = _("changements d’état des inscriptions")
