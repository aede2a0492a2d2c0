"""Erased means closed: once a person's data is erased, nothing new can be attached to
them, in any app, from any form, picker or action.

The check goes app by app through the privacy registry: every section registered in a
`comptoir/<app>/privacy.py` must be tried by the app's `tests/<app>/erased.py`
(`ATTEMPTS`, see tests/people/closed.py), or the first test fails and names it. Each
attempt is then run against a person known to every app and erased: it must be refused
(or record nothing about them), and the person's export must not change.
"""

import importlib
import importlib.util
import pkgutil

import pytest
from django_tasks import task_backends

from comptoir.notifications import sms
from comptoir.people import privacy
from tests.conftest import client_for
from tests.people.closed import Closed
from tests.people.privacy_world import known_everywhere

pytestmark = pytest.mark.django_db

# Attempts on the record itself (the export's "Fiche"), which is no section.
RECORD = "person"


def _attempt_modules():
    import tests

    modules = []
    for info in pkgutil.iter_modules(tests.__path__):
        # A module that fails to import must fail the test, not be skipped.
        if info.ispkg and importlib.util.find_spec(f"tests.{info.name}.erased") is not None:
            modules.append(importlib.import_module(f"tests.{info.name}.erased"))
    return modules


ATTEMPTS: dict[str, list] = {}
for _module in _attempt_modules():
    for _key, _attempts in _module.ATTEMPTS.items():
        ATTEMPTS.setdefault(_key, []).extend(_attempts)
CASES = [
    pytest.param(attempt, id=f"{key}-{attempt.__name__}")
    for key, attempts in sorted(ATTEMPTS.items())
    for attempt in attempts
]


def test_every_privacy_section_is_tried_with_an_erased_person():
    registered = {section.key for section in privacy.sections()}
    missing = sorted(registered - {key for key, attempts in ATTEMPTS.items() if attempts})
    assert not missing, (
        "These privacy sections keep something about a person but nothing checks that an "
        "erased person is refused there. In tests/<app>/erased.py, add to ATTEMPTS "
        f"the ways staff could attach something new to them: {missing}"
    )
    stale = sorted(set(ATTEMPTS) - registered - {RECORD})
    assert not stale, f"These keys name no privacy section: {stale}"


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    task_backends["default"].clear()
    sms.outbox.clear()
    yield
    task_backends["default"].clear()
    sms.outbox.clear()


@pytest.fixture
def closed(venue, coordinator):
    trace = known_everywhere(venue, coordinator)
    privacy.erase_person(actor=coordinator, person=trace.person)
    return Closed(venue=venue, staff=coordinator, client=client_for(coordinator), trace=trace)


@pytest.mark.parametrize("attempt", CASES)
def test_an_erased_person_accepts_no_new_personal_data(closed, attempt):
    before = closed.export()
    attempt(closed)
    assert closed.export() == before
