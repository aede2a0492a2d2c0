"""Everything that changes the café numérique: check-in, take, extend, close, leave, devices.

Each function runs in one transaction. A request row is locked (SELECT … FOR
UPDATE) before it moves, so two mediators clicking at the same moment never take
the same person; status changes go through HelpRequest.move() (the one table of
allowed moves, and the transition log). Errors carry a plain-French message.
"""

import datetime
import math
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.helpdesk.models import (
    STATES,
    ArrivalSource,
    DeviceKind,
    HelpdeskSettings,
    HelpRequest,
    IllegalTransition,
    KioskDevice,
    Outcome,
    Status,
    hash_device_token,
)
from comptoir.helpdesk.topics import BroughtDevice, Topic, equipment_for, themes_for
from comptoir.journal.actions import record_activity
from comptoir.journal.cra import MAX_DURATION_MINUTES, ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.kernel.errors import ActionRefused
from comptoir.people.models import refuse_erased

# Kiosk check-ins per device: at most one every KIOSK_MIN_INTERVAL, KIOSK_MAX_PER_HOUR an hour.
KIOSK_MIN_INTERVAL = datetime.timedelta(seconds=10)
KIOSK_MAX_PER_HOUR = 60


class HelpdeskError(ActionRefused):
    """An action that cannot be done; `message` is shown as it is."""


class QueueEmpty(HelpdeskError):
    pass


class AlreadyTaken(HelpdeskError):
    pass


class AlreadyHelping(HelpdeskError):
    pass


class RateLimited(HelpdeskError):
    pass


# IllegalTransition lives with the state machine (models.py); views catch ERRORS.
ERRORS = (HelpdeskError, IllegalTransition)
__all__ = [
    "ERRORS",
    "AlreadyHelping",
    "AlreadyTaken",
    "HelpdeskError",
    "IllegalTransition",
    "QueueEmpty",
    "RateLimited",
]


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _log_arrival(help_request: HelpRequest, actor) -> None:
    STATES.created(help_request, actor=actor, at=help_request.arrived_at)


def _check_kiosk_rate(device: KioskDevice | None, actor, now: datetime.datetime) -> None:
    if device is not None:
        # Serialise the check-ins of one device, so that the limit holds even for
        # simultaneous taps.
        KioskDevice.objects.select_for_update().filter(pk=device.pk).first()
        recent = HelpRequest.objects.filter(kiosk_device=device)
    elif _actor(actor) is not None:
        recent = HelpRequest.objects.filter(checked_in_by=actor, source=ArrivalSource.KIOSK)
    else:
        return
    if recent.filter(arrived_at__gt=now - KIOSK_MIN_INTERVAL).exists():
        raise RateLimited(
            _(
                "Une inscription vient d’être faite sur cette borne. "
                "Attendez quelques secondes, puis recommencez."
            )
        )
    if recent.filter(arrived_at__gt=now - datetime.timedelta(hours=1)).count() >= (
        KIOSK_MAX_PER_HOUR
    ):
        raise RateLimited(
            _("La borne a reçu trop d’inscriptions pour le moment. Adressez-vous à l’accueil.")
        )


@transaction.atomic
def check_in_walk_in(
    *,
    venue,
    topic: str,
    device: str = "",
    first_name: str = "",
    person=None,
    source: str = ArrivalSource.COUNTER,
    actor=None,
    kiosk_device: KioskDevice | None = None,
    now: datetime.datetime | None = None,
) -> HelpRequest:
    """Put someone in the queue, at the counter or from a kiosk. Returns the new request."""
    now = now or timezone.now()
    if topic not in Topic.values:
        raise HelpdeskError(_("Choisissez de quoi il s’agit."))
    if device and device not in BroughtDevice.values:
        raise HelpdeskError(_("Choisissez un appareil dans la liste."))
    if person is not None and person.venue_id != venue.pk:
        raise HelpdeskError(_("Cette personne n’est pas suivie dans ce lieu."))
    refuse_erased(person, HelpdeskError)
    if kiosk_device is not None and (
        kiosk_device.venue_id != venue.pk or not kiosk_device.is_active
    ):
        raise HelpdeskError(_("Cette borne n’est pas activée pour ce lieu."))
    if source == ArrivalSource.KIOSK:
        _check_kiosk_rate(kiosk_device, actor, now)
    day = timezone.localdate(now)
    first_name = " ".join(first_name.split())[:60]
    # Daily ticket numbers: the next free one; on a clash with a simultaneous
    # check-in (the unique constraint refuses it), take the one after.
    for attempt in range(5):
        last = HelpRequest.objects.filter(venue=venue, day=day).aggregate(m=Max("ticket"))["m"]
        try:
            with transaction.atomic():
                help_request = HelpRequest.objects.create(
                    venue=venue,
                    day=day,
                    ticket=(last or 0) + 1,
                    first_name=first_name,
                    person=person,
                    topic=topic,
                    device=device,
                    source=source,
                    kiosk_device=kiosk_device,
                    checked_in_by=_actor(actor),
                    arrived_at=now,
                )
            break
        except IntegrityError:
            if attempt == 4:
                raise
    _log_arrival(help_request, actor)
    return help_request


