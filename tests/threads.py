"""A database that several threads share, on SQLite too (the `shared_database` fixture).

The concurrency tests on PostgreSQL use the test database as it is (one
connection per thread, as pytest-django's transactional_db allows). SQLite's
test database lives in memory, in "shared cache" mode, where locks do not
behave like a real SQLite file's (no WAL, no busy timeout): a test about
SQLite's write lock needs a file. On SQLite, `shared_database` copies the
in-memory database (its schema and the rows made so far) into a file of
tmp_path and points the default connection of every thread at it, then puts
everything back.

`lock_wait` (seconds; a module or a test overrides the fixture) is how long a
connection waits for a lock before the database gives up with an error: on
SQLite the busy timeout (20 s in the settings), on PostgreSQL `lock_timeout`
(no limit unless set). A test can so show in a few seconds what a big job does
in half a minute.
"""

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections


def _connections_with(new_settings: dict) -> Iterator[None]:
    """Every thread's default connection opened with these settings, for the test."""
    old_settings = connections.settings[DEFAULT_DB_ALIAS]
    old_connection = connections[DEFAULT_DB_ALIAS]
    # Threads started from now on open their own connection with these settings.
    connections.settings[DEFAULT_DB_ALIAS] = new_settings
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = old_settings
        connections[DEFAULT_DB_ALIAS] = old_connection


def _sqlite_file(tmp_path, lock_wait: float | None) -> Iterator[None]:
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    current = connections.settings[DEFAULT_DB_ALIAS]
    options = dict(current.get("OPTIONS", {}))
    if lock_wait is not None:
        options["timeout"] = lock_wait
    yield from _connections_with({**current, "NAME": str(path), "OPTIONS": options})


def _postgresql_lock_timeout(lock_wait: float) -> Iterator[None]:
    current = connections.settings[DEFAULT_DB_ALIAS]
    options = dict(current.get("OPTIONS", {}))
    options["options"] = f"{options.get('options', '')} -c lock_timeout={int(lock_wait * 1000)}"
    yield from _connections_with({**current, "OPTIONS": options})


@pytest.fixture
def lock_wait() -> float | None:
    """Seconds a connection waits for a lock (None: as the settings say)."""
    return None


@pytest.fixture
def shared_database(transactional_db, tmp_path, lock_wait) -> Iterator[None]:
    """The test database, reachable from several threads (see the module docstring).

    Create the test's rows after this fixture: on SQLite, rows made before are
    copied, but whatever the in-memory database gets afterwards is not seen.
    """
    if connection.vendor == "sqlite":
        yield from _sqlite_file(tmp_path, lock_wait)
    elif lock_wait is not None:
        yield from _postgresql_lock_timeout(lock_wait)
    else:
        yield
