"""Sending SMS: a small backend interface, like Django's e-mail backends.

SMS_BACKEND names a class with `send(to, body)`; it raises SMSError on failure.
Built in: the console backend (development), a file backend (one file per
message in SMS_FILE_PATH) and a memory backend for the tests. A real provider
is one class away: subclass BaseSMSBackend and point SMS_BACKEND at it.
"""

import datetime
import sys
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class SMSError(Exception):
    """The message could not be handed to the provider; it will be retried."""


class BaseSMSBackend:
    def send(self, to: str, body: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseSMSBackend):
    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"--- SMS to {to} ---\n{body}\n---\n")


class FileBackend(BaseSMSBackend):
    def send(self, to: str, body: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}-{to.lstrip('+')}.txt").write_text(
            f"To: {to}\n\n{body}\n", encoding="utf-8"
        )


outbox: list[tuple[str, str]] = []


class MemoryBackend(BaseSMSBackend):
    """Keeps messages in `comptoir.notifications.sms.outbox` (tests)."""

    def send(self, to: str, body: str) -> None:
        outbox.append((to, body))


class FailingBackend(BaseSMSBackend):
    """Always fails: to test that failures are retried, never lost."""

    def send(self, to: str, body: str) -> None:
        raise SMSError("The SMS provider is unreachable.")


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
