from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.phone import french_mobile, normalise_french_phone
from comptoir.people.models import Person

# Shown next to the consent box and stored with the consent (in French, as shown).
CONSENT_WORDING = _(
    "J’accepte que le lieu me contacte par SMS ou e-mail pour mes rendez-vous et ateliers."
)


def consent_wording(form: forms.Form, name: str = "consent_to_reminders") -> str:
    """The consent sentence exactly as the form shows it (label, then help text), in
    the current language: what is stored with a consent, so we can show what was agreed."""
    field = form.fields[name]
    parts = [str(field.label or ""), str(field.help_text or "")]
    return " ".join(part.strip() for part in parts if part and part.strip())


NOT_A_MOBILE = _("Ce numéro n’est pas un portable français (06 ou 07…).")
NO_CONTACT = _(
    "Donnez un numéro de portable ou une adresse e-mail : "
    "c’est là que nous envoyons la confirmation."
)


class VisitorContactForm(forms.Form):
    """What a visitor without an account gives to book or register: a first name, a
    mobile phone or an e-mail (at least one), and consent to reminders. Shared by the
    public forms of the services, so that they ask the same thing in the same words."""

    first_name = forms.CharField(
        label=_("Votre prénom ou un surnom"),
        max_length=100,
        error_messages={"required": _("Indiquez votre prénom ou un surnom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = forms.CharField(
        label=_("Votre numéro de portable"),
        required=False,
        max_length=25,
        help_text=_("Pour recevoir la confirmation par SMS. Par exemple : 06 12 34 56 78"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Ou votre adresse e-mail"),
        required=False,
        help_text=_("Si vous n’avez pas de portable, ou en plus du portable."),
        error_messages={"invalid": _("Cette adresse e-mail n’est pas complète : vérifiez-la.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent_to_reminders = forms.BooleanField(label=CONSENT_WORDING, required=False)

    def clean_first_name(self) -> str:
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez votre prénom ou un surnom."))
        return name

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        number = french_mobile(raw)
        if number is None:
            raise forms.ValidationError(NOT_A_MOBILE)
        return number

    def has_contact(self) -> bool:
        """A phone or an e-mail was typed (even one with an error of its own)."""
        data = self.cleaned_data
        has_phone = bool(data.get("phone")) or "phone" in self.errors
        has_email = bool(data.get("email")) or "email" in self.errors
        return has_phone or has_email

    def clean(self) -> dict:
        data = super().clean()
        if not self.has_contact():
            self.add_error("phone", NO_CONTACT)
        return data


class PersonForm(forms.ModelForm):
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
