"""SQL queries per request, counted in the command's own process.

gunicorn's workers cannot report their queries without a debug hook in
production code, so each page is requested here through Django's test client,
on the same database and as the same person or device, and its queries are
counted with `CaptureQueriesContext`. The first request warms up (a device's
"last seen", a month of report figures to compute); the second is counted.
"""

from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from comptoir.helpdesk.models import DeviceKind
from comptoir.helpdesk.permissions import COOKIE_NAMES
from comptoir.loadbench.pages import Page


def count_queries(pages: list[Page], *, users: dict, device_cookies: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    clients: dict[str, Client] = {}
    with override_settings(
        ROOT_URLCONF="comptoir.loadbench.urls",
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
    ):
        for who, user in users.items():
            clients[who] = Client()
            clients[who].force_login(user)
        for kind in (DeviceKind.KIOSK, DeviceKind.BOARD):
            clients[kind] = Client()
            clients[kind].cookies[COOKIE_NAMES[kind]] = device_cookies[kind]
        clients["anonymous"] = Client()
        try:
            for page in pages:
                client = clients[page.who]
                headers = dict(page.headers)
                client.get(page.path, headers=headers)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page.path, headers=headers)
                if response.status_code != 200:
                    raise CommandError(f"{page.path} answered {response.status_code} in process.")
                counts[page.key] = len(captured.captured_queries)
        finally:
            for who in users:
                clients[who].logout()
    return counts
