from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.ops.forms import AccessibleFormMixin
from comptoir.people.models import Person
from comptoir.venues.phone import normalise_french_phone

# Shown next to the consent box and stored with the consent (in French, as shown).
CONSENT_WORDING = _(
    "J’accepte que le lieu me contacte par SMS ou e-mail pour mes rendez-vous et ateliers."
)


class PersonForm(AccessibleFormMixin, forms.ModelForm):
    confirm_new = forms.BooleanField(
        label=_("Ce n’est aucune de ces personnes : créer une nouvelle fiche"),
        required=False,
    )

    class Meta:
        model = Person
        fields = [
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
        ]
        widgets = {
            "phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}
            ),
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "first_name": _("Un prénom ou un surnom suffit."),
            "phone": _("Facultatif, seulement pour les rappels de rendez-vous."),
            "consent_to_contact": CONSENT_WORDING,
        }

    def __init__(self, *args, similar_people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.similar_people = similar_people or []
        if not self.similar_people:
            del self.fields["confirm_new"]

    def clean_first_name(self) -> str:
        name = self.cleaned_data["first_name"].strip()
        if not name:
            raise forms.ValidationError(_("Indiquez un prénom ou un surnom."))
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        normalised = normalise_french_phone(phone)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Ce numéro ne ressemble pas à un numéro français : 10 chiffres, par exemple 06 12 34 56 78."
                )
            )
        return normalised

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_to_contact") and not (cleaned.get("phone") or cleaned.get("email")):
            self.add_error(
                "consent_to_contact",
                _("Pour être contacté·e, il faut un téléphone ou un e-mail."),
            )
        return cleaned


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher par prénom, surnom ou téléphone"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
