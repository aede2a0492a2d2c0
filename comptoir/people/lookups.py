"""Fetch-and-authorise helpers for people: always scoped to one venue (kernel.scoping)."""

from django.shortcuts import get_object_or_404

from comptoir.people.models import Person
from comptoir.venues.models import Membership, Venue


def get_person_for(membership: Membership, pk: int) -> Person:
    """A person of the membership's venue, or 404 (never another venue's)."""
    return Person.objects.select_related("venue").get_for(membership, pk=pk)


def get_person_in(venue: Venue, pk: int | str, *, active: bool = True) -> Person:
    """A person of `venue` picked in a form (by default not an erased one), or 404."""
    people = Person.objects.active() if active else Person.objects.all()
    return get_object_or_404(people.for_venue(venue), pk=pk)


def chosen_person(venue: Venue, value) -> Person | None:
    """The person picked (a hidden `person` field or `?person=`), of this venue only and
    not erased; None when nothing valid was picked."""
    try:
        person_id = int(value)
    except (TypeError, ValueError):
        return None
    return Person.objects.active().for_venue(venue).filter(pk=person_id).first()
