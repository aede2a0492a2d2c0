"""Writes on people: every change goes through here and into the audit trail."""

import difflib

from django.db import transaction
from django.utils import timezone

from comptoir.audit.actions import diff, record_change, snapshot
from comptoir.audit.models import AuditAction
from comptoir.kernel.errors import ActionRefused
from comptoir.people.models import Person, refuse_erased
from comptoir.people.normalise import name_key, phone_key

AUDITED_FIELDS = (
    "first_name",
    "phone",
    "email",
    "age_bracket",
    "gender",
    "social_status",
    "commune",
    "postal_code",
    "insee_code",
    "consent_to_contact",
    "consent_at",
    "consent_wording",
)
PRIVATE_FIELDS = ("phone", "email", "first_name")

# How close two names must be to be flagged as the same person.
NAME_SIMILARITY = 0.84


class PersonError(ActionRefused):
    """A change to a person's record that cannot be made; the message is for staff."""


def find_similar_people(
    venue, *, first_name: str, phone: str = "", email: str = "", exclude_pk: int | None = None
) -> list[Person]:
    """People of the venue who may be the same person: same phone, same e-mail, or a
    near-identical name (accents, case, a typo) in the same commune or with no contact."""
    people = Person.objects.active().filter(venue=venue)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    found: dict[int, Person] = {}
    key_phone = phone_key(phone)
    if len(key_phone) >= 9:
        for person in people.filter(phone_key=key_phone)[:10]:
            found[person.pk] = person
    if email:
        for person in people.filter(email__iexact=email.strip())[:10]:
            found[person.pk] = person
    key = name_key(first_name)
    if key:
        for person in people.filter(name_key__startswith=key[:2])[:500]:
            if person.pk in found:
                continue
            ratio = difflib.SequenceMatcher(None, key, person.name_key).ratio()
            if ratio >= NAME_SIMILARITY:
                found[person.pk] = person
    return sorted(found.values(), key=lambda p: (p.name_key, p.pk))[:10]


def _apply_consent(person: Person, previous_consent: bool, wording: str) -> None:
    if person.consent_to_contact and not previous_consent:
        person.consent_at = timezone.now()
        person.consent_wording = wording
    elif not person.consent_to_contact:
        person.consent_at = None
        person.consent_wording = ""


@transaction.atomic
def create_person(*, actor, venue, person: Person, consent_wording: str = "") -> Person:
    person.venue = venue
    person.created_by = actor if getattr(actor, "is_authenticated", False) else None
    _apply_consent(person, previous_consent=False, wording=consent_wording)
    person.save()
    record_change(
        actor=actor,
        venue=venue,
        instance=person,
        action=AuditAction.CREATE,
        changes=diff({}, snapshot(person, AUDITED_FIELDS), private=PRIVATE_FIELDS),
    )
    return person


@transaction.atomic
def update_person(*, actor, person: Person, before: dict, consent_wording: str = "") -> Person:
    """Save `person` (already modified by a form); `before` is its snapshot beforehand.
    An erased record cannot be edited (PersonError)."""
    refuse_erased(person, PersonError)
    _apply_consent(person, previous_consent=before["consent_to_contact"], wording=consent_wording)
    person.save()
    if before["consent_to_contact"] and not person.consent_to_contact:
        from comptoir.people.privacy import withdraw_consent

        withdraw_consent(person)
    record_change(
        actor=actor,
        venue=person.venue,
        instance=person,
        action=AuditAction.UPDATE,
        changes=diff(before, snapshot(person, AUDITED_FIELDS), private=PRIVATE_FIELDS),
    )
    return person


def consent_fields(consent: bool, wording: str = "") -> dict:
    """`consent_at` and `consent_wording` for a booking or registration: now and the
    sentence the form showed when consent is given, nothing otherwise."""
    if not consent:
        return {"consent_at": None, "consent_wording": ""}
    from comptoir.people.forms import CONSENT_WORDING

    return {"consent_at": timezone.now(), "consent_wording": wording or str(CONSENT_WORDING)}


def match_or_create_person(
    venue,
    *,
    first_name: str,
    phone: str = "",
    email: str = "",
    consent: bool = False,
    consent_wording: str = "",
    actor=None,
) -> Person | None:
    """The venue's person with this phone (or else e-mail), or a new one.

    Used when a visitor books or registers without an account: the same phone
    finds the same person, so their history stays in one place. None when
    there is no contact to match on.
    """
    if not (phone or email):
        return None
    people = Person.objects.active().filter(venue=venue)
    match = None
    if phone:
        match = people.filter(phone_key=phone_key(phone)).first()
    if match is None and email:
        match = people.filter(email__iexact=email).first()
    if match is not None:
        return match
    from comptoir.people.forms import CONSENT_WORDING

    return create_person(
        actor=actor,
        venue=venue,
        person=Person(first_name=first_name, phone=phone, email=email, consent_to_contact=consent),
        consent_wording=consent_wording or str(CONSENT_WORDING),
    )
