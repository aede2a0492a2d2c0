"""Comptoir's own system checks.

comptoir.E001: with DEBUG off, the public development SECRET_KEY (what settings fall back
to when SECRET_KEY is unset) must not be used. Anyone could forge sessions, CSRF tokens
and the signed links given to visitors. `manage.py check --deploy` reports it, and the
WSGI application (gunicorn, and runserver) refuses to start with it: see
`refuse_development_key()`, called by config/wsgi.py.

Management commands (migrate, makemigrations, the tests) still run with it, so that a
development machine needs no configuration at all.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_ERROR = (
    "SECRET_KEY is the public development key while DEBUG is off: anyone could forge "
    "sessions and signed links. Set SECRET_KEY to a long random value "
    '(python3 -c "import secrets; print(secrets.token_urlsafe(50))"), '
    "or DEBUG=true on a development machine."
)


def development_key_in_use() -> bool:
    """DEBUG is off and the key is the development one settings fall back to."""
    development_key = getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    return not settings.DEBUG and bool(development_key) and development_key == settings.SECRET_KEY


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    if not development_key_in_use():
        return []
    return [
        Error(
            DEVELOPMENT_KEY_ERROR,
            hint="See SECRET_KEY in docs/environment.md.",
            id="comptoir.E001",
        )
    ]


def refuse_development_key() -> None:
    """Stop the start-up of the web application with a clear error (comptoir.E001)."""
    if development_key_in_use():
        raise ImproperlyConfigured(f"comptoir.E001: {DEVELOPMENT_KEY_ERROR}")
