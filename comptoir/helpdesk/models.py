"""Café numérique: walk-ins in a live queue, helped within a timebox.

A HelpRequest moves through three states (TRANSITIONS below is the one table of
allowed moves); every move goes through `HelpRequest.move()`, which refuses an
illegal one and writes a HelpRequestTransition (from, to, by, at). The writes
themselves live in actions.py.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.journal.cra import ReferralStructure
from comptoir.kernel.errors import ActionRefused
from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.kernel.states import StateMachine, TransitionLog


class BoardDisplay(models.TextChoices):
    FIRST_NAME = "first_name", _("Le prénom ou surnom (premier mot seulement)")
    INITIAL = "initial", _("L’initiale seulement")


class HelpdeskSettings(models.Model):
    """The café numérique's settings at one venue (defaults apply until saved)."""

    venue = models.OneToOneField(
        "venues.Venue", on_delete=models.CASCADE, related_name="helpdesk_settings"
    )
    timebox_minutes = models.PositiveSmallIntegerField(
        _("durée d’un accompagnement (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
        help_text=_("Le temps prévu pour chaque personne, 15 minutes en général."),
    )
    extension_minutes = models.PositiveSmallIntegerField(
        _("prolongation possible (minutes)"),
        default=10,
        validators=[MaxValueValidator(30)],
        help_text=_("Une seule prolongation par personne. 0 : pas de prolongation."),
    )
    kiosk_enabled = models.BooleanField(
        _("borne d’accueil en service"),
        default=True,
        help_text=_("Décochez pour mettre les bornes en pause (elles renvoient vers l’accueil)."),
    )
    board_display = models.CharField(
        _("sur l’écran de la file, afficher"),
        max_length=20,
        choices=BoardDisplay,
        default=BoardDisplay.FIRST_NAME,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réglages du café numérique")
        verbose_name_plural = _("réglages du café numérique")

    def __str__(self) -> str:
        return gettext("Réglages du café numérique — %(venue)s") % {"venue": self.venue}

    @classmethod
    def for_venue(cls, venue) -> "HelpdeskSettings":
        """The venue's settings, or the defaults (unsaved) when never set: reading never writes."""
        return cls.objects.filter(venue=venue).first() or cls(venue=venue)


class DeviceKind(models.TextChoices):
    KIOSK = "kiosk", _("Borne d’accueil")
    BOARD = "board", _("Écran de la file")


def hash_device_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class KioskDevice(models.Model):
    """A browser a staff member turned into a kiosk or a queue board for a venue.

    The browser keeps a long random token in a signed cookie; only its SHA-256
    is stored, so a database leak gives nobody a working device.
    """

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="helpdesk_devices"
    )
    kind = models.CharField(_("usage"), max_length=10, choices=DeviceKind)
    name = models.CharField(_("nom de l’appareil"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("activé le"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("vu pour la dernière fois"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("borne ou écran")
        verbose_name_plural = _("bornes et écrans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["venue", "revoked_at"], name="helpdesk_device_venue")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Status(models.TextChoices):
    WAITING = "waiting", _("En attente")
    IN_PROGRESS = "in_progress", _("En cours")
    CLOSED = "closed", _("Terminée")


# The one table of allowed moves (STATES, below). Anything else raises IllegalTransition.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.WAITING: frozenset({Status.IN_PROGRESS, Status.CLOSED}),  # taken; left the queue
    Status.IN_PROGRESS: frozenset({Status.CLOSED, Status.WAITING}),  # closed; put back in queue
    Status.CLOSED: frozenset(),
}


class Outcome(models.TextChoices):
    SOLVED = "solved", _("Résolu")
    PARTLY_SOLVED = "partly_solved", _("En partie résolu")
    NEEDS_APPOINTMENT = "needs_appointment", _("Besoin d’un rendez-vous")
    REFERRED = "referred", _("Orientée vers une autre structure")
    LEFT_BEFORE_HELP = "left_before_help", _("Partie avant d’être aidée")


class ArrivalSource(models.TextChoices):
    COUNTER = "counter", _("Au comptoir")
    KIOSK = "kiosk", _("À la borne")


class IllegalTransition(ActionRefused):
    """A move the state machine does not allow; the message is for staff."""


class HelpRequest(models.Model):
    """One walk-in at the café numérique, from arrival to the end of the help."""

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="help_requests"
    )
    day = models.DateField(_("jour"), editable=False)
    ticket = models.PositiveSmallIntegerField(_("numéro"), editable=False)
    first_name = models.CharField(_("prénom ou surnom"), max_length=60, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("personne suivie"),
    )
    topic = models.CharField(_("de quoi s’agit-il"), max_length=30, choices=Topic)
    device = models.CharField(
        _("appareil apporté"), max_length=20, choices=BroughtDevice, blank=True
    )
    source = models.CharField(
        _("arrivée"), max_length=10, choices=ArrivalSource, default=ArrivalSource.COUNTER
    )
    kiosk_device = models.ForeignKey(
        KioskDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_requests"
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.WAITING)
    arrived_at = models.DateTimeField(_("arrivée à"), default=timezone.now)
    started_at = models.DateTimeField(_("prise en charge à"), null=True, blank=True)
    ended_at = models.DateTimeField(_("fin à"), null=True, blank=True)
    timebox_minutes = models.PositiveSmallIntegerField(
        _("temps prévu (minutes)"), null=True, blank=True
    )
    extended = models.BooleanField(_("prolongé"), default=False)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("médiateur·rice"),
    )
    outcome = models.CharField(_("issue"), max_length=20, choices=Outcome, blank=True)
    referral_structure = models.CharField(
        _("structure vers laquelle la personne est orientée"),
        max_length=40,
        choices=ReferralStructure,
        blank=True,
    )
    activity = models.ForeignKey(
        "journal.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande au café numérique")
        verbose_name_plural = _("demandes au café numérique")
        ordering = ["arrived_at", "pk"]
        indexes = [
            # The queue: waiting and in-progress requests of a venue, oldest first.
            models.Index(fields=["venue", "status", "arrived_at"], name="helprequest_queue"),
            # Recent help durations for the estimated wait.
            models.Index(fields=["venue", "status", "ended_at"], name="helprequest_recent"),
            models.Index(fields=["venue", "day"], name="helprequest_day"),
            models.Index(fields=["kiosk_device", "arrived_at"], name="helprequest_kiosk_rate"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "day", "ticket"], name="helprequest_one_ticket_a_day"
            ),
            # A mediator helps one person at a time (two quick clicks never take two).
            models.UniqueConstraint(
                fields=["mediator"],
                condition=Q(status="in_progress"),
                name="helprequest_one_help_at_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_progress")
                | Q(started_at__isnull=False, mediator__isnull=False),
                name="helprequest_in_progress_has_mediator",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(ended_at__isnull=False) & ~Q(outcome="")),
                name="helprequest_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="referred") | ~Q(referral_structure=""),
                name="helprequest_referral_has_structure",
            ),
        ]

    def __str__(self) -> str:
        return f"n° {self.ticket} — {self.get_topic_display()}"

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:session", args=[self.venue.slug, self.pk])

    # --- State machine -------------------------------------------------------------------------

    def can_move(self, to: str) -> bool:
        return STATES.can_move(self, to)

    def move(self, to: str, *, by=None, at: datetime.datetime | None = None) -> None:
        """Change the status (saving the row with the caller's other changes) and log it."""
        STATES.transition(self, to, actor=by, at=at)

    # --- Display -----------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """What staff call the person: the name given, the known person's, else the ticket."""
        if self.first_name:
            return self.first_name
        if self.person_id is not None and self.person is not None:
            return self.person.first_name
        return gettext("n° %(ticket)s") % {"ticket": self.ticket}

    def public_name(self, display: str = BoardDisplay.FIRST_NAME) -> str:
        """What the queue board shows: the first word of the name given, or its initial
        — never a full name, never anything else. Empty when no name was given."""
        given = self.first_name or (
            self.person.first_name if self.person_id and self.person else ""
        )
        words = given.split()
        if not words:
            return ""
        if display == BoardDisplay.INITIAL:
            return f"{words[0][0].upper()}."
        return words[0][:20]

    @property
    def ends_at(self) -> datetime.datetime | None:
        """End of the timebox (with the extension, if taken)."""
        if self.started_at is None or self.timebox_minutes is None:
            return None
        return self.started_at + datetime.timedelta(minutes=self.timebox_minutes)

    def waited_minutes(self, now: datetime.datetime | None = None) -> int:
        until = self.started_at or self.ended_at or now or timezone.now()
        return max(0, int((until - self.arrived_at).total_seconds() // 60))

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class HelpRequestTransition(TransitionLog):
    """Who moved a help request from one state to another, and when."""

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    states = Status

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d’état")
        verbose_name_plural = _("changements d’état")


STATES = StateMachine(
    TRANSITIONS,
    log="helpdesk.HelpRequestTransition",
    subject="help_request",
    refused=IllegalTransition,
)
