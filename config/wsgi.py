"""WSGI entry point: `gunicorn config.wsgi` (and `runserver`, through WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# With DEBUG off, never serve with the public development SECRET_KEY (comptoir.E001).
from comptoir.ops.checks import refuse_development_key  # noqa: E402

refuse_development_key()
