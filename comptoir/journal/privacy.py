"""What the journal keeps about a person (see comptoir/people/privacy.py).

Activities stay after an erasure: they hold the anonymous description the
statistics need. Only the notes of the person's individual activities (free
text that may name them) are cleared; the notes of a collective session are
about the group and stay.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.journal.models import Activity, MissedBooking
from comptoir.people.privacy import Section, record, register
from comptoir.venues.roles import Capability

ACTIVITY_FIELDS = (
    "date",
    "type",
    "duration_minutes",
    "place_type",
    "procedure_name",
    "autonomy",
    "level",
    "workshop_title",
    "referred",
    "referral_structure",
)


def export(person) -> list[dict]:
    themes = str(_("thématiques"))
    rows = []
    individual = Activity.objects.filter(person=person).prefetch_related("themes")
    collective = person.collective_activities.prefetch_related("themes")
    for activity in sorted(
        [*individual.order_by(), *collective.order_by()], key=lambda a: (a.date, a.pk)
    ):
        extra = {themes: [t.label for t in activity.themes.all()]}
        fields = ACTIVITY_FIELDS + (() if activity.is_collective else ("notes",))
        rows.append(record(activity, fields + ("created_at",), **extra))
    return rows


def export_missed(person) -> list[dict]:
    return [
        record(missed, ("date", "source"))
        for missed in MissedBooking.objects.filter(person=person).order_by("date", "pk")
    ]


def erase(person_ids: list[int], *, actor, now) -> None:
    # Notes are not in any figure: a queryset update needs no rollup.touch().
    Activity.objects.filter(person_id__in=person_ids).exclude(notes="").update(notes="")


def recent_contact(cutoff) -> list[Exists]:
    day = timezone.localdate(cutoff)
    through = Activity.participants.through
    return [
        Exists(Activity.objects.filter(person=OuterRef("pk"), date__gte=day)),
        Exists(through.objects.filter(person_id=OuterRef("pk"), activity__date__gte=day)),
        Exists(MissedBooking.objects.filter(person=OuterRef("pk"), date__gte=day)),
    ]


register(
    Section(
        key="journal",
        label=_("Accompagnements"),
        export=export,
        capability=Capability.VIEW_JOURNAL,
        erase=erase,
        recent_contact=recent_contact,
        order=10,
    )
)
register(
    Section(
        key="journal_missed",
        label=_("Absences"),
        export=export_missed,
        capability=Capability.VIEW_JOURNAL,
        order=11,
    )
)
