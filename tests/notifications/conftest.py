"""The outbox tests: tasks are recorded, not run (django-tasks' dummy backend),
SMS are kept in memory, e-mails in Django's test outbox."""

import pytest
from django_tasks import task_backends

from comptoir.notifications import sms

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def recorded_tasks(settings):
    """Enqueued tasks land in `default_task_backend.results`; nothing runs by itself."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
