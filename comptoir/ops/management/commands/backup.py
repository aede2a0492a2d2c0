"""Back up the database into one file, while the service runs.

SQLite: SQLite's online backup (`sqlite3.Connection.backup()`) copies the live
database page by page — consistent even while visitors book. PostgreSQL:
`pg_dump --format=custom`, with the connection settings passed to it in its
environment (PGPASSWORD…), never on the command line where `ps` would show
them. The file is written under a temporary name and renamed when complete,
readable by its owner only (it holds personal data).

    python manage.py backup                      # VAR_DIR/backups/comptoir-20260301-0215.…
    python manage.py backup --output /mnt/nas/comptoir.dump
    python manage.py backup --keep 14            # and delete all but the 14 newest

Restore with `python manage.py restore FILE` (see docs/operations.md).
The helpers below are shared with the restore command.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from comptoir.kernel import services

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
SQLITE_PAGES_PER_STEP = 1024
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Where the PostgreSQL client programs are when they are not on PATH (Debian, Ubuntu).
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def backups_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    kind = connections[alias].vendor
    if kind not in SUFFIXES:
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {kind}.")
    return kind


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"  # pragma: no cover


def row_counts(alias: str = DEFAULT_DB_ALIAS) -> list[tuple[str, int]]:
    counts = []
    # What the summaries count, to compare a backup with what a restore brought back:
    # the tables each app declared in its service.py (the kernel's registry).
    for table in services.backup_tables():
        label, model_name = table.label, table.model
        try:
            model = apps.get_model(model_name)
        except LookupError:
            continue
        counts.append((label, model.objects.using(alias).count()))
    return counts


def format_counts(counts: list[tuple[str, int]]) -> str:
    return "\n".join(f"  {label:<24} {n:>9}" for label, n in counts)


def find_pg_program(name: str) -> str:
    """pg_dump / pg_restore on PATH, else the newest /usr/lib/postgresql/<v>/bin one."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"{PG_BIN_GLOB}/{name}"),
        key=lambda path: (
            int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return candidates[-1]
    raise CommandError(
        f"{name} was not found (neither on PATH nor in {PG_BIN_GLOB}). Install the PostgreSQL "
        "client programs, at the server's major version or newer: "
        "`apt install postgresql-client`."
    )


def pg_environment(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The libpq environment for the connection: host, port, user, password, database, TLS."""
    config = connections[alias].settings_dict
    options = config.get("OPTIONS") or {}
    env = dict(os.environ)
    values = {
        "PGHOST": config.get("HOST"),
        "PGPORT": config.get("PORT"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGDATABASE": config.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def run_pg_program(args: list[str], env: dict[str, str]) -> None:
    """Run pg_dump / pg_restore; a failure becomes a CommandError with its own words."""
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CommandError(f"Could not run {args[0]}: {error}") from error
    if result.returncode != 0:
        raise CommandError(
            f"{Path(args[0]).name} failed (exit code {result.returncode}):\n"
            + (result.stderr.strip() or result.stdout.strip())
        )


def sqlite_connection(alias: str = DEFAULT_DB_ALIAS) -> sqlite3.Connection:
    """The live sqlite3 connection Django uses (so an in-memory database works too)."""
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


class Command(BaseCommand):
    help = "Back up the database into one file (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            help="File to write (default: VAR_DIR/backups/comptoir-YYYYMMDD-HHMMSS.sqlite3 or .dump).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Then delete older backups in the default folder, keeping this many (0: keep all).",
        )

    def handle(self, *args, output: str | None = None, keep: int = 0, **options) -> None:
        kind = vendor()
        if keep < 0:
            raise CommandError("--keep must be 0 (keep all) or more.")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = (
            Path(output) if output else backups_dir() / f"comptoir-{stamp}{SUFFIXES[kind]}"
        ).resolve()
        if target.is_dir():
            raise CommandError(f"{target} is a folder: give a file name.")
        partial = target.with_name(f".{target.name}.partial")
        private_file(partial)
        name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        self.stdout.write(f"Backing up the {kind} database {name} to {target}…")
        started = time.monotonic()
        try:
            if kind == "sqlite":
                self._sqlite(partial)
            else:
                self._postgresql(partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        elapsed = time.monotonic() - started
        self.stdout.write(format_counts(row_counts()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {target} ({human_size(target.stat().st_size)}, {elapsed:.1f} s)."
            )
        )
        if keep:
            self._prune(target.parent, SUFFIXES[kind], keep)

    def _sqlite(self, partial: Path) -> None:
        source = sqlite_connection()
        shown = [-1]

        def progress(status: int, remaining: int, total: int) -> None:
            percent = 100 * (total - remaining) // total if total else 100
            if percent // 25 != shown[0] // 25:  # 0, 25, 50, 75, 100 %
                shown[0] = percent
                self.stdout.write(f"  {percent} % ({total - remaining} of {total} pages)")

        destination = sqlite3.connect(partial)
        try:
            source.backup(destination, pages=SQLITE_PAGES_PER_STEP, progress=progress)
            # One self-contained file (the live database runs in WAL mode).
            destination.execute("PRAGMA journal_mode=DELETE")
            check = destination.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            destination.close()
        if check != "ok":
            raise CommandError(f"The copy does not pass SQLite's quick check: {check}")

    def _postgresql(self, partial: Path) -> None:
        program = find_pg_program("pg_dump")
        self.stdout.write(f"  running {program} --format=custom …")
        run_pg_program(
            [program, "--format=custom", "--no-password", f"--file={partial}"],
            pg_environment(),
        )

    def _prune(self, folder: Path, suffix: str, keep: int) -> None:
        """Keep the `keep` newest backups of this kind in `folder` (names sort by date)."""
        backups = sorted(folder.glob(f"comptoir-*{suffix}"))
        for old in backups[:-keep]:
            old.unlink()
            self.stdout.write(f"Deleted the old backup {old.name}.")
