import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.phone import normalise_french_phone
from comptoir.ops.forms import MultipleChoiceJSONField
from comptoir.venues.models import Closure, Invitation, Membership, OpeningPeriod, Venue
from comptoir.venues.opendata import AccessMode, Fee, Public, Service, SpecificSupport, SupportMode
from comptoir.venues.roles import Role

# https origin, as browsers compare it in frame-ancestors (http only for local hosts).
ORIGIN_RE = re.compile(
    r"https://[a-z0-9.-]+(:[0-9]{1,5})?|http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?",
    re.IGNORECASE,
)


class VenueForm(forms.ModelForm):
    services = MultipleChoiceJSONField(
        label=_("Services proposés"), choices=Service, required=False
    )
    publics = MultipleChoiceJSONField(
        label=_("Publics spécifiquement adressés"), choices=Public, required=False
    )
    specific_support = MultipleChoiceJSONField(
        label=_("Prise en charge spécifique"), choices=SpecificSupport, required=False
    )
    fees = MultipleChoiceJSONField(label=_("Frais à charge"), choices=Fee, required=False)
    access_modes = MultipleChoiceJSONField(
        label=_("Modalités d’accès"), choices=AccessMode, required=False
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    accessibility_url = forms.URLField(
        label=_("Fiche Acceslibre"),
        required=False,
        assume_scheme="https",
        help_text=_("Lien vers la fiche du lieu sur acceslibre.beta.gouv.fr, si elle existe."),
    )
    support_modes = MultipleChoiceJSONField(
        label=_("Modalités d’accompagnement"), choices=SupportMode, required=False
    )

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "address",
            "address_complement",
            "postal_code",
            "commune",
            "insee_code",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "siret",
            "summary",
            "description",
            "services",
            "publics",
            "specific_support",
            "fees",
            "access_modes",
            "support_modes",
            "accessibility",
            "accessibility_url",
            "retention_months",
            "require_two_factor",
            "embed_origins",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "embed_origins": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }
        help_texts = {
            "phone": _("Par exemple 04 78 00 00 00 ; il sera publié au format +33."),
            "latitude": _("En degrés décimaux, par exemple 45.7578."),
            "longitude": _("En degrés décimaux, par exemple 4.8320."),
        }

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not phone:
            return ""
        normalised = normalise_french_phone(phone)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Ce numéro ne ressemble pas à un numéro français : 10 chiffres, par exemple 04 78 00 00 00."
                )
            )
        return normalised

    def clean_embed_origins(self) -> str:
        """One origin per line, https://host[:port] with no path: what a browser
        compares in frame-ancestors."""
        origins = []
        for line in self.cleaned_data["embed_origins"].splitlines():
            line = line.strip().rstrip("/")
            if not line:
                continue
            if not ORIGIN_RE.fullmatch(line):
                raise forms.ValidationError(
                    _(
                        "« %(line)s » n’est pas une adresse de site : écrivez-la comme "
                        "https://intranet.exemple.fr, sans chemin, une par ligne."
                    ),
                    params={"line": line},
                )
            origins.append(line.lower())
        return "\n".join(dict.fromkeys(origins))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(
                _("Indiquez la latitude et la longitude ensemble, ou aucune des deux.")
            )
        return cleaned


class OpeningPeriodForm(forms.ModelForm):
    class Meta:
        model = OpeningPeriod
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("L’heure de fermeture doit suivre l’heure d’ouverture."))
        return cleaned


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de la fermeture ne peut pas précéder son début."))
        return cleaned


OpeningPeriodFormSet = forms.inlineformset_factory(
    Venue, OpeningPeriod, form=OpeningPeriodForm, extra=2, can_delete=True
)
ClosureFormSet = forms.inlineformset_factory(
    Venue, Closure, form=ClosureForm, extra=1, can_delete=True
)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        widgets = {"role": forms.RadioSelect}
        help_texts = {"email": _("La personne recevra un lien pour créer son accès.")}

    def __init__(self, *args, venue: Venue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.venue = venue

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(venue=self.venue, user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne fait déjà partie de l’équipe du lieu."))
        return email


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role)


class AccountCreationForm(UserCreationForm):
    """Create a staff account when accepting an invitation."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name"]
