import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import (
    DURATION_PRESETS,
    MAX_DURATION_MINUTES,
    ActivityType,
    Equipment,
    PlaceType,
    ProcedureTheme,
    Theme,
)
from comptoir.journal.models import Activity
from comptoir.ops.forms import BoundedDateField

CUSTOM = "custom"


def duration_choices():
    return [
        (str(m), _("%(n)s min") % {"n": m} if m < 60 else _format_hours(m))
        for m in DURATION_PRESETS
    ] + [(CUSTOM, _("Autre durée"))]


def _format_hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class ActivityForm(forms.ModelForm):
    """Recording an accompaniment: one screen, sensible defaults, big targets."""

    duration_choice = forms.ChoiceField(
        label=_("Durée"), choices=duration_choices, widget=forms.RadioSelect, initial="30"
    )
    duration_custom = forms.IntegerField(
        label=_("Autre durée, en minutes"),
        required=False,
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        help_text=_("Seulement si vous avez choisi « Autre durée »."),
    )
    equipment = forms.MultipleChoiceField(
        label=_("Matériel utilisé"),
        choices=Equipment,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Thématiques"), choices=Theme, widget=forms.CheckboxSelectMultiple
    )
    procedure_themes = forms.MultipleChoiceField(
        label=_("Démarche administrative : domaine"),
        choices=ProcedureTheme,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Si la thématique « Aide aux démarches administratives » est cochée."),
    )

    class Meta:
        model = Activity
        fields = [
            "type",
            "place_type",
            "place_commune",
            "place_postal_code",
            "date",
            "equipment",
            "procedure_name",
            "autonomy",
            "level",
            "workshop_title",
            "head_count",
            "referred",
            "referral_structure",
            "age_bracket",
            "gender",
            "social_status",
            "commune",
            "postal_code",
            "notes",
        ]
        widgets = {
            "type": forms.RadioSelect,
            "place_type": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "autonomy": forms.RadioSelect,
            "level": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "head_count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        help_texts = {
            "place_commune": _("Pour un accompagnement à domicile ou dans un autre lieu."),
            "notes": _("Pas de données sensibles : santé, opinions, numéros de dossier…"),
            "head_count": _("Pour un atelier collectif : combien de personnes étaient là."),
        }

    def __init__(self, *args, person=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["type"].choices = list(ActivityType.choices)
        self.fields["place_type"].choices = list(PlaceType.choices)
        self.fields["autonomy"].choices = [("", _("Non renseigné"))] + [
            c for c in self.fields["autonomy"].choices if c[0]
        ]
        self.fields["level"].choices = [("", _("Non renseigné"))] + [
            c for c in self.fields["level"].choices if c[0]
        ]
        self.fields["referral_structure"].choices = [("", _("— Choisir —"))] + [
            c for c in self.fields["referral_structure"].choices if c[0]
        ]
        self.fields["head_count"].required = False
        if self.instance.pk:
            minutes = self.instance.duration_minutes
            self.initial["duration_choice"] = (
                str(minutes) if minutes in DURATION_PRESETS else CUSTOM
            )
            if minutes not in DURATION_PRESETS:
                self.initial["duration_custom"] = minutes
            self.initial["themes"] = self.instance.theme_codes()
            self.initial["procedure_themes"] = self.instance.procedure_codes()
        else:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("type", ActivityType.INDIVIDUAL)
            self.initial.setdefault("place_type", PlaceType.VENUE)

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        if date < timezone.localdate() - datetime.timedelta(days=365 * 3):
            raise forms.ValidationError(_("La date est trop ancienne (plus de 3 ans)."))
        return date

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("duration_choice")
        if choice == CUSTOM:
            if not cleaned.get("duration_custom"):
                self.add_error("duration_custom", _("Indiquez la durée en minutes."))
            else:
                cleaned["duration_minutes"] = cleaned["duration_custom"]
        elif choice:
            cleaned["duration_minutes"] = int(choice)
        if cleaned.get("type") == ActivityType.COLLECTIVE:
            if not cleaned.get("head_count"):
                self.add_error("head_count", _("Indiquez le nombre de participants."))
        else:
            cleaned["head_count"] = 1
        if cleaned.get("place_type") in (PlaceType.HOME, PlaceType.OTHER) and not cleaned.get(
            "place_commune"
        ):
            self.add_error("place_commune", _("Indiquez la commune où a eu lieu l’accompagnement."))
        if cleaned.get("referred") and not cleaned.get("referral_structure"):
            self.add_error(
                "referral_structure", _("Indiquez vers quelle structure la personne est orientée.")
            )
        if self.person is not None and self.person.is_anonymised and cleaned.get("notes"):
            self.add_error(
                "notes",
                _(
                    "Les données de cette personne ont été effacées : l’accompagnement reste "
                    "dans les statistiques, sans notes."
                ),
            )
        equipment = cleaned.get("equipment") or []
        if Equipment.NONE in equipment and len(equipment) > 1:
            self.add_error("equipment", _("« Pas de matériel » ne va pas avec un autre matériel."))
        if cleaned.get("procedure_themes") and Theme.ADMIN_PROCEDURES not in (
            cleaned.get("themes") or []
        ):
            self.add_error(
                "procedure_themes",
                _("Cochez aussi la thématique « Aide aux démarches administratives »."),
            )
        return cleaned

    def save(self, commit: bool = True) -> Activity:
        activity = super().save(commit=False)
        activity.duration_minutes = self.cleaned_data["duration_minutes"]
        activity.head_count = self.cleaned_data.get("head_count") or 1
        if self.person is not None and activity.type == ActivityType.INDIVIDUAL:
            activity.person = self.person
        if commit:
            activity.save()
        return activity


class ActivityFilterForm(forms.Form):
    start = BoundedDateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = BoundedDateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.ChoiceField(label=_("Thématique"), required=False)
    mediator = forms.TypedChoiceField(
        label=_("Médiateur·rice"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, mediators=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tous"))] + list(ActivityType.choices)
        self.fields["theme"].choices = [("", _("Toutes"))] + list(Theme.choices)
        self.fields["mediator"].choices = [("", _("Tous et toutes"))] + [
            (u.pk, u.get_full_name() or u.username) for u in mediators
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin de la période précède son début."))
        return cleaned

    def filter(self, activities):
        if not self.is_valid():
            return activities
        data = self.cleaned_data
        if data.get("start"):
            activities = activities.filter(date__gte=data["start"])
        if data.get("end"):
            activities = activities.filter(date__lte=data["end"])
        if data.get("type"):
            activities = activities.filter(type=data["type"])
        if data.get("theme"):
            activities = activities.filter(themes__kind="theme", themes__code=data["theme"])
        if data.get("mediator"):
            activities = activities.filter(mediator_id=data["mediator"])
        return activities
