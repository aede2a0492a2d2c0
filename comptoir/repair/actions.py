"""Writes of the repair café: schedule an event and its repairers, intake at the door,
start a repair, put it back in the queue, or note that the visitor left. The outcome
(ORDS) and its journal activity are in outcome.py.

Each change to an item starts by locking its row (`select_for_update`), so two
tablets cannot record two outcomes for the same item. Every item seen with its
owner writes one individual journal activity (theme "maintenance de matériel",
source "repair", reference `repair-item:<pk>`); the journal's own idempotence on
(source, source_ref) keeps it to one.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.journal.cra import Equipment
from comptoir.kernel.errors import ActionRefused
from comptoir.people.models import Person, refuse_erased
from comptoir.repair.models import IllegalTransition, ItemStatus, RepairEvent, RepairItem
from comptoir.repair.reference import (
    categories,
    category_label,
    fault_types_for,
)
from comptoir.skills.models import SkillKind, person_has_skill
from comptoir.venues.models import Membership

DEFAULT_DURATION_MINUTES = 30
EQUIPMENT_BY_CATEGORY = {
    4: Equipment.COMPUTER,
    16: Equipment.COMPUTER,
    19: Equipment.PHONE,
    30: Equipment.TABLET,
}


class RepairError(ActionRefused):
    """A change that cannot be made; the message is plain French for the person at hand."""


def staff_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def lock_item(item: RepairItem) -> RepairItem:
    return (
        RepairItem.objects.select_related("event", "event__venue", "event__place", "person")
        .select_for_update(of=("self",))
        .get(pk=item.pk)
    )


# --- Events and repairers -------------------------------------------------------------------------


def check_staff_repairer(venue, user) -> None:
    if not Membership.objects.filter(venue=venue, user=user).exists():
        raise RepairError(
            _("%(name)s ne fait pas partie de l’équipe de ce lieu.")
            % {"name": user.get_full_name() or user.get_username()}
        )


def check_peer_repairer(venue, person: Person) -> None:
    if person.venue_id != venue.pk:
        raise RepairError(_("Cette personne n’est pas suivie par ce lieu."))
    refuse_erased(person, RepairError)
    if not person_has_skill(person, SkillKind.REPAIR):
        raise RepairError(
            _(
                "%(name)s n’a pas de compétence de réparation reconnue. Reconnaissez-la "
                "d’abord sur sa fiche (avec ce que vous avez constaté), puis revenez ici."
            )
            % {"name": person.first_name}
        )


@transaction.atomic
def schedule_event(
    *,
    actor,
    venue,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place=None,
    repairers: Iterable = (),
    peer_repairers: Iterable[Person] = (),
    recorded_volunteer_minutes: int | None = None,
) -> RepairEvent:
    title = title.strip()
    if not title:
        raise RepairError(_("Donnez un titre au repair café."))
    if ends_at <= starts_at:
        raise RepairError(_("La fin du repair café doit être après son début."))
    if recorded_volunteer_minutes is not None and recorded_volunteer_minutes < 0:
        raise RepairError(_("Les heures bénévoles ne peuvent être négatives."))
    repairers, peer_repairers = list(repairers), list(peer_repairers)
    for user in repairers:
        check_staff_repairer(venue, user)
    for person in peer_repairers:
        check_peer_repairer(venue, person)
    event = RepairEvent.objects.create(
        venue=venue,
        place=place if place is not None and place.pk != venue.pk else None,
        title=title[:150],
        starts_at=starts_at,
        ends_at=ends_at,
        recorded_volunteer_minutes=recorded_volunteer_minutes,
    )
    event.repairers.set(repairers)
    event.peer_repairers.set(peer_repairers)
    record_change(
        actor=actor,
        venue=venue,
        instance=event,
        action=AuditAction.CREATE,
        changes={"title": [None, event.title], "starts_at": [None, starts_at.isoformat()]},
    )
    return event


@transaction.atomic
def update_event(
    *,
    actor,
    event: RepairEvent,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place=None,
    repairers: Iterable = (),
    peer_repairers: Iterable[Person] = (),
) -> RepairEvent:
    """Change an event's title, times, place and repairers. Peers newly added must
    hold a recognised repair skill; those already there stay."""
    venue = event.venue
    title = title.strip()
    if not title:
        raise RepairError(_("Donnez un titre au repair café."))
    if ends_at <= starts_at:
        raise RepairError(_("La fin du repair café doit être après son début."))
    repairers, peer_repairers = list(repairers), list(peer_repairers)
    current_peers = set(event.peer_repairers.values_list("pk", flat=True))
    for user in repairers:
        check_staff_repairer(venue, user)
    for person in peer_repairers:
        if person.pk not in current_peers:
            check_peer_repairer(venue, person)
    before = {
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "place": event.place_id,
    }
    event.title = title[:150]
    event.starts_at, event.ends_at = starts_at, ends_at
    event.place = place if place is not None and place.pk != venue.pk else None
    event.save()
    event.repairers.set(repairers)
    event.peer_repairers.set(peer_repairers)
    after = {
        "title": event.title,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "place": event.place_id,
    }
    record_change(
        actor=actor,
        venue=venue,
        instance=event,
        action=AuditAction.UPDATE,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return event


@transaction.atomic
def add_repairer(*, actor, event: RepairEvent, user=None, person: Person | None = None) -> None:
    """Add a staff member (`user`) or a peer with a recognised repair skill (`person`)."""
    if (user is None) == (person is None):
        raise RepairError(_("Choisissez une personne de l’équipe ou un·e bénévole."))
    if user is not None:
        check_staff_repairer(event.venue, user)
        event.repairers.add(user)
        changes = {"repairer": [None, user.pk]}
    else:
        check_peer_repairer(event.venue, person)
        event.peer_repairers.add(person)
        changes = {"peer_repairer": [None, person.pk]}
    record_change(
        actor=actor, venue=event.venue, instance=event, action=AuditAction.UPDATE, changes=changes
    )


@transaction.atomic
def set_volunteer_minutes(*, actor, event: RepairEvent, minutes: int | None) -> RepairEvent:
    """Record the volunteer time counted on the day (None: computed from the duration)."""
    if minutes is not None and minutes < 0:
        raise RepairError(_("Les heures bénévoles ne peuvent être négatives."))
    before = event.recorded_volunteer_minutes
    event.recorded_volunteer_minutes = minutes
    event.save(update_fields=["recorded_volunteer_minutes", "updated_at"])
    record_change(
        actor=actor,
        venue=event.venue,
        instance=event,
        action=AuditAction.UPDATE,
        changes={"recorded_volunteer_minutes": [before, minutes]} if before != minutes else {},
    )
    return event


# --- Intake ---------------------------------------------------------------------------------------


def parse_category(value) -> int:
    try:
        category_id = int(value)
    except (TypeError, ValueError):
        category_id = 0
    if category_id not in categories():
        raise RepairError(_("Catégorie inconnue : choisissez l’une des 40 catégories de la liste."))
    return category_id


def _parse_age(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        age = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise RepairError(_("L’âge de l’appareil doit être un nombre d’années.")) from None
    if not age.is_finite() or age < 0 or age > 99:
        raise RepairError(_("L’âge de l’appareil doit être compris entre 0 et 99 ans."))
    return age.quantize(Decimal("0.1"))


def _check_year(year: int | None, today: datetime.date) -> None:
    if year is not None and not 1900 <= year <= today.year:
        raise RepairError(
            _("L’année de fabrication doit être comprise entre 1900 et %(year)s.")
            % {"year": today.year}
        )


@transaction.atomic
def intake_item(
    *,
    actor,
    event: RepairEvent,
    category_id,
    problem: str,
    person: Person | None = None,
    first_name: str = "",
    brand: str = "",
    model: str = "",
    age_years=None,
    year_of_manufacture: int | None = None,
    fault_type: str = "",
    now: datetime.datetime | None = None,
) -> RepairItem:
    """Note an object at the door. Only the category and the problem are required."""
    now = now or timezone.now()
    category = parse_category(category_id)
    problem = problem.strip()
    if not problem:
        raise RepairError(_("Notez le problème, avec les mots de la personne."))
    if person is not None and person.venue_id != event.venue_id:
        raise RepairError(_("Cette personne n’est pas suivie par ce lieu."))
    refuse_erased(person, RepairError)
    fault_type = fault_type.strip()
    if fault_type and fault_type not in fault_types_for(category):
        raise RepairError(
            _("Ce type de panne ne correspond pas à la catégorie « %(category)s ».")
            % {"category": category_label(category)}
        )
    age = _parse_age(age_years)
    _check_year(year_of_manufacture, timezone.localdate(now))
    item = RepairItem.objects.create(
        event=event,
        venue=event.venue,
        person=person,
        first_name=first_name.strip()[:80],
        category_id=category,
        brand=brand.strip()[:100],
        model=model.strip()[:100],
        age_years=age,
        year_of_manufacture=year_of_manufacture,
        problem=problem,
        fault_type=fault_type,
        arrived_at=now,
        created_by=staff_user(actor),
    )
    record_change(
        actor=actor,
        venue=event.venue,
        instance=item,
        action=AuditAction.CREATE,
        changes={"event": [None, event.pk], "category_id": [None, category]},
    )
    return item


# --- Queue ----------------------------------------------------------------------------------------


def move_item(item: RepairItem, to: str, *, actor, at) -> None:
    try:
        item.move(to, by=actor, at=at)
    except IllegalTransition as error:
        raise RepairError(error.message) from None


@transaction.atomic
def start_repair(
    *, actor, item: RepairItem, user=None, person: Person | None = None, now=None
) -> RepairItem:
    """A repairer (a staff member or a peer with a recognised repair skill) takes the item."""
    now = now or timezone.now()
    item = lock_item(item)
    event = item.event
    if user is None and person is None:
        user = staff_user(actor)
    if (user is None) == (person is None):
        raise RepairError(_("Choisissez qui répare : une personne de l’équipe ou un·e bénévole."))
    if user is not None:
        check_staff_repairer(event.venue, user)
        event.repairers.add(user)
    else:
        check_peer_repairer(event.venue, person)
        event.peer_repairers.add(person)
    item.repairer_user, item.repairer_person = user, person
    item.started_at = now
    move_item(item, ItemStatus.IN_REPAIR, actor=actor, at=now)
    return item


@transaction.atomic
def put_back(*, actor, item: RepairItem, now=None) -> RepairItem:
    """Give the item back to the waiting queue (the repairer had to stop)."""
    item = lock_item(item)
    item.repairer_user = item.repairer_person = None
    item.started_at = None
    move_item(item, ItemStatus.WAITING, actor=actor, at=now or timezone.now())
    return item


@transaction.atomic
def mark_left(*, actor, item: RepairItem, now=None) -> RepairItem:
    """The visitor left before anyone could look at the object: no journal activity."""
    now = now or timezone.now()
    item = lock_item(item)
    item.finished_at = now
    move_item(item, ItemStatus.LEFT, actor=actor, at=now)
    return item
