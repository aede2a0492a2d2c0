"""The journal: one row per accompaniment, whatever service gave it.

Every service writes here through `journal.actions.record_activity()`;
reports read only this. Fields map one-to-one onto the national activity
report (CRA) — see cra.py and export.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import (
    MAX_DURATION_MINUTES,
    ActivityType,
    Autonomy,
    Equipment,
    PlaceType,
    ProcedureTheme,
    ReferralStructure,
    Theme,
    WorkshopLevel,
)
from comptoir.kernel import services
from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.venues.models import insee_code_validator, postal_code_validator


class _Sources:
    """Which service gave an accompaniment (the "format" in reports): a key each app
    declares in its service.py (`JournalSource`, the kernel's registry), so a new
    service needs no migration here. The journal declares its own two: "journal"
    (recorded by hand) and "outreach" (hors les murs).

    `Source.HELPDESK` reads as the key "helpdesk" once a service declared it;
    `Source.choices` lists (key, label) in report order.
    """

    def __getattr__(self, name: str) -> str:
        key = name.lower()
        if name.isupper() and services.journal_source(key) is not None:
            return key
        raise AttributeError(name)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(source.key, source.label) for source in services.journal_sources()]

    def label(self, key: str) -> str:
        source = services.journal_source(key)
        return str(source.label) if source is not None else key


Source = _Sources()


def validate_source(key: str) -> None:
    if services.journal_source(key) is None:
        raise ValidationError(
            _("« %(key)s » n’est pas un service connu du journal."), params={"key": key}
        )


class Activity(models.Model):
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="activities", verbose_name=_("lieu")
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("médiateur·rice"),
    )
    type = models.CharField(_("type"), max_length=12, choices=ActivityType)
    place_type = models.CharField(
        _("lieu de l’accompagnement"), max_length=16, choices=PlaceType, default=PlaceType.VENUE
    )
    place_commune = models.CharField(_("commune du lieu"), max_length=120, blank=True)
    place_postal_code = models.CharField(
        _("code postal du lieu"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    equipment = models.JSONField(_("matériel utilisé"), default=list, blank=True)
    procedure_name = models.CharField(
        _("nom de la démarche administrative"), max_length=200, blank=True
    )
    autonomy = models.CharField(
        _("niveau d’autonomie"), max_length=30, choices=Autonomy, blank=True
    )
    level = models.CharField(
        _("niveau de l’atelier"), max_length=20, choices=WorkshopLevel, blank=True
    )
    workshop_title = models.CharField(_("nom de l’atelier"), max_length=200, blank=True)
    referred = models.BooleanField(_("réorienté·e vers une autre structure"), default=False)
    referral_structure = models.CharField(
        _("structure de redirection"), max_length=40, choices=ReferralStructure, blank=True
    )

    # Individual: a known person, or an anonymous one described by the fields below.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("personne"),
    )
    # Collective: the known participants, plus a total head count.
    participants = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="collective_activities",
        verbose_name=_("participants"),
    )
    head_count = models.PositiveIntegerField(
        _("nombre de participants"), default=1, validators=[MinValueValidator(1)]
    )
    # Beneficiary description, kept on the activity so that reports never need
    # the person (who may be anonymised later).
    age_bracket = models.CharField(
        _("tranche d’âge"), max_length=30, choices=AgeBracket, default=AgeBracket.NOT_GIVEN
    )
    gender = models.CharField(_("genre"), max_length=20, choices=Gender, default=Gender.NOT_GIVEN)
    social_status = models.CharField(
        _("statut"), max_length=20, choices=SocialStatus, default=SocialStatus.NOT_GIVEN
    )
    commune = models.CharField(_("commune du bénéficiaire"), max_length=120, blank=True)
    postal_code = models.CharField(
        _("code postal du bénéficiaire"),
        max_length=5,
        blank=True,
        validators=[postal_code_validator],
    )
    insee_code = models.CharField(
        _("code INSEE du bénéficiaire"), max_length=5, blank=True, validators=[insee_code_validator]
    )

    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("service"), max_length=20, default="journal", validators=[validate_source]
    )
    source_ref = models.CharField(max_length=64, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-date", "-pk"]
        indexes = [
            # The journal's lists, and the reports' figures by index-only scans on
            # PostgreSQL: every column they count or group by is included (SQLite
            # ignores `include`). See docs/benchmarks.md, "Reports".
            models.Index(
                fields=["venue", "-date"],
                include=[
                    "id",
                    "type",
                    "source",
                    "head_count",
                    "duration_minutes",
                    "person",
                    "referred",
                    "referral_structure",
                    "place_type",
                    "autonomy",
                ],
                name="activity_venue_date_report",
            ),
            # Who the anonymous people are, for the reports.
            models.Index(
                fields=["venue", "date"],
                include=["id", "age_bracket", "gender", "social_status", "insee_code", "commune"],
                condition=Q(type="individuel", person__isnull=True),
                name="activity_anonymous_report",
            ),
            models.Index(fields=["venue", "mediator", "-date"], name="activity_venue_mediator"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="activity_unique_source_ref",
            ),
            models.CheckConstraint(
                condition=Q(type="collectif") | Q(head_count=1),
                name="activity_individual_has_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("journal:detail", args=[self.venue.slug, self.pk])

    @property
    def source_label(self) -> str:
        return Source.label(self.source)

    @property
    def is_collective(self) -> bool:
        return self.type == ActivityType.COLLECTIVE

    def equipment_labels(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [str(labels.get(code, code)) for code in self.equipment]

    def theme_codes(self) -> list[str]:
        return [t.code for t in self.themes.all() if t.kind == ActivityTheme.Kind.THEME]

    def procedure_codes(self) -> list[str]:
        return [t.code for t in self.themes.all() if t.kind == ActivityTheme.Kind.PROCEDURE]


class ActivityTheme(models.Model):
    """One theme (or administrative sub-theme) of an activity: a row each, so that
    lists filter and reports count by theme with plain SQL on SQLite and PostgreSQL."""

    class Kind(models.TextChoices):
        THEME = "theme", _("thématique")
        PROCEDURE = "procedure", _("démarche administrative")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="themes")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.THEME)
    code = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind", "code"], name="activity_theme_once")
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        choices = Theme if self.kind == self.Kind.THEME else ProcedureTheme
        try:
            return str(choices(self.code).label)
        except ValueError:
            return self.code


class MissedBooking(models.Model):
    """A booking the person did not honour (an appointment or a workshop seat).

    Not an accompaniment: it is kept so that reports can give the no-show rate
    from the journal alone. Services write it with `record_missed_booking()` and
    withdraw it when staff correct the mark.
    """

    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="missed_bookings",
        verbose_name=_("lieu"),
    )
    date = models.DateField(_("date"))
    source = models.CharField(_("service"), max_length=20, validators=[validate_source])
    source_ref = models.CharField(max_length=64)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missed_bookings",
        verbose_name=_("personne"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("absence à un rendez-vous ou un atelier")
        verbose_name_plural = _("absences aux rendez-vous et ateliers")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["venue", "date"], name="missed_venue_date")]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="missed_booking_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_label} — {self.date:%d/%m/%Y}"

    @property
    def source_label(self) -> str:
        return Source.label(self.source)
