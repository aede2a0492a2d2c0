"""The task worker outlasts a locked database: it waits and starts again instead of
stopping (issue 13: a big import held SQLite's write lock, django-tasks' db_worker
exited on "database is locked", and reminders stopped until someone noticed).

The lock is real: on SQLite another connection holds the write lock of the test
database's file (tests/threads.py); on PostgreSQL another connection holds the
task table locked, and the worker's connections give up after `lock_wait`.
"""

import io
import logging
import signal
import sqlite3
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from comptoir.ops.management.commands import run_worker

LOCK_WAIT = 0.3
HELD_FOR = 1.5


@task()
def say_hello() -> str:
    return "bonjour"


@pytest.fixture
def lock_wait() -> float:
    return LOCK_WAIT


@pytest.fixture(autouse=True)
def signal_handlers_put_back():
    """The worker installs its own SIGINT/SIGTERM handlers: pytest gets its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def hold_the_lock(seconds: float, held: threading.Event) -> None:
    """Another connection keeps the task table from the worker for `seconds`."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connections.settings["default"]["NAME"], isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        held.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()
        return
    table = DBTaskResult._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        held.set()
        time.sleep(seconds)
        cursor.execute("COMMIT")
    connection.close()


def run_worker_once() -> str:
    """The worker in batch mode: it runs what is queued, then stops."""
    out = io.StringIO()
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out, stderr=out
    )
    return out.getvalue()


def test_a_locked_database_makes_the_worker_wait_and_start_again(
    shared_database, monkeypatch, caplog
):
    monkeypatch.setattr(run_worker, "FIRST_PAUSE_SECONDS", 0.5)
    result = say_hello.enqueue()
    held = threading.Event()
    locker = threading.Thread(target=hold_the_lock, args=(HELD_FOR, held))
    locker.start()
    held.wait(timeout=10)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="comptoir.ops.worker"):
        run_worker_once()
    took = time.monotonic() - started
    locker.join(timeout=10)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "bonjour"
    # It waited for the lock to go, failing and pausing longer each time (0.5 s, 1 s…).
    assert took >= HELD_FOR - 0.1
    failures = [r.getMessage() for r in caplog.records if r.name == "comptoir.ops.worker"]
    assert failures and all("Database unavailable for the task worker" in f for f in failures)
    assert "starting again in 0.5 s" in failures[0]
    if len(failures) > 1:
        assert "starting again in 1 s" in failures[1]


def test_the_pause_doubles_up_to_a_minute_and_other_errors_still_stop_it(monkeypatch):
    """Without a database: the worker's own run fails as a database error would."""
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    outcomes = [OperationalError("database is locked")] * 8 + [ValueError("a bug")]
    pauses: list[float] = []

    def one_run(self, *args, **options):
        raise outcomes.pop(0)

    monkeypatch.setattr(db_worker.Command, "handle", one_run)
    monkeypatch.setattr(run_worker.time, "sleep", pauses.append)
    with pytest.raises(ValueError, match="a bug"):
        run_worker.Command().handle()
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60]
