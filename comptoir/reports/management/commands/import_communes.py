"""Import the communes of the territory for the diagnostic page.

python manage.py import_communes FILE.csv [--qpv QPV.csv] [--ages AGES.csv] [--dry-run]

FILE is INSEE's list of communes with their municipal population; --qpv the
ANCT list of priority neighbourhoods; --ages INSEE's population by age. Where
to download them and the columns expected: docs/territory.md. Valid rows are
imported (a commune already there is updated), invalid ones are listed with
their line number; a file whose columns are not recognised is refused whole and
nothing is written. Running it twice gives the same result.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from comptoir.reports import importing


class Command(BaseCommand):
    help = (
        "Import the communes of the territory (code, name, municipal population) from "
        "INSEE's “populations légales” CSV (insee.fr, Populations légales, file "
        "donnees_communes.csv; or the COG / comparateur de territoires files: columns "
        "COM or CODGEO, LIBELLE or LIBGEO, PMUN or P21_POP). Optionally flag the communes "
        "with a priority neighbourhood (--qpv: the ANCT list of QPV, column insee_com) and "
        "store the population by age bracket (--ages: INSEE's population by single year "
        "of age, columns CODGEO, AGED100, NB). See docs/territory.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV of the communes and their population (INSEE)")
        parser.add_argument(
            "--qpv",
            metavar="QPV.csv",
            help=(
                "CSV of the priority neighbourhoods (ANCT), with a commune code column. "
                "Every commune's flag is reset, then set for the communes listed."
            ),
        )
        parser.add_argument(
            "--ages",
            metavar="AGES.csv",
            help="CSV of the population by age per commune (INSEE, CODGEO;AGED100;…;NB).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything, report what would change, write nothing.",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            communes = importing.read_communes(options["file"])
            priority = importing.read_priority_codes(options["qpv"]) if options["qpv"] else None
            ages = importing.read_population_by_age(options["ages"]) if options["ages"] else None
        except importing.UnreadableFile as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        if not communes.rows:
            raise CommandError(
                f"{options['file']}: no valid commune in the file "
                f"({len(communes.rejected)} rejected lines). Nothing was imported."
            )
        self.stdout.write(f"Importing {len(communes.rows)} communes…")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done} / {total}")

        summary = importing.import_communes(
            communes=communes,
            priority_codes=priority,
            ages=ages,
            dry_run=options["dry_run"],
            progress=progress,
        )
        for line, reason in summary.rejected:
            self.stdout.write(f"  line {line} rejected: {reason}")
        for line, reason in summary.ages_rejected:
            self.stdout.write(f"  {options['ages']}, line {line} rejected: {reason}")
        lines = [
            f"{summary.created} communes created, {summary.updated} updated, "
            f"{len(summary.rejected)} lines rejected."
        ]
        if summary.priority_flagged is not None:
            lines.append(
                "Priority neighbourhoods: every commune's flag was reset, "
                f"{summary.priority_flagged} communes flagged"
                + (
                    f" ({len(summary.priority_unknown)} codes of the list are not among the "
                    f"communes: {', '.join(summary.priority_unknown[:10])}"
                    + ("…" if len(summary.priority_unknown) > 10 else "")
                    + ")"
                    if summary.priority_unknown
                    else ""
                )
                + "."
            )
        if summary.with_ages is not None:
            lines.append(
                f"Population by age stored for {summary.with_ages} communes"
                + (
                    f" ({len(summary.ages_unknown)} codes of the age file are not among the "
                    "communes)"
                    if summary.ages_unknown
                    else ""
                )
                + (
                    f", {len(summary.ages_rejected)} lines rejected"
                    if summary.ages_rejected
                    else ""
                )
                + "."
            )
        if options["dry_run"]:
            lines.append("Dry run: nothing was written.")
        lines.append(f"Done in {time.monotonic() - started:.1f} s.")
        for line in lines:
            self.stdout.write(line)