def _locked(help_request: HelpRequest) -> HelpRequest:
    """The request's row, locked for this transaction and freshly read."""
    return HelpRequest.objects.select_for_update().select_related("venue").get(pk=help_request.pk)


def _ensure_not_helping(venue, actor) -> None:
    current = (
        HelpRequest.objects.filter(mediator=actor, status=Status.IN_PROGRESS)
        .select_related("venue", "person")
        .first()
    )
    if current is not None:
        raise AlreadyHelping(
            _("Vous accompagnez déjà %(name)s : terminez d’abord cet accompagnement.")
            % {"name": current.name}
        )


def _start(help_request: HelpRequest, actor, now: datetime.datetime) -> HelpRequest:
    settings = HelpdeskSettings.for_venue(help_request.venue)
    help_request.started_at = now
    help_request.mediator = actor
    help_request.timebox_minutes = settings.timebox_minutes
    help_request.extended = False
    try:
        with transaction.atomic():
            help_request.move(Status.IN_PROGRESS, by=actor, at=now)
    except IntegrityError as error:
        # The database refuses a second help at once for the same mediator.
        raise AlreadyHelping(
            _("Vous accompagnez déjà quelqu’un : terminez d’abord cet accompagnement.")
        ) from error
    return help_request


@transaction.atomic
def take_next(*, venue, actor, now: datetime.datetime | None = None) -> HelpRequest:
    """The mediator takes the person who has waited longest.

    Rows locked by a colleague's simultaneous "take next" are skipped
    (SKIP LOCKED), so each gets a different person and nobody waits for a lock.
    """
    now = now or timezone.now()
    _ensure_not_helping(venue, actor)
    help_request = (
        HelpRequest.objects.select_for_update(skip_locked=True)
        .filter(venue=venue, status=Status.WAITING)
        .order_by("arrived_at", "pk")
        .first()
    )
    if help_request is None:
        raise QueueEmpty(_("Personne n’attend pour l’instant."))
    help_request.venue = venue
    return _start(help_request, actor, now)


@transaction.atomic
def take_chosen(
    *, help_request: HelpRequest, actor, now: datetime.datetime | None = None
) -> HelpRequest:
    """The mediator takes a chosen person from the queue (not necessarily the first)."""
    now = now or timezone.now()
    locked = _locked(help_request)
    if locked.status != Status.WAITING:
        raise AlreadyTaken(
            _("%(name)s n’est plus dans la file : quelqu’un vient de s’en occuper.")
            % {"name": help_request.name}
        )
    _ensure_not_helping(locked.venue, actor)
    return _start(locked, actor, now)


@transaction.atomic
def extend_once(*, help_request: HelpRequest, actor) -> HelpRequest:
    """Add the venue's extension to the timebox, once."""
    locked = _locked(help_request)
    if locked.status != Status.IN_PROGRESS:
        raise IllegalTransition(_("Seul un accompagnement en cours peut être prolongé."))
    if locked.extended:
        raise HelpdeskError(_("Cet accompagnement a déjà été prolongé une fois."))
    minutes = HelpdeskSettings.for_venue(locked.venue).extension_minutes
    if not minutes:
        raise HelpdeskError(_("Ce lieu ne prévoit pas de prolongation."))
    locked.extended = True
    locked.timebox_minutes = (locked.timebox_minutes or 0) + minutes
    locked.save(update_fields=["extended", "timebox_minutes"])
    return locked


@transaction.atomic
def put_back(*, help_request: HelpRequest, actor) -> HelpRequest:
    """Taken by mistake: back in the queue, at the place the person had."""
    locked = _locked(help_request)
    if locked.status != Status.IN_PROGRESS:
        raise IllegalTransition(_("Seul un accompagnement en cours peut être remis dans la file."))
    locked.started_at = None
    locked.mediator = None
    locked.timebox_minutes = None
    locked.extended = False
    locked.move(Status.WAITING, by=actor)
    return locked


def help_duration_minutes(started_at: datetime.datetime, ended_at: datetime.datetime) -> int:
    """Real duration rounded up to the minute, at least 1 (the journal's bounds)."""
    minutes = math.ceil((ended_at - started_at).total_seconds() / 60)
    return min(max(1, minutes), MAX_DURATION_MINUTES)


