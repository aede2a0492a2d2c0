from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "comptoir.accounts"
    verbose_name = _("Comptes de l’équipe")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from comptoir.accounts import two_factor
        from comptoir.accounts.forms import ThrottledAdminAuthenticationForm

        # Whoever logs in, the session remembers whether a second factor is due.
        user_logged_in.connect(two_factor.remember_on_login, dispatch_uid="accounts-two-factor")
        # The admin's own log-in form counts failures and honours lock-outs too.
        admin.site.login_form = ThrottledAdminAuthenticationForm
