"""Forms and input checks of the public workshop pages (visitors, no account):
the registration form, the agenda filters, and the rate limit on registrations.

The registration form asks what the appointments' booking form asks (same
wording, same checks): services do not import each other, so the few lines
are repeated here rather than shared.
"""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import Theme
from comptoir.ops import ratelimit
from comptoir.ops.forms import AccessibleFormMixin
from comptoir.people.forms import CONSENT_WORDING
from comptoir.venues.phone import french_mobile
from comptoir.workshops.models import Audience

NOT_A_MOBILE = _("Ce numéro n’est pas un portable français (06 ou 07…).")
NO_CONTACT = _(
    "Donnez un numéro de portable ou une adresse e-mail : "
    "c’est là que nous envoyons la confirmation."
)

# Registration attempts (form submissions) allowed per IP address and clock hour.
REGISTRATION_ATTEMPTS_PER_HOUR = 10


class RegistrationForm(AccessibleFormMixin, forms.Form):
    """Who is coming: a first name, a mobile phone or an e-mail, consent to reminders."""

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
    consent_to_reminders = forms.BooleanField(
        label=CONSENT_WORDING,
        required=False,
        help_text=_("Vous recevrez alors un rappel la veille de l’atelier."),
    )

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

    def clean(self) -> dict:
        data = super().clean()
        has_phone = bool(data.get("phone")) or "phone" in self.errors
        has_email = bool(data.get("email")) or "email" in self.errors
        if not (has_phone or has_email):
            self.add_error("phone", NO_CONTACT)
        return data


class AgendaFilterForm(forms.Form):
    """The agenda's filters (GET). An unknown value is ignored, never an error page."""

    audience = forms.ChoiceField(label=_("Pour qui"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", _("Tous les publics")), *Audience.choices]
        labels = dict(Theme.choices)
        themes = set(themes)
        if self.is_bound and self.data.get("theme") in labels:
            # A theme with no session now (an old bookmark) still filters: "nothing for it".
            themes.add(self.data["theme"])
        self.fields["theme"].choices = [
            ("", _("Tous les thèmes")),
            *sorted(
                ((code, labels[code]) for code in themes if code in labels),
                key=lambda choice: str(choice[1]),
            ),
        ]

    def value(self, name: str) -> str:
        """The chosen value of a filter, or '' when absent or unknown."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


def too_many_attempts(request: HttpRequest) -> bool:
    """Count this registration attempt; True once the address has made too many this hour."""
    return ratelimit.too_many_attempts(
        request, "workshops:register", REGISTRATION_ATTEMPTS_PER_HOUR
    )
