"""CSV export of the journal, one column per field of the national activity report.

Column names follow the CRA export of La Coop de la médiation numérique
("export_accompagnements_columns"), whatever the interface language.
"""

from collections.abc import Iterable, Mapping
from typing import IO

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from comptoir.journal.cra import (
    ActivityType,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    WorkshopLevel,
)
from comptoir.journal.models import Activity, ActivityTheme
from comptoir.ops import spreadsheets
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.venues.models import Membership

COLUMNS = [
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Prénom du médiateur",
    "Nom du médiateur",
    "Rôle",
    "Type",
    "Participants",
    "Bénéficiaire",
    "Canaux d’accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d’autonomie (ou de l’atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "ID CRA",
]


def _label(choices, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def export_queryset(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("venue", "mediator").prefetch_related(
        Prefetch("themes", queryset=ActivityTheme.objects.order_by("-kind", "pk"))
    )


# User id → role label, or (venue id, user id) → role label when the export
# covers several venues (a mediator may hold different roles in two venues).
Roles = Mapping[int, str] | Mapping[tuple[int, int], str]


def _role(activity: Activity, roles: Roles) -> str:
    if not activity.mediator_id:
        return ""
    lookup: Mapping = roles
    return lookup.get((activity.venue_id, activity.mediator_id)) or lookup.get(
        activity.mediator_id, ""
    )


def activity_row(activity: Activity, roles: Roles) -> list[str]:
    venue = activity.venue
    at_venue = activity.place_type == PlaceType.VENUE
    mediator = activity.mediator
    local = timezone.localtime
    themes = [t.label for t in activity.themes.all()]
    level = (
        _label(WorkshopLevel, activity.level)
        if activity.type == ActivityType.COLLECTIVE
        else _label(Autonomy, activity.autonomy)
    )
    if activity.type == ActivityType.COLLECTIVE:
        beneficiary = ""
    else:
        beneficiary = "Suivi" if activity.person_id else "Anonyme"
    return [
        activity.date.isoformat(),
        local(activity.created_at).strftime("%Y-%m-%d %H:%M"),
        local(activity.updated_at).strftime("%Y-%m-%d %H:%M"),
        mediator.first_name if mediator else "",
        mediator.last_name if mediator else "",
        _role(activity, roles),
        _label(ActivityType, activity.type),
        str(activity.head_count),
        beneficiary,
        _label(PlaceType, activity.place_type),
        venue.name if at_venue else "",
        venue.address if at_venue else "",
        venue.commune if at_venue else activity.place_commune,
        venue.postal_code if at_venue else activity.place_postal_code,
        venue.insee_code if at_venue else "",
        str(activity.duration_minutes),
        activity.workshop_title,
        ", ".join(_label(Equipment, e) for e in activity.equipment),
        ", ".join(themes),
        "",
        activity.procedure_name,
        level,
        "Oui" if activity.referred else "Non",
        _label(ReferralStructure, activity.referral_structure),
        activity.commune,
        activity.postal_code,
        activity.insee_code,
        _label(Gender, activity.gender),
        _label(AgeBracket, activity.age_bracket),
        _label(SocialStatus, activity.social_status),
        str(activity.pk),
    ]


def write_csv(activities: QuerySet[Activity], out: IO[str], roles: Roles, progress=None) -> int:
    """Write the CSV to `out`; returns the number of activities written.

    `progress(n)` is called every 1,000 rows for long exports.
    """
    writer = spreadsheets.csv_writer(out)
    count = 0
    with translation.override("fr"):
        writer.writerow(COLUMNS)
        for activity in export_queryset(activities).iterator(chunk_size=1000):
            writer.writerow(activity_row(activity, roles))
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    return count


def mediator_roles(venue) -> dict[int, str]:
    """User id → French role label at the venue, for the 'Rôle' column."""
    with translation.override("fr"):
        return {
            m.user_id: str(m.get_role_display()) for m in venue.memberships.only("user_id", "role")
        }


def mediator_roles_at(venue_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """(venue id, user id) → French role label, for an export over several venues:
    each activity shows its mediator's role at the activity's venue."""
    memberships = Membership.objects.filter(venue_id__in=list(venue_ids)).only(
        "venue_id", "user_id", "role"
    )
    with translation.override("fr"):
        return {(m.venue_id, m.user_id): str(m.get_role_display()) for m in memberships}


def iter_csv_lines(activities: QuerySet[Activity], roles: Roles) -> Iterable[str]:
    """The same CSV, line by line, for a streaming HTTP response."""

    class _Line:
        def write(self, value: str) -> str:
            return value

    writer = spreadsheets.csv_writer(_Line())
    with translation.override("fr"):
        yield "\ufeff"  # BOM: spreadsheet software then reads the accents right
        yield writer.writerow(COLUMNS)
        for activity in export_queryset(activities).iterator(chunk_size=1000):
            yield writer.writerow(activity_row(activity, roles))
