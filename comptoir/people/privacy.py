"""A person's personal data across every app: export, erasure and retention (GDPR).

Each app that keeps something about a person declares it in its own `privacy.py`
with `register(Section(...))`; `people` finds these modules when Django starts
(`discover()`, called from `PeopleConfig.ready()`, like the admin finds
`admin.py`), so it never imports a service. A section says:

- `export(person)`: the app's records about the person, as a list of plain
  dicts with French labels and local times (see `record()`);
- `capability`: the capability that shows these records on the staff pages. Only a
  role holding every section's capability may download the export (`export_people`:
  a test checks the role table against the sections);
- `erase(person_ids, actor=, now=)`: clear the free text and contact details the
  app keeps about these people (bulk updates: a bounded number of queries
  whatever the number of people);
- `recent_contact(cutoff)`: `Exists(...)` expressions on `Person`
  (`OuterRef("pk")`) true when the app saw the person at or after `cutoff`, so
  retention finds the people to anonymise in one query per venue;
- `message_prefixes(person_ids)`: the outbox keys of messages sent about the
  app's records for these people (the notifications section cancels or redacts them);
- `withdraw_consent(person)`: the person no longer wants to be contacted: stop the
  reminders of what is still to come (`withdraw_consent()` below calls them all).

Erasure keeps the `Person` row, anonymised, so that the statistics keep counting
the person once with the description the reports read (age bracket, gender,
status, commune); the journal's activities stay. See docs/privacy.md.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from comptoir.audit.actions import REDACTED
from comptoir.audit.models import AuditAction, AuditEntry
from comptoir.people.actions import AUDITED_FIELDS
from comptoir.people.models import Person
from comptoir.people.normalise import name_key
from comptoir.venues.roles import Capability

# What an anonymised person (and their bookings, registrations…) is called from then on.
# Stored as is (in French, like every stored label); pages translate it when shown.
ANONYMISED_NAME = "Personne anonymisée"
# People erased per transaction by the retention sweep.
BATCH = 200
# Message key prefixes per outbox query (SQLite limits the depth of an OR).
PREFIXES_PER_QUERY = 200


class ErasureReason:
    REQUEST = "demande de la personne"
    RETENTION = "durée de conservation dépassée"


@dataclass(frozen=True)
class Section:
    key: str
    label: Any  # a lazy translation: the section's title in the export
    export: Callable[[Person], list[dict]]
    capability: str  # who reads these records on the staff pages
    erase: Callable[..., None] | None = None
    recent_contact: Callable[[datetime.datetime], list[Exists]] | None = None
    message_prefixes: Callable[[list[int]], list[str]] | None = None
    withdraw_consent: Callable[[Person], None] | None = None
    order: int = 100


_sections: dict[str, Section] = {}


def register(section: Section) -> Section:
    _sections[section.key] = section
    return section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


# The person's record (the export's "Fiche") is read with the people pages.
RECORD_CAPABILITY = Capability.VIEW_PEOPLE


def export_capabilities() -> set[str]:
    """What a role must hold to read every part of a person's export."""
    return {RECORD_CAPABILITY, *(section.capability for section in sections())}


def discover() -> None:
    """Import every installed app's `privacy` module (they register their sections)."""
    autodiscover_modules("privacy")


# --- Export --------------------------------------------------------------------------------------


def local(value) -> str:
    """A date or time as a person reads it: local time (Europe/Paris), day first."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _value(instance: models.Model, field: models.Field) -> Any:
    value = getattr(instance, field.attname if field.is_relation else field.name)
    if field.is_relation:
        related = getattr(instance, field.name)
        return "" if related is None else str(related)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, datetime.date | datetime.datetime):
        return local(value)
    if value is None:
        return ""
    if isinstance(value, int | str):
        return value
    return str(value)


def record(instance: models.Model, fields: Iterable[str], **extra: Any) -> dict[str, Any]:
    """One record as a person reads it: {field label: shown value}, plus `extra`
    (label → value) for what is not a field."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[str(field.verbose_name)] = _value(instance, field)
    for label, value in extra.items():
        data[label] = value
    return data


PERSON_FIELDS = (
    *AUDITED_FIELDS,
    "created_at",
    "updated_at",
    "anonymised_at",
)


