"""Forms and input checks of the public workshop pages (visitors, no account):
the registration form, the agenda filters, and the rate limit on registrations.

The registration form asks what the appointments' booking form asks: both
are `people.forms.VisitorContactForm`.
"""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import Theme
from comptoir.ops import ratelimit
from comptoir.people.forms import VisitorContactForm
from comptoir.workshops.models import Audience

# Registration attempts (form submissions) allowed per IP address and clock hour.
REGISTRATION_ATTEMPTS_PER_HOUR = 10
# Complete registration requests allowed per mobile number or e-mail address and
# clock hour, whatever the address they come from (a script rotating addresses).
REGISTRATIONS_PER_CONTACT_PER_HOUR = 5


class RegistrationForm(VisitorContactForm):
    """Who is coming: a first name, a mobile phone or an e-mail, consent to reminders."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_to_reminders"].help_text = _(
            "Vous recevrez alors un rappel la veille de l’atelier."
        )


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


def too_many_for_contact(data: dict) -> bool:
    """Count this registration request for its phone and e-mail; True once one was used too often."""
    return ratelimit.too_many_for_contact(
        "workshops:register", [data["phone"], data["email"]], REGISTRATIONS_PER_CONTACT_PER_HOUR
    )
