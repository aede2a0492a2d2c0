"""What reports keep of their own: the communes of the territory (for the
diagnostic) and the funder reports coordinators write. Every figure is computed
from the journal when asked (figures.py); nothing here copies it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.venues.models import insee_code_validator


def department_of(insee_code: str) -> str:
    """The département of a commune: 2 characters, 3 overseas (971…976)."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


class Commune(models.Model):
    """A commune of the official INSEE list, imported with `import_communes`."""

    insee_code = models.CharField(
        _("code INSEE"), max_length=5, primary_key=True, validators=[insee_code_validator]
    )
    name = models.CharField(_("nom"), max_length=120)
    department = models.CharField(_("département"), max_length=3, db_index=True)
    population = models.PositiveIntegerField(_("population municipale"))
    # Population per age bracket of the activity report (AgeBracket values →
    # inhabitants), when the user imported INSEE's population by age.
    population_by_age = models.JSONField(_("population par tranche d’âge"), default=dict)
    has_priority_area = models.BooleanField(
        _("compte un quartier prioritaire (QPV)"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"

    def save(self, *args, **kwargs):
        self.department = department_of(self.insee_code)
        super().save(*args, **kwargs)


class FunderReport(models.Model):
    """A report for a funder: a period, a set of venues and a short context text
    written by a coordinator. Its figures are computed each time it is opened."""

    title = models.CharField(_("titre"), max_length=200)
    funder = models.CharField(_("financeur"), max_length=200, blank=True)
    start = models.DateField(_("du"))
    end = models.DateField(_("au (inclus)"))
    venues = models.ManyToManyField(
        "venues.Venue", related_name="funder_reports", verbose_name=_("lieux")
    )
    context = models.TextField(
        _("contexte"),
        blank=True,
        help_text=_(
            "Quelques lignes pour le financeur : ce qui a marqué la période, ce que les "
            "chiffres ne disent pas."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapport financeur")
        verbose_name_plural = _("rapports financeurs")
        ordering = ["-end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="funder_report_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:funder_report", args=[self.pk])


class MonthFigures(models.Model):
    """The additive figures of one venue for one calendar month, kept so that a
    report over a year of a network reads a few hundred rows instead of the
    whole journal (see rollup.py). Derived data: it can be deleted at any time.

    Every journal write at that venue and month bumps `version`; the payload is
    current when `computed_version` equals it, and is computed again otherwise.
    """

    venue = models.ForeignKey("venues.Venue", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day
    version = models.PositiveIntegerField(default=1)
    computed_version = models.PositiveIntegerField(default=0)
    payload = models.JSONField(default=dict)
    # The known people who came, as a compressed bitmap of their ids (rollup.py).
    people = models.BinaryField(default=b"")
    computed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["venue", "month"], name="month_figures_once")
        ]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.month:%Y-%m}"

    @property
    def is_current(self) -> bool:
        return self.computed_version == self.version
