"""Venue scoping in the ORM: the one place a staff lookup is tied to a venue.

Every model that staff look up by an id taken from the URL or a form uses a
`VenueScopedQuerySet` as its default manager's queryset. The queryset knows the
path from the row to its venue (`venue_path`: "venue" for a row that belongs to
a venue directly, "session__venue" for a registration, "achievement__venue" for
a credential…), so a view never spells the filter itself:

    Person.objects.get_for(membership, pk=pk)          # the row, or 404
    Person.objects.active().for_venue(venue)            # the venue's rows

Another venue's row is then "not found" by construction, not by convention.
tests/kernel/test_scoping.py walks every scoped model to prove it, and checks
that no staff view fetches a scoped row without going through these methods.
"""

from typing import Any, Self

from django.db import models
from django.shortcuts import get_object_or_404


class VenueScopedQuerySet(models.QuerySet):
    """A queryset whose rows each belong to one venue, reached through `venue_path`."""

    #: The lookup path from a row to its venue; subclasses override it.
    venue_path: str = "venue"

    def for_venue(self, venue: Any) -> Self:
        """The rows of `venue` only."""
        return self.filter(**{self.venue_path: venue})

    def for_membership(self, membership: Any) -> Self:
        """The rows of the venue a staff membership is at."""
        return self.for_venue(membership.venue)

    def get_for(self, membership: Any, **lookup: Any) -> Any:
        """The one row matching `lookup` at the membership's venue, or 404 (never another
        venue's: it is "not found", so nobody learns that it exists)."""
        return get_object_or_404(self.for_membership(membership), **lookup)