@dataclass
class Closing:
    help_request: HelpRequest
    activity: Activity | None

    @property
    def needs_appointment(self) -> bool:
        return self.help_request.outcome == Outcome.NEEDS_APPOINTMENT


@transaction.atomic
def close_help_request(
    *,
    help_request: HelpRequest,
    actor,
    outcome: str,
    referral_structure: str = "",
    themes: list[str] | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Closing:
    """End the help with its outcome and write the journal activity.

    The activity: individual, at the venue, the themes of the topic (or those the
    mediator chose), the real duration, the device as equipment, the referral.
    Nobody helped (left before help): no activity. `Closing.needs_appointment`
    tells the view to open the booking form.
    """
    now = now or timezone.now()
    locked = _locked(help_request)
    if locked.status == Status.CLOSED:
        raise IllegalTransition(_("Cet accompagnement est déjà terminé."))
    if locked.status != Status.IN_PROGRESS:
        raise IllegalTransition(
            _("Prenez d’abord la personne en charge, ou indiquez qu’elle est partie.")
        )
    if outcome not in Outcome.values:
        raise HelpdeskError(_("Choisissez comment s’est terminé l’accompagnement."))
    if outcome == Outcome.REFERRED and not referral_structure:
        raise HelpdeskError(_("Indiquez vers quelle structure la personne est orientée."))
    locked.ended_at = now
    locked.outcome = outcome
    locked.referral_structure = referral_structure if outcome == Outcome.REFERRED else ""
    activity = None
    if outcome != Outcome.LEFT_BEFORE_HELP:
        codes = list(themes) if themes else themes_for(locked.topic)
        activity = record_activity(
            actor=actor,
            venue=locked.venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                place_type=PlaceType.VENUE,
                date=timezone.localdate(now),
                duration_minutes=help_duration_minutes(locked.started_at, now),
                equipment=equipment_for(locked.device),
                referred=outcome == Outcome.REFERRED,
                referral_structure=locked.referral_structure,
                person=locked.person,
                mediator=locked.mediator or _actor(actor),
                notes=note.strip(),
                source=Source.HELPDESK,
                source_ref=f"helprequest:{locked.pk}",
            ),
            themes=[c for c in codes if c in Theme.values] or themes_for(locked.topic),
        )
        locked.activity = activity
    locked.move(Status.CLOSED, by=actor, at=now)
    return Closing(locked, activity)


@transaction.atomic
def mark_left(
    *, help_request: HelpRequest, actor, now: datetime.datetime | None = None
) -> HelpRequest:
    """The person left the queue before anyone could help: closed, no journal entry."""
    now = now or timezone.now()
    locked = _locked(help_request)
    if locked.status != Status.WAITING:
        raise IllegalTransition(
            _("%(name)s n’est plus dans la file.") % {"name": help_request.name}
        )
    locked.ended_at = now
    locked.outcome = Outcome.LEFT_BEFORE_HELP
    locked.move(Status.CLOSED, by=actor, at=now)
    return locked


@transaction.atomic
def clear_previous_days(*, venue, actor, now: datetime.datetime | None = None) -> int:
    """Close as "left" every request still waiting from a previous day. Returns how many."""
    now = now or timezone.now()
    stale = list(
        HelpRequest.objects.select_for_update()
        .filter(venue=venue, status=Status.WAITING, day__lt=timezone.localdate(now))
        .order_by("pk")
    )
    for help_request in stale:
        help_request.ended_at = now
        help_request.outcome = Outcome.LEFT_BEFORE_HELP
        help_request.move(Status.CLOSED, by=actor, at=now)
    return len(stale)


# --- Kiosk and board devices ------------------------------------------------------------------


@transaction.atomic
def enable_device(
    *, venue, kind: str, name: str, actor, replacing: KioskDevice | None = None
) -> tuple[KioskDevice, str]:
    """Register this browser as a kiosk or board. Returns the device and its secret
    token (to put in the browser's cookie; only its hash is stored)."""
    if kind not in DeviceKind.values:
        raise HelpdeskError(_("Choisissez une borne ou un écran."))
    if replacing is not None and replacing.venue_id == venue.pk and replacing.is_active:
        revoke_device(device=replacing, actor=actor)
    token = secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(
        venue=venue,
        kind=kind,
        name=name.strip()[:80] or str(DeviceKind(kind).label),
        token_hash=hash_device_token(token),
        created_by=_actor(actor),
    )
    return device, token


@transaction.atomic
def revoke_device(*, device: KioskDevice, actor) -> KioskDevice:
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.revoked_by = _actor(actor)
        device.save(update_fields=["revoked_at", "revoked_by"])
    return device
