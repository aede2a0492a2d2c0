"""Forms of the café numérique: counter check-in, kiosk, closing, settings, devices, summary day."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.helpdesk.models import HelpdeskSettings, Outcome
from comptoir.helpdesk.topics import BroughtDevice, Topic, themes_for
from comptoir.journal.cra import ReferralStructure, Theme
from comptoir.ops.forms import BoundedDateField

NOT_SAID = ""


class CheckInForm(forms.Form):
    """At the counter: an optional name and device, then one tap on the topic."""

    first_name = forms.CharField(
        label=_("Prénom ou surnom"),
        max_length=60,
        required=False,
        help_text=_("Facultatif. Il s’affiche sur l’écran de la file (le premier mot seulement)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    device = forms.ChoiceField(
        label=_("Appareil apporté"),
        required=False,
        widget=forms.RadioSelect,
        initial=NOT_SAID,
    )
    topic = forms.ChoiceField(
        label=_("De quoi s’agit-il ?"),
        choices=Topic,
        error_messages={"required": _("Choisissez de quoi il s’agit.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].choices = [(NOT_SAID, _("Non précisé"))] + list(BroughtDevice.choices)
        self.fields["topic"].error_messages["invalid_choice"] = _("Choisissez de quoi il s’agit.")


class KioskForm(forms.Form):
    """The kiosk asks three things only; the topic is the one that matters."""

    topic = forms.ChoiceField(
        label=_("De quoi s’agit-il ?"),
        choices=Topic,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Touchez l’image qui correspond à votre question."),
            "invalid_choice": _("Touchez l’image qui correspond à votre question."),
        },
    )
    device = forms.ChoiceField(
        label=_("Quel appareil avez-vous apporté ?"),
        choices=BroughtDevice,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Touchez l’image de votre appareil.")},
    )
    first_name = forms.CharField(
        label=_("Votre prénom ou un surnom"),
        max_length=60,
        required=False,
        help_text=_("Facultatif. Pour vous appeler. Il s’affiche sur l’écran de la file."),
        error_messages={"max_length": _("Un prénom plus court, s’il vous plaît.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )


class CloseForm(forms.Form):
    """How the help ended. The themes come from the topic; the mediator can correct them."""

    outcome = forms.ChoiceField(
        label=_("Comment s’est terminé l’accompagnement ?"),
        choices=Outcome,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez comment s’est terminé l’accompagnement.")},
    )
    referral_structure = forms.ChoiceField(
        label=_("Orientée vers"),
        required=False,
        help_text=_("Seulement si la personne est orientée vers une autre structure."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thématiques pour le journal"),
        choices=Theme,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochées d’après la question posée ; corrigez si besoin."),
    )
    note = forms.CharField(
        label=_("Note pour le journal"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif. Pas de données sensibles : santé, opinions, numéros de dossier…"),
    )

    def __init__(self, *args, topic: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_structure"].choices = [("", _("— Choisir —"))] + list(
            ReferralStructure.choices
        )
        self.initial.setdefault("themes", themes_for(topic))

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == Outcome.REFERRED and not cleaned.get("referral_structure"):
            self.add_error(
                "referral_structure", _("Indiquez vers quelle structure la personne est orientée.")
            )
        if outcome and outcome != Outcome.LEFT_BEFORE_HELP and not cleaned.get("themes"):
            self.add_error("themes", _("Cochez au moins une thématique."))
        return cleaned


class SettingsForm(forms.ModelForm):
    class Meta:
        model = HelpdeskSettings
        fields = ["timebox_minutes", "extension_minutes", "kiosk_enabled", "board_display"]
        widgets = {
            "timebox_minutes": forms.NumberInput(
                attrs={"min": 5, "max": 60, "inputmode": "numeric"}
            ),
            "extension_minutes": forms.NumberInput(
                attrs={"min": 0, "max": 30, "inputmode": "numeric"}
            ),
            "board_display": forms.RadioSelect,
        }


class DeviceForm(forms.Form):
    """The name of the browser being enabled; the kind (kiosk or board) is the form's `kind`."""

    name = forms.CharField(
        label=_("Nom de l’appareil"),
        max_length=80,
        required=False,
        help_text=_("Pour le reconnaître dans la liste, par exemple « Tablette de l’entrée »."),
    )


class DayForm(forms.Form):
    date = BoundedDateField(
        label=_("Jour"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 14/03/2025.")},
    )

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Le bilan d’un jour à venir est vide : choisissez un jour passé.")
            )
        return day

    def day(self) -> datetime.date:
        if self.is_valid():
            return self.cleaned_data["date"]
        return timezone.localdate()
