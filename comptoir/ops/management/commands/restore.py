"""Restore the database from a file made by `manage.py backup`.

Everything in the database is replaced by the backup's content. Stop the web
service and the task worker first (see docs/operations.md), and run
`manage.py migrate` afterwards if the backup comes from an older version.

SQLite: the backup file is checked, Django's connections are closed, and the
file is copied back into the live database with SQLite's backup API.
PostgreSQL: `pg_restore --clean --if-exists --no-owner --single-transaction`
into the configured database (all or nothing), settings passed in the
environment as for the backup.

    python manage.py restore var/backups/comptoir-20260301-021500.sqlite3
    python manage.py restore /mnt/nas/comptoir.dump --no-input   # scripts, tests
"""

import sqlite3
import time
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from comptoir.ops.management.commands.backup import (
    PG_DUMP_HEADER,
    SQLITE_HEADER,
    SQLITE_PAGES_PER_STEP,
    find_pg_program,
    format_counts,
    human_size,
    pg_environment,
    row_counts,
    run_pg_program,
    sqlite_connection,
    vendor,
)

CONFIRM_WORD = "oui"


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The backup file (.sqlite3 or .dump).")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (scripts, tests).",
        )

    def handle(self, *args, path: str, interactive: bool = True, **options) -> None:
        kind = vendor()
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source} does not exist or is not a file.")
        with source.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        expected = SQLITE_HEADER if kind == "sqlite" else PG_DUMP_HEADER
        if not header.startswith(expected):
            made_for = "PostgreSQL (.dump)" if kind == "sqlite" else "SQLite (.sqlite3)"
            looks = (
                made_for
                if header.startswith(PG_DUMP_HEADER) or header.startswith(SQLITE_HEADER)
                else "unknown"
            )
            raise CommandError(
                f"{source} is not a {kind} backup made by `manage.py backup` "
                f"(it looks like: {looks})."
            )
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.in_atomic_block:
            raise CommandError("Cannot restore inside a transaction.")
        name = str(connection.settings_dict["NAME"])
        if interactive and not self._confirmed(name, source):
            raise CommandError("Nothing restored.")

        self.stdout.write(f"Restoring {source} into the {kind} database {name}…")
        started = time.monotonic()
        if kind == "sqlite":
            self._sqlite(source)
        else:
            self._postgresql(source, name)
        ContentType.objects.clear_cache()
        elapsed = time.monotonic() - started
        self.stdout.write(format_counts(row_counts()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {source} ({human_size(source.stat().st_size)}) in {elapsed:.1f} s. "
                "Run `manage.py migrate` if the backup comes from an older version."
            )
        )

    def _confirmed(self, name: str, source: Path) -> bool:
        self.stdout.write(
            self.style.WARNING(
                f"Everything in the database {name} will be replaced by the content of {source} "
                f"({human_size(source.stat().st_size)}). Stop the web service and the task "
                "worker first."
            )
        )
        try:
            answer = input(f'Type the database name ({name}) or "{CONFIRM_WORD}" to go on: ')
        except EOFError:  # no terminal: a script must say --no-input
            self.stdout.write("No answer (use --no-input in scripts).")
            return False
        return answer.strip() in (name, CONFIRM_WORD)

    def _sqlite(self, source: Path) -> None:
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            try:
                check = backup.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as error:
                raise CommandError(f"{source} is not a readable SQLite database: {error}") from None
            if check != "ok":
                raise CommandError(f"{source} does not pass SQLite's quick check: {check}")
            connections.close_all()  # nothing of ours holds the database meanwhile
            try:
                backup.backup(sqlite_connection(), pages=SQLITE_PAGES_PER_STEP)
            except sqlite3.OperationalError as error:
                raise CommandError(
                    f"Could not write the database ({error}). Is the web service or the task "
                    "worker still running? Stop them and try again."
                ) from None
        finally:
            backup.close()
        connections.close_all()

    def _postgresql(self, source: Path, name: str) -> None:
        program = find_pg_program("pg_restore")
        connections.close_all()
        self.stdout.write(f"  running {program} --clean --if-exists --no-owner …")
        run_pg_program(
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={name}",
                str(source),
            ],
            pg_environment(),
        )
