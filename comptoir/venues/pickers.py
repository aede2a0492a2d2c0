"""Form pieces the services share to pick who and where: a venue's team, its partner
places (hors les murs), people of the venue, a date and time on the venue's clock.

Workshops (animators) and the repair café (repairers) both use them, and so do not
import each other.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.people.models import Person
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


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.first_name} · {obj.commune}" if obj.commune else obj.first_name


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher une personne suivie (prénom ou téléphone)"),
        required=False,
        max_length=100,
    )


def set_place_choices(field: forms.ModelChoiceField, venue: Venue) -> None:
    """The venue itself (the empty choice) or one of its network's partner places."""
    field.queryset = Venue.objects.filter(
        network_id=venue.network_id, kind=VenueKind.OUTREACH
    ).order_by("name")
    field.empty_label = _("Chez nous : %(name)s") % {"name": venue.name}


def set_peer_choices(field: PersonChoiceField, venue: Venue, candidates, current=()) -> bool:
    """Validation accepts any person of the venue (the action checks the skill and
    explains); the checkboxes offer only `candidates`, plus anyone already chosen, so
    that editing shows them. Returns whether there is anyone to offer."""
    field.queryset = Person.objects.active().filter(venue=venue).order_by("first_name", "pk")
    shown = list(candidates)
    shown += [p for p in current if p not in shown]
    field.widget.choices = [(p.pk, field.label_from_instance(p)) for p in shown]
    return bool(shown)
