"""Appointments: reasons (types), mediators' hours, exceptions, bookings.

Slots are made of 15-minute blocks. Booking an appointment inserts one
SlotHold row per block it covers, unique per mediator and block start: two
bookings that overlap for the same mediator can never both be saved, whatever
the timing — the database refuses the second one (SQLite and PostgreSQL alike).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.kernel.states import TransitionLog

BLOCK = datetime.timedelta(minutes=15)


def multiple_of_15(value: int) -> None:
    from django.core.exceptions import ValidationError

    if value % 15:
        raise ValidationError(_("La durée doit être un multiple de 15 minutes."))


def on_a_quarter_hour(value: datetime.time) -> None:
    """Hours start and end on :00, :15, :30 or :45, like the 15-minute blocks
    that hold a mediator's time (otherwise two venues' slots could overlap unseen)."""
    from django.core.exceptions import ValidationError

    if value.minute % 15 or value.second or value.microsecond:
        raise ValidationError(
            _("Choisissez une heure au quart d’heure près (par exemple 9:00, 9:15, 9:30, 9:45).")
        )


class AppointmentMode(models.TextChoices):
    ON_SITE = "on_site", _("Sur place")
    PHONE = "phone", _("Par téléphone")
    OUTREACH = "outreach", _("Dans un lieu partenaire (hors les murs)")


class AppointmentType(models.Model):
    """A reason for an appointment ("motif"): what, how long, where, with whom."""

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="appointment_types"
    )
    name = models.CharField(_("motif"), max_length=120)
    description = models.TextField(
        _("explication pour les visiteurs"),
        blank=True,
        help_text=_("En mots simples : ce qu’il faut apporter, comment ça se passe."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        default=45,
        validators=[MinValueValidator(15), MaxValueValidator(240), multiple_of_15],
    )
    mode = models.CharField(
        _("modalité"), max_length=10, choices=AppointmentMode, default=AppointmentMode.ON_SITE
    )
    outreach_venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu partenaire"),
        help_text=_("Pour un rendez-vous hors les murs."),
    )
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="appointment_types",
        verbose_name=_("médiateur·rices qui le proposent"),
    )
    theme = models.CharField(
        _("thématique du journal"),
        max_length=40,
        blank=True,
        help_text=_("Thématique notée dans le journal quand le rendez-vous a eu lieu."),
    )
    bookable_online = models.BooleanField(_("réservable en ligne par les visiteurs"), default=True)
    active = models.BooleanField(_("proposé"), default=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("motif de rendez-vous")
        verbose_name_plural = _("motifs de rendez-vous")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BookingPolicy(models.Model):
    """Per venue: how soon and how far ahead visitors may book, and limits."""

    venue = models.OneToOneField(
        "venues.Venue", on_delete=models.CASCADE, related_name="booking_policy"
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("délai minimum avant un rendez-vous (heures)"), default=2
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("réservation possible jusqu’à (jours)"),
        default=42,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    max_bookings_per_contact_per_day = models.PositiveSmallIntegerField(
        _("réservations en ligne par jour et par contact"), default=2
    )

    class Meta:
        verbose_name = _("règles de réservation")
        verbose_name_plural = _("règles de réservation")

    def __str__(self) -> str:
        return str(self.venue)


class WeeklyAvailability(models.Model):
    """A mediator's recurring hours at a venue (one row per period of a weekday)."""

    venue = models.ForeignKey("venues.Venue", on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_availabilities"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), validators=[MaxValueValidator(6)])
    start = models.TimeField(_("de"), validators=[on_a_quarter_hour])
    end = models.TimeField(_("à"), validators=[on_a_quarter_hour])

    class Meta:
        verbose_name = _("disponibilité hebdomadaire")
        verbose_name_plural = _("disponibilités hebdomadaires")
        ordering = ["mediator_id", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="availability_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mediator} {self.weekday} {self.start:%H:%M}-{self.end:%H:%M}"


class ExceptionKind(models.TextChoices):
    LEAVE = "leave", _("Congés")
    SICK = "sick", _("Arrêt maladie")
    OTHER = "other", _("Autre absence")


class AvailabilityException(models.Model):
    """A mediator is away: no slot is offered on these days."""

    venue = models.ForeignKey("venues.Venue", on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (inclus)"))
    kind = models.CharField(
        _("motif"), max_length=10, choices=ExceptionKind, default=ExceptionKind.LEAVE
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="absence_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mediator} {self.start_date}–{self.end_date}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Prévu")
    DONE = "done", _("Honoré")
    NO_SHOW = "no_show", _("Absence")
    EXCUSED = "excused", _("Excusé")
    CANCELLED = "cancelled", _("Annulé")


class BookingSource(models.TextChoices):
    STAFF = "staff", _("Par l’équipe")
    ONLINE = "online", _("En ligne par le visiteur")
    HELPDESK = "helpdesk", _("Depuis le café numérique")


class Appointment(models.Model):
    venue = models.ForeignKey("venues.Venue", on_delete=models.PROTECT, related_name="appointments")
    type = models.ForeignKey(
        AppointmentType,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("motif"),
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("médiateur·rice"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("personne"),
    )
    first_name = models.CharField(_("prénom ou surnom"), max_length=100)
    phone = models.CharField(_("téléphone mobile"), max_length=25, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_to_reminders = models.BooleanField(_("accepte les rappels"), default=False)
    # When and to which sentence (as shown, in the language of the form) consent was given.
    consent_at = models.DateTimeField(_("date du consentement"), null=True, blank=True)
    consent_wording = models.TextField(_("texte du consentement"), blank=True)
    topic = models.CharField(_("ce dont il s’agit"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("état"), max_length=10, choices=AppointmentStatus, default=AppointmentStatus.BOOKED
    )
    source = models.CharField(
        _("pris"), max_length=10, choices=BookingSource, default=BookingSource.STAFF
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    activity = models.ForeignKey(
        "journal.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["venue", "starts_at"]),
            models.Index(fields=["mediator", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} — {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("appointments:detail", args=[self.venue.slug, self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.BOOKED


class SlotHold(models.Model):
    """One 15-minute block of a mediator's time taken by an appointment.

    The unique constraint on (mediator, block_start) is the database-level
    guarantee that nobody double-books a mediator.
    """

    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    block_start = models.DateTimeField()
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="holds")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "block_start"], name="one_booking_per_block"
            )
        ]
        indexes = [models.Index(fields=["block_start"])]

    def __str__(self) -> str:
        return f"{self.mediator_id} @ {self.block_start:%Y-%m-%d %H:%M}"


class AppointmentTransition(TransitionLog):
    """Who moved an appointment from one state to another, and when."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="transitions"
    )
    note = models.CharField(max_length=200, blank=True)
    states = AppointmentStatus

    class Meta(TransitionLog.Meta):
        pass