def export_person(person: Person, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything the venue keeps about `person`, app by app, labelled in French."""
    venue = person.venue
    with translation.override("fr"):
        data: dict[str, Any] = {
            str(_("Document")): str(_("Données personnelles conservées par %(venue)s"))
            % {"venue": venue.name},
            str(_("Exporté le")): local(now or timezone.now()),
            str(_("Responsable")): {
                str(_("Lieu")): venue.name,
                str(_("Adresse")): " ".join(
                    part for part in (venue.address, venue.postal_code, venue.commune) if part
                ),
                str(_("E-mail")): venue.email,
                str(_("Téléphone")): venue.phone,
            },
            str(_("Durée de conservation")): str(_("%(n)s mois sans contact, puis anonymisation"))
            % {"n": venue.retention_months},
            str(_("Fiche")): record(person, PERSON_FIELDS),
        }
        for section in sections():
            data[str(section.label)] = section.export(person)
    return data


def export_json(person: Person) -> bytes:
    """The export as an indented UTF-8 JSON file (accents kept as they are)."""
    return (json.dumps(export_person(person), ensure_ascii=False, indent=2) + "\n").encode()


# --- Consent -------------------------------------------------------------------------------------


def withdraw_consent(person: Person) -> None:
    """The person withdrew their consent to be contacted: no reminder is sent from now on
    (upcoming bookings and registrations lose their consent, pending reminders are cancelled)."""
    for section in sections():
        if section.withdraw_consent is not None:
            section.withdraw_consent(person)


# --- Erasure -------------------------------------------------------------------------------------


def message_prefixes(person_ids: list[int]) -> list[str]:
    """Outbox key prefixes of the messages sent about these people's records."""
    prefixes: list[str] = []
    for section in sections():
        if section.message_prefixes is not None:
            prefixes.extend(section.message_prefixes(person_ids))
    return prefixes


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _redact_audit(person_ids: list[int]) -> None:
    """Past entries about these people keep which fields changed, not their values."""
    entries = list(
        AuditEntry.objects.filter(object_type="people.person", object_id__in=person_ids).only(
            "pk", "changes"
        )
    )
    for entry in entries:
        entry.changes = {name: [REDACTED, REDACTED] for name in entry.changes}
    AuditEntry.objects.bulk_update(entries, ["changes"], batch_size=500)


def _erase(
    venue_id: int,
    person_ids: list[int],
    *,
    actor,
    reason: str,
    now,
    erased_before: datetime.datetime | None = None,
) -> None:
    """Erase these people of one venue (call inside a transaction). `erased_before`: the
    date of an earlier erasure of these people, when this one runs again."""
    if not person_ids:
        return
    for section in sections():
        if section.erase is not None:
            section.erase(person_ids, actor=actor, now=now)
    _redact_audit(person_ids)
    Person.objects.filter(pk__in=person_ids).update(
        first_name=ANONYMISED_NAME,
        name_key=name_key(ANONYMISED_NAME),
        phone="",
        phone_key="",
        email="",
        postal_code="",
        consent_to_contact=False,
        consent_at=None,
        consent_wording="",
        # Erased again (see erase_person): the record keeps the date of the first erasure.
        anonymised_at=Coalesce(F("anonymised_at"), Value(now, output_field=models.DateTimeField())),
        updated_at=now,
    )
    staff = actor if getattr(actor, "is_authenticated", False) else None
    label = str(Person._meta.verbose_name)
    before = erased_before.isoformat() if erased_before else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                venue_id=venue_id,
                actor=staff,
                action=AuditAction.UPDATE,
                object_type="people.person",
                object_id=pk,
                object_repr=f"{label} #{pk}",
                changes={
                    "anonymised_at": [before, before or now.isoformat()],
                    "motif": [None, reason],
                },
            )
            for pk in person_ids
        ]
    )


@transaction.atomic
def erase_person(*, actor, person: Person, now: datetime.datetime | None = None) -> Person:
    """Erase a person's data on their request, in one transaction.

    Keeps the row, anonymised (for the statistics), and the journal's activities;
    clears contact details and free text in every app; records who did it in the
    audit trail (no values).

    An erased person accepts nothing new (`people.models.refuse_erased`), but erasing
    one again is never refused: it runs every section's erasure once more, so whatever
    is found attached to the record (data from before that rule, or written by hand)
    can always be erased. The record keeps the date of its first erasure.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    _erase(
        person.venue_id,
        [person.pk],
        actor=actor,
        reason=ErasureReason.REQUEST,
        now=now or timezone.now(),
        erased_before=person.anonymised_at,
    )
    person.refresh_from_db()
    return person


# --- Retention -----------------------------------------------------------------------------------


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same local day and time `months` months earlier (the last day of a shorter month)."""
    local_moment = timezone.localtime(moment)
    index = local_moment.year * 12 + local_moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    naive = local_moment.replace(
        tzinfo=None, year=year, month=month, day=min(local_moment.day, last_day)
    )
    return timezone.make_aware(naive)


def no_contact_since(cutoff: datetime.datetime) -> list:
    """Conditions on `Person`: not seen at or after `cutoff` by any app, nor created or
    consenting since. ANDed NOT EXISTS, which PostgreSQL runs as anti-joins (an OR of
    EXISTS would be a subquery per person)."""
    conditions: list = [
        Q(created_at__lt=cutoff),
        Q(consent_at__isnull=True) | Q(consent_at__lt=cutoff),
    ]
    for section in sections():
        if section.recent_contact is not None:
            conditions.extend(~expression for expression in section.recent_contact(cutoff))
    return conditions


def people_past_retention(venue, now: datetime.datetime):
    """The venue's people not anonymised yet with no contact for `retention_months`."""
    cutoff = months_before(now, venue.retention_months)
    return Person.objects.filter(
        *no_contact_since(cutoff), venue=venue, anonymised_at__isnull=True
    ).order_by("pk")


def apply_retention(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    venues=None,
    progress: Callable[[Any, int], None] | None = None,
) -> dict[Any, int]:
    """Anonymise, venue by venue, the people past the venue's retention period.

    Returns {venue: people anonymised (or, with `dry_run`, that would be)}. Safe to
    run again: anonymised people are left out, so a second run does nothing. Each
    batch of BATCH people is one transaction, found by one query.
    """
    from comptoir.venues.models import Venue

    now = now or timezone.now()
    results: dict[Any, int] = {}
    for venue in venues if venues is not None else Venue.objects.order_by("name", "pk"):
        if dry_run:
            results[venue] = people_past_retention(venue, now).count()
        else:
            done = 0
            while True:
                with transaction.atomic():
                    ids = list(
                        people_past_retention(venue, now).values_list("pk", flat=True)[:BATCH]
                    )
                    _erase(venue.pk, ids, actor=None, reason=ErasureReason.RETENTION, now=now)
                done += len(ids)
                if len(ids) < BATCH:
                    break
            results[venue] = done
        if progress is not None:
            progress(venue, results[venue])
    return results
