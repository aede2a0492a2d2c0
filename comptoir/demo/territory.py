"""Demo content: the communes around the demo venues, for the territorial diagnostic.

About thirty communes of the Rhône (the Lyon arrondissements and the towns the
demo's people come from), with their population, priority neighbourhoods and
population by age bracket. The figures are approximated round numbers, made
for the demo: the real ones come from INSEE (see docs/territory.md). They go
through the same import as `manage.py import_communes`.
"""

from pathlib import Path

from comptoir.reports import importing

DATA = Path(__file__).resolve().parent / "communes"
COMMUNES = DATA / "communes-rhone.csv"
PRIORITY_AREAS = DATA / "communes-rhone-qpv.csv"
AGES = DATA / "communes-rhone-ages.csv"


def load_communes(stdout=None) -> importing.ImportSummary:
    """Import the demo's communes (idempotent: a second run updates them)."""
    summary = importing.import_communes(
        communes=importing.read_communes(COMMUNES),
        priority_codes=importing.read_priority_codes(PRIORITY_AREAS),
        ages=importing.read_population_by_age(AGES),
    )
    if stdout is not None:
        stdout.write(
            f"Importing {summary.created + summary.updated} communes of the Rhône "
            f"({summary.priority_flagged} with a priority neighbourhood)…"
        )
    return summary
