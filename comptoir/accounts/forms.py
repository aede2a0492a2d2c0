"""Log-in forms that honour the lock-out, the second step, and the account's security forms."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.accounts import throttle, two_factor


class LockedOut(ValidationError):
    def __init__(self, end: float) -> None:
        super().__init__(throttle.lock_message(end), code="locked")
        self.end = end


class ThrottledLoginMixin:
    """AuthenticationForm.clean(), with the lock-out checked first: a locked
    username or address is refused without looking at the password."""

    locked_until: float | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self._authenticate(username, password)
            except LockedOut as error:
                self.locked_until = error.end
                raise
        return self.cleaned_data

    def _authenticate(self, username: str, password: str) -> None:
        end = throttle.locked_until(self.request, username)
        if end:
            raise LockedOut(end)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            end = throttle.record_failure(self.request, username)
            if end:
                raise LockedOut(end)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


def _code_widget(**attrs) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            "class": "code-input",
            **attrs,
        }
    )


class SecondStepForm(forms.Form):
    """The code after the password: the app's 6 digits, or a recovery code."""

    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=32,
        help_text=_(
            "Le code à 6 chiffres affiché par votre application d’authentification. "
            "Sans votre téléphone : un de vos codes de secours."
        ),
        widget=_code_widget(autofocus=True),
    )

    def __init__(self, *args, request, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.device = None
        self.locked_until: float | None = None

    def clean(self):
        """Errors go to the whole form (the summary at the top), like the log-in's."""
        code = self.cleaned_data.get("code")
        if not code:
            return self.cleaned_data
        username = self.user.get_username()
        end = throttle.locked_until(self.request, username)
        if end:
            self.locked_until = end
            raise LockedOut(end)
        self.device = two_factor.verify_code(self.user, code)
        if self.device is None:
            end = throttle.record_failure(self.request, username)
            if end:
                self.locked_until = end
                raise LockedOut(end)
            raise ValidationError(
                _(
                    "Ce code ne convient pas. Saisissez le code affiché en ce moment par "
                    "l’application pour Comptoir, ou un code de secours pas encore utilisé."
                ),
                code="wrong_code",
            )
        return self.cleaned_data


class SetupForm(forms.Form):
    """The first code of a new app: proves the app holds the right key."""

    code = forms.CharField(
        label=_("Code affiché par l’application"),
        max_length=16,
        help_text=_("6 chiffres, qui changent toutes les 30 secondes."),
        widget=_code_widget(inputmode="numeric"),
    )

    def __init__(self, *args, key: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.key = key
        self.time_step: int | None = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.time_step = two_factor.check_setup_code(self.key, code)
        if self.time_step is None:
            raise ValidationError(
                _(
                    "Ce code ne correspond pas. Saisissez les 6 chiffres affichés en ce "
                    "moment pour Comptoir ; s’ils viennent de changer, prenez les nouveaux."
                ),
                code="wrong_code",
            )
        return code


class PasswordCheckForm(forms.Form):
    """Asks for the password again before turning the second factor off."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.locked_until: float | None = None

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        username = self.user.get_username()
        end = throttle.locked_until(self.request, username)
        if end:
            self.locked_until = end
            raise LockedOut(end)
        if not self.user.check_password(password):
            end = throttle.record_failure(self.request, username)
            if end:
                self.locked_until = end
                raise LockedOut(end)
            raise ValidationError(_("Ce n’est pas votre mot de passe."), code="wrong_password")
        return password
