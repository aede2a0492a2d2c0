"""`manage.py backup` and `restore`: back up, wipe, restore, find every record
with the same values — on SQLite (online backup API) and PostgreSQL
(pg_dump / pg_restore into the test database itself)."""

import datetime
import stat
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from comptoir.appointments.actions import book_appointment
from comptoir.appointments.models import BookingSource
from comptoir.journal.actions import record_activity
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity
from comptoir.ops.management.commands import backup as backup_module
from comptoir.people.models import Person
from comptoir.workshops import actions as workshop_actions
from tests.appointments.factories_public import at, make_desk
from tests.factories import PersonFactory, SessionFactory
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Every table these records touch, compared row by row after the restore.
COMPARED = [
    "auth.User",
    "venues.Venue",
    "venues.Membership",
    "people.Person",
    "journal.Activity",
    "journal.ActivityTheme",
    "appointments.AppointmentType",
    "appointments.Appointment",
    "appointments.SlotHold",
    "appointments.AppointmentTransition",
    "workshops.Workshop",
    "workshops.Session",
    "workshops.Registration",
    "helpdesk.HelpRequest",
    "notifications.Message",
    "audit.AuditEntry",
]


def snapshot() -> dict[str, list[dict]]:
    return {name: list(apps.get_model(name).objects.order_by("pk").values()) for name in COMPARED}


@pytest.fixture
def records(venue):
    """A little of everything: people, the journal, an appointment, a workshop seat,
    a walk-in, the messages they queued and the audit trail they left."""
    desk = make_desk(venue)
    mediator = desk.mediator
    PersonFactory(venue=venue, first_name="Élodie", phone="+33611111111")
    person = PersonFactory(venue=venue, first_name="Raymonde")
    record_activity(
        actor=mediator,
        venue=venue,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            place_type=PlaceType.VENUE,
            date=timezone.localdate() - datetime.timedelta(days=1),
            duration_minutes=35,
            person=person,
            mediator=mediator,
            notes="Créer une adresse e-mail — « première fois »",
        ),
        themes=[Theme.EMAIL, Theme.SOCIAL],
    )
    book_appointment(
        appointment_type=desk.kind,
        starts_at=at(3, 10),
        first_name="Josiane",
        phone="+33612345678",
        email="josiane@example.org",
        consent_to_reminders=True,
        source=BookingSource.ONLINE,
    )
    session = SessionFactory(workshop__venue=venue, capacity=4)
    workshop_actions.register(
        session=session, first_name="Marcel", email="marcel@example.org", consent_to_reminders=True
    )
    HelpRequestFactory(venue=venue, first_name="Ginette")
    before = snapshot()
    for name in ("people.Person", "journal.Activity", "appointments.Appointment"):
        assert before[name], f"no {name} created"
    assert len(before["notifications.Message"]) >= 4
    return before


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert Person.objects.count() == 0


def test_backup_wipe_restore_finds_every_record_with_the_same_values(records, tmp_path, capsys):
    target = tmp_path / f"before-the-upgrade{backup_module.SUFFIXES[connection.vendor]}"
    call_command("backup", output=str(target))
    out = capsys.readouterr().out
    assert target.is_file() and target.stat().st_size > 0
    assert f"Backup written: {target}" in out
    assert "people" in out and "journal activities" in out

    wipe()
    call_command("restore", str(target), interactive=False)
    out = capsys.readouterr().out
    assert f"Restored {target}" in out
    assert f"  {'people':<24} {len(records['people.Person']):>9}" in out

    after = snapshot()
    for name in COMPARED:
        assert after[name] == records[name], f"{name} differs after the restore"

    # The restored database works on: new rows get fresh numbers.
    newcomer = Person.objects.create(venue_id=records["venues.Venue"][0]["id"], first_name="Lou")
    assert newcomer.pk > max(row["id"] for row in records["people.Person"])


