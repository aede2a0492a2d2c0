"""Repair café: events with their volunteer repairers, and the items brought in.

A RepairItem moves through four queue states (TRANSITIONS below is the one table of
allowed moves); every move goes through `RepairItem.move()`, which refuses an illegal
one and writes a RepairItemTransition (from, to, by, at). The outcome of a repair
follows the Open Repair Data Standard (ORDS v0.3, see reference.py). The writes live in
actions.py; items imported from an ORDS file (importing.py) carry their `ords_id` and
the provider's name, country and group.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.errors import ActionRefused
from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.kernel.states import StateMachine, TransitionLog
from comptoir.repair.reference import Barrier, NextStep, RepairStatus, category_label


class RepairEvent(models.Model):
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="repair_events"
    )
    place = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu partenaire (hors les murs)"),
    )
    title = models.CharField(_("titre"), max_length=150)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    repairers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="repair_events",
        verbose_name=_("réparateur·rices de l’équipe"),
    )
    peer_repairers = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="repair_events",
        verbose_name=_("réparateur·rices bénévoles"),
    )
    recorded_volunteer_minutes = models.PositiveIntegerField(
        _("heures bénévoles relevées (minutes)"), null=True, blank=True
    )
    # Events created by an ORDS import: the group that hosted them in the other tool.
    group_identifier = models.CharField(_("groupe (ORDS)"), max_length=200, blank=True)
    is_imported = models.BooleanField(_("importé"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("repair café")
        verbose_name_plural = _("repair cafés")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="repair_event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def where(self):
        return self.place or self.venue

    @property
    def is_outreach(self) -> bool:
        return self.place_id is not None and self.place_id != self.venue_id

    @property
    def date(self) -> datetime.date:
        return timezone.localdate(self.starts_at)

    def volunteer_minutes(self) -> int:
        """Recorded by staff, else the event's duration × the number of repairers."""
        if self.recorded_volunteer_minutes is not None:
            return self.recorded_volunteer_minutes
        minutes = int((self.ends_at - self.starts_at).total_seconds() // 60)
        return minutes * (self.repairers.count() + self.peer_repairers.count())

    def volunteer_hours(self) -> float:
        return round(self.volunteer_minutes() / 60, 1)


class ItemStatus(models.TextChoices):
    WAITING = "waiting", _("En attente")
    IN_REPAIR = "in_repair", _("En réparation")
    DONE = "done", _("Terminé")
    LEFT = "left", _("Parti sans être vu")


TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.WAITING: frozenset({ItemStatus.IN_REPAIR, ItemStatus.LEFT}),
    ItemStatus.IN_REPAIR: frozenset({ItemStatus.DONE, ItemStatus.WAITING}),
    ItemStatus.DONE: frozenset(),
    ItemStatus.LEFT: frozenset(),
}


class IllegalTransition(ActionRefused):
    """A move the state machine does not allow; the message is for staff."""


class RepairItem(models.Model):
    """One object brought to a repair event, from intake to outcome."""

    event = models.ForeignKey(RepairEvent, on_delete=models.PROTECT, related_name="items")
    venue = models.ForeignKey("venues.Venue", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repair_items",
        verbose_name=_("personne"),
    )
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    category_id = models.PositiveSmallIntegerField(
        _("catégorie"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    brand = models.CharField(_("marque"), max_length=100, blank=True)
    model = models.CharField(_("modèle"), max_length=100, blank=True)
    age_years = models.DecimalField(
        _("âge approximatif (années)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    year_of_manufacture = models.PositiveSmallIntegerField(
        _("année de fabrication"), null=True, blank=True
    )
    problem = models.TextField(_("problème (avec les mots de la personne)"), blank=True)
    fault_type = models.CharField(_("type de panne"), max_length=60, blank=True)
    status = models.CharField(
        _("état"), max_length=12, choices=ItemStatus, default=ItemStatus.WAITING
    )
    repairer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réparateur·rice (équipe)"),
    )
    repairer_person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repairs_done",
        verbose_name=_("réparateur·rice (bénévole)"),
    )
    repair_status = models.CharField(_("résultat"), max_length=12, choices=RepairStatus, blank=True)
    next_steps = models.CharField(_("suite à donner"), max_length=20, choices=NextStep, blank=True)
    barrier = models.CharField(
        _("obstacle à la réparation"), max_length=24, choices=Barrier, blank=True
    )
    advice = models.TextField(_("conseils donnés"), blank=True)
    left_for_parts = models.BooleanField(_("laissé pour pièces"), default=False)
    arrived_at = models.DateTimeField(_("arrivé à"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    activity = models.ForeignKey(
        "journal.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # ORDS fields of imported records (kept as they came).
    ords_id = models.CharField(_("identifiant ORDS"), max_length=64, blank=True)
    data_provider = models.CharField(_("fournisseur des données"), max_length=200, blank=True)
    country = models.CharField(_("pays"), max_length=3, blank=True)
    group_identifier = models.CharField(_("groupe"), max_length=200, blank=True)
    partner_category = models.CharField(_("catégorie d’origine"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objet apporté")
        verbose_name_plural = _("objets apportés")
        ordering = ["arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "ords_id"],
                condition=~Q(ords_id=""),
                name="repair_item_ords_id_once_per_venue",
            ),
            models.CheckConstraint(
                condition=Q(barrier="") | Q(repair_status=RepairStatus.END_OF_LIFE),
                name="repair_item_barrier_only_end_of_life",
            ),
            models.CheckConstraint(
                condition=Q(next_steps="") | Q(repair_status=RepairStatus.REPAIRABLE),
                name="repair_item_next_steps_only_repairable",
            ),
        ]
        indexes = [models.Index(fields=["venue", "status"], name="repair_item_venue_status")]

    def __str__(self) -> str:
        return f"{self.category_label} — {self.owner_name}"

    @property
    def category_label(self) -> str:
        return category_label(self.category_id)

    @property
    def owner_name(self) -> str:
        if self.first_name:
            return self.first_name
        if self.person_id is not None and self.person is not None:
            return self.person.first_name
        return gettext("Anonyme")

    @property
    def repairer(self):
        return self.repairer_user or self.repairer_person

    @property
    def repairer_name(self) -> str:
        """Who repairs, as shown to the team: a staff member's full name, a peer's first name."""
        if self.repairer_user is not None:
            return self.repairer_user.get_full_name() or self.repairer_user.get_username()
        return self.repairer_person.first_name if self.repairer_person is not None else ""

    @property
    def source_ref(self) -> str:
        return f"repair-item:{self.pk}"

    def can_move(self, to: str) -> bool:
        return STATES.can_move(self, to)

    def move(self, to: str, *, by=None, at: datetime.datetime | None = None) -> None:
        """Change the status (saving the row with the caller's other changes) and log it."""
        STATES.transition(self, to, actor=by, at=at)


class RepairItemTransition(TransitionLog):
    """Who moved a repair item from one state to another, and when."""

    item = models.ForeignKey(RepairItem, on_delete=models.CASCADE, related_name="transitions")
    states = ItemStatus

    class Meta(TransitionLog.Meta):
        pass


STATES = StateMachine(
    TRANSITIONS, log="repair.RepairItemTransition", subject="item", refused=IllegalTransition
)
