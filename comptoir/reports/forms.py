"""The funder report form: a period, the venues it covers, a short context text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.ops.forms import BoundedDateField
from comptoir.reports.filters import MAX_DAYS
from comptoir.reports.models import FunderReport
from comptoir.venues.models import Venue
from comptoir.venues.pickers import DATE_WIDGET


class FunderReportForm(forms.ModelForm):
    venues = forms.ModelMultipleChoiceField(
        label=_("Lieux"),
        queryset=Venue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un lieu.")},
    )

    class Meta:
        model = FunderReport
        fields = ["title", "funder", "start", "end", "venues", "context"]
        widgets = {
            "start": DATE_WIDGET,
            "end": DATE_WIDGET,
            "context": forms.Textarea(attrs={"rows": 8}),
        }
        field_classes = {"start": BoundedDateField, "end": BoundedDateField}
        help_texts = {
            "funder": _("Par exemple : Conseil départemental, CAF, Banque des Territoires."),
        }

    def __init__(self, *args, venues, **kwargs):
        """`venues`: those the user may write a report for (the only choices)."""
        super().__init__(*args, **kwargs)
        self.fields["venues"].queryset = venues
        self.fields["venues"].label_from_instance = lambda venue: venue.name

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La fin de la période doit suivre son début."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Choisissez une période de cinq ans au plus."))
        return data
