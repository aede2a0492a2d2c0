"""Form pieces the services share to pick who and where: a venue's team, its partner
places (hors les murs), a date and time on the venue's clock. The pieces that pick
people of the venue are in `comptoir.people.pickers` (`people` sits above `venues`).

Workshops (animators) and the repair café (repairers) both use them, and so do not
import each other.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.venues.models import Venue, VenueKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_label(user) -> str:
    return user.get_full_name() or user.username


def venue_staff(venue: Venue):
    """The venue's team members."""
    return (
        get_user_model()
        .objects.filter(memberships__venue=venue)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def to_aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return staff_label(obj)


def set_place_choices(field: forms.ModelChoiceField, venue: Venue) -> None:
    """The venue itself (the empty choice) or one of its network's partner places."""
    field.queryset = Venue.objects.filter(
        network_id=venue.network_id, kind=VenueKind.OUTREACH
    ).order_by("name")
    field.empty_label = _("Chez nous : %(name)s") % {"name": venue.name}
