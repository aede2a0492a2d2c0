"""Form pieces the services share to pick people of the venue (peer animators,
volunteer repairers) and to search for one. The team, places and dates are in
`comptoir.venues.pickers`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.people.models import Person
from comptoir.venues.models import Venue


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.first_name} · {obj.commune}" if obj.commune else obj.first_name


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher une personne suivie (prénom ou téléphone)"),
        required=False,
        max_length=100,
    )


def set_peer_choices(field: PersonChoiceField, venue: Venue, candidates, current=()) -> bool:
    """Validation accepts any person of the venue (the action checks the skill and
    explains); the checkboxes offer only `candidates`, plus anyone already chosen, so
    that editing shows them. Returns whether there is anyone to offer."""
    field.queryset = Person.objects.active().filter(venue=venue).order_by("first_name", "pk")
    shown = list(candidates)
    shown += [p for p in current if p not in shown]
    field.widget.choices = [(p.pk, field.label_from_instance(p)) for p in shown]
    return bool(shown)
