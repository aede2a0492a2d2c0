"""`manage.py load_demo`: fill an empty database with demo data.

Creates one network with a café tiers-lieu and a partner place "hors les murs",
their opening hours and closures, the demo staff (password "comptoir-demo"),
about two hundred people and six months of journal activity. People and
activities go through the same functions as the application
(`people.actions.create_person`, `journal.actions.record_activity`), so the
audit trail is filled too.

Everything is fictional: names are common first names or nicknames, phone
numbers are in the unassigned 06 00 range and e-mail addresses use example.org.
The data depends only on `--seed` and on today's date (dates are relative to
it), so two runs on the same day give the same database.

Because the demo logins share a publicly known password, the command refuses to
run when `DEBUG` is off unless `--force` is given. The content and the
generation live in `comptoir.demo`; this module only parses the
arguments, checks the database is empty and reports progress.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from comptoir.demo.badges import build_badges
from comptoir.demo.builder import DemoBuilder, counts
from comptoir.demo.data import CAFE_PEOPLE, DEMO_PASSWORD, LOGINS, PARTNER_PEOPLE
from comptoir.demo.repair import build_repair
from comptoir.demo.reuse import build_reuse
from comptoir.demo.services import build_appointments, build_helpdesk
from comptoir.demo.territory import load_communes
from comptoir.demo.workshops import build_workshops
from comptoir.venues.models import Venue


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: two venues, staff logins (password "
        f"“{DEMO_PASSWORD}”), about 200 people and six months of journal activity. "
        "Only runs with DEBUG on, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has venues.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Seed of the random generator (default: 2026). Dates are relative to today.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Load the demo even when DEBUG is off. The demo logins share a publicly "
                "known password: never use this on a real instance."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load the demo data: DEBUG is off, so this looks like a real "
                f"instance, and the demo logins share the public password “{DEMO_PASSWORD}”. "
                "Run with DEBUG=true, or pass --force if you really mean it."
            )
        try:
            has_venues = Venue.objects.exists()
        except DatabaseError as error:
            raise CommandError(
                f"The database is not ready ({error}). Run `python manage.py migrate` first."
            ) from error
        if has_venues:
            if options["if_empty"]:
                self.stdout.write("Demo data already present, nothing to do.")
                return
            raise CommandError(
                "The database already has venues: load_demo only fills an empty database. "
                "Use --if-empty to skip silently, or start from a fresh database."
            )
        taken = sorted(
            get_user_model().objects.filter(username__in=LOGINS).values_list("username", flat=True)
        )
        if taken:
            raise CommandError(
                f"These demo logins already exist: {', '.join(taken)}. "
                "load_demo only fills an empty database."
            )

        started = time.monotonic()
        today = timezone.localdate()
        builder = DemoBuilder(seed=options["seed"], today=today, stdout=self.stdout)
        with transaction.atomic():
            self.stdout.write("Creating the network, venues and staff…")
            cafe, partner = builder.build_venues()
            builder.build_staff(cafe, partner)
            self.stdout.write(f"Creating {CAFE_PEOPLE + PARTNER_PEOPLE} people…")
            builder.build_people(cafe, partner)
            self.stdout.write(f"Recording activities from {builder.start:%d/%m/%Y} to yesterday…")
            builder.build_journal(cafe, partner)
            builder.backdate([cafe, partner])
            self.stdout.write("Booking appointments and opening the café numérique…")
            appointments = build_appointments(builder, cafe, partner)
            walk_ins = build_helpdesk(builder, cafe)
            build_badges(builder, cafe)
            self.stdout.write("Scheduling workshops and taking attendance…")
            workshops = build_workshops(builder, cafe, partner)
            self.stdout.write("Collecting, erasing and reconditioning devices…")
            reuse = build_reuse(builder, cafe)
            self.stdout.write("Holding a repair café…")
            repair = build_repair(builder, cafe, partner)
            load_communes(self.stdout)

        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
        total = counts()
        self.stdout.write(f"  networks:   {total['networks']}")
        self.stdout.write(
            f"  venues:     {total['venues']} ({total['partner_places']} partner place)"
        )
        self.stdout.write(f"  staff:      {total['staff']}")
        self.stdout.write(f"  people:     {total['people']}")
        self.stdout.write(f"  activities: {total['activities']}")
        self.stdout.write(f"  appointments: {appointments}")
        self.stdout.write(f"  walk-ins this morning: {walk_ins}")
        self.stdout.write(
            f"  workshops: {workshops['workshops']} in the catalogue, "
            f"{workshops['sessions']} sessions, {workshops['registrations']} registrations"
        )
        self.stdout.write(
            f"  devices:    {reuse['devices']} from {reuse['donations']} donations, "
            f"{reuse['parts']} parts salvaged"
        )
        self.stdout.write(
            f"  repair café: {repair['events']} events, {repair['items']} items "
            f"({repair['fixed']} fixed)"
        )
        self.stdout.write(f"Logins (password “{DEMO_PASSWORD}”): {', '.join(LOGINS)}")