def test_the_default_file_is_dated_in_the_var_folder_and_private(
    records, settings, tmp_path, capsys
):
    settings.VAR_DIR = tmp_path
    call_command("backup")
    [made] = list((tmp_path / "backups").iterdir())
    suffix = backup_module.SUFFIXES[connection.vendor]
    assert made.name.startswith(f"comptoir-{timezone.localtime():%Y%m%d}-")
    assert made.name.endswith(suffix)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600  # it holds personal data
    assert not list((tmp_path / "backups").glob(".*partial"))
    assert "Backup written:" in capsys.readouterr().out


def test_keep_deletes_all_but_the_newest_backups(venue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "backups"
    folder.mkdir()
    suffix = backup_module.SUFFIXES[connection.vendor]
    for day in ("20250101", "20250102", "20250103"):
        (folder / f"comptoir-{day}-020000{suffix}").write_bytes(b"old")
    (folder / "notes.txt").write_text("kept: not a backup")
    call_command("backup", keep=2, verbosity=0)
    names = sorted(path.name for path in folder.iterdir())
    assert f"comptoir-20250101-020000{suffix}" not in names
    assert f"comptoir-20250102-020000{suffix}" not in names
    assert f"comptoir-20250103-020000{suffix}" in names
    assert "notes.txt" in names
    assert len(names) == 3


def test_restore_asks_before_replacing_everything(records, tmp_path, capsys):
    target = tmp_path / f"b{backup_module.SUFFIXES[connection.vendor]}"
    call_command("backup", output=str(target))
    wipe()
    with mock.patch("builtins.input", return_value="non"), pytest.raises(CommandError):
        call_command("restore", str(target))
    assert Person.objects.count() == 0  # nothing restored
    assert "will be replaced" in capsys.readouterr().out
    with mock.patch("builtins.input", return_value="oui"):
        call_command("restore", str(target))
    assert Person.objects.count() == len(records["people.Person"])
    wipe()
    name = str(connection.settings_dict["NAME"])
    with mock.patch("builtins.input", return_value=name):
        call_command("restore", str(target))
    assert Person.objects.count() == len(records["people.Person"])


def test_restore_refuses_a_file_that_is_not_a_backup(venue, tmp_path):
    junk = tmp_path / "notes.dump"
    junk.write_text("Ceci n’est pas une sauvegarde.")
    with pytest.raises(CommandError, match=r"is not a .* backup made by `manage.py backup`"):
        call_command("restore", str(junk), interactive=False)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.dump"), interactive=False)
    assert venue.pk  # the database is untouched
    assert Path(junk).read_text() == "Ceci n’est pas une sauvegarde."


# --- PostgreSQL specifics -------------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump / pg_restore"
)


@postgresql_only
def test_the_password_goes_to_pg_dump_in_its_environment_never_on_its_command_line(venue, tmp_path):
    password = connection.settings_dict["PASSWORD"]
    assert password
    with mock.patch.object(backup_module.subprocess, "run") as run:
        run.return_value.returncode = 0
        call_command("backup", output=str(tmp_path / "x.dump"), verbosity=0)
    (args,), kwargs = run.call_args
    assert not any(password in arg for arg in args)
    assert kwargs["env"]["PGPASSWORD"] == password
    assert kwargs["env"]["PGDATABASE"] == connection.settings_dict["NAME"]
    assert "--format=custom" in args


@postgresql_only
def test_a_missing_pg_dump_is_explained(venue, tmp_path):
    with (
        mock.patch.object(backup_module.shutil, "which", return_value=None),
        mock.patch.object(backup_module.glob, "glob", return_value=[]),
        pytest.raises(CommandError, match=r"pg_dump was not found.*apt install postgresql-client"),
    ):
        call_command("backup", output=str(tmp_path / "x.dump"))
    assert not (tmp_path / "x.dump").exists()


def test_pg_programs_are_found_in_the_postgresql_folders_when_not_on_path():
    with (
        mock.patch.object(backup_module.shutil, "which", return_value=None),
        mock.patch.object(
            backup_module.glob,
            "glob",
            return_value=[
                "/usr/lib/postgresql/9/bin/pg_dump",
                "/usr/lib/postgresql/15/bin/pg_dump",
            ],
        ),
    ):
        assert backup_module.find_pg_program("pg_dump") == "/usr/lib/postgresql/15/bin/pg_dump"
