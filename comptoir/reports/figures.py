"""Every figure of the dashboards and funder reports, from the journal only.

`compute(scope)` gives them for any venues and period: whole months come from
the monthly figures `rollup.py` keeps per venue (so a year of a network reads a
few hundred small rows, not a million activities), the days of partial months
straight from the journal; `compute_live(scope)` reads everything from the
journal and is the reference the tests hold `compute()` to. `build_report(scope)`
adds the previous period and turns the figures into labelled tables that the
dashboard, the charts, the PDF and the XLSX all show the same way.

Definitions (also written under the dashboard):
- an *activity* is one row of the journal: an individual accompaniment or one
  collective session;
- *accompaniments* count people helped per activity: 1 for an individual
  accompaniment, the head count for a collective one (the CRA's definition);
- *people reached* are the distinct known people (a person helped ten times
  counts once) plus the anonymous ones: each anonymous individual
  accompaniment, and each unnamed participant of a collective session;
- a known person is *new* when they had no accompaniment at these venues
  before the period, *returning* otherwise;
- age, gender, status and commune describe the people reached: a known person
  once (as their record says), an anonymous accompaniment as it was recorded,
  unnamed participants as "not given";
- *hours of mediation* add the duration of every activity (a session counts
  its length once, whatever the number of participants);
- the *no-show rate* is the share of bookings (appointments and workshop
  seats) the person did not honour: missed ÷ (missed + honoured).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comptoir.journal.cra import (
    ActivityType,
    Autonomy,
    PlaceType,
    ProcedureTheme,
    ReferralStructure,
    Theme,
)
from comptoir.journal.models import Activity, ActivityTheme, Source
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.people.models import Person
from comptoir.reports.disclosure import Hidden, is_hidden, protect_report, shown
from comptoir.reports.scope import Scope
from comptoir.venues.models import VenueKind

INDIVIDUAL = Q(type=ActivityType.INDIVIDUAL)
COLLECTIVE = Q(type=ActivityType.COLLECTIVE)
NOT_GIVEN = "non_communique"
DESCRIPTION_FIELDS = ("age_bracket", "gender", "social_status", "insee_code", "commune")


@dataclass
class Figures:
    """Raw figures of one scope, keyed by the journal's codes."""

    scope: Scope
    activities: int = 0
    individual: int = 0
    collective_sessions: int = 0
    collective_participants: int = 0
    minutes: int = 0
    referred: int = 0
    outside_venue: int = 0
    people_known: int = 0
    people_returning: int = 0
    anonymous_individual: int = 0
    unnamed_participants: int = 0
    missed_bookings: int = 0
    honoured_bookings: int = 0
    known_participant_links: int = 0
    by_month: dict[datetime.date, dict[str, int]] = field(default_factory=dict)
    by_format: Counter = field(default_factory=Counter)
    hours_by_format: Counter = field(default_factory=Counter)
    themes: Counter = field(default_factory=Counter)
    procedures: Counter = field(default_factory=Counter)
    autonomy: Counter = field(default_factory=Counter)
    referrals: Counter = field(default_factory=Counter)
    age_brackets: Counter = field(default_factory=Counter)
    genders: Counter = field(default_factory=Counter)
    social_statuses: Counter = field(default_factory=Counter)
    communes: Counter = field(default_factory=Counter)  # (insee_code, name) → people
    commune_ages: Counter = field(default_factory=Counter)  # (insee_code, bracket) → people

    @property
    def accompaniments(self) -> int:
        return self.individual + self.collective_participants

    @property
    def people_anonymous(self) -> int:
        return self.anonymous_individual + self.unnamed_participants

    @property
    def people_reached(self) -> int:
        return self.people_known + self.people_anonymous

    @property
    def people_new(self) -> int:
        return self.people_known - self.people_returning

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def no_show_rate(self) -> float | None:
        """Percentage, or None when nothing was booked."""
        booked = self.missed_bookings + self.honoured_bookings
        if not booked:
            return None
        return round(100 * self.missed_bookings / booked, 1)


def additive(scope: Scope) -> dict:
    """The figures that add up across venues and months (everything but the
    distinct people), as plain JSON data: what `rollup` keeps per venue and
    month. Seven aggregate queries."""
    activities = scope.activities()
    totals = activities.aggregate(
        activities=Count("pk"),
        individual=Count("pk", filter=INDIVIDUAL),
        collective_sessions=Count("pk", filter=COLLECTIVE),
        collective_participants=Sum("head_count", filter=COLLECTIVE, default=0),
        minutes=Sum("duration_minutes", default=0),
        referred=Count("pk", filter=Q(referred=True)),
        outside_venue=Count(
            "pk", filter=~Q(place_type=PlaceType.VENUE) | Q(venue__kind=VenueKind.OUTREACH)
        ),
        anonymous_individual=Count("pk", filter=INDIVIDUAL & Q(person__isnull=True)),
        honoured_appointments=Count("pk", filter=Q(source=Source.APPOINTMENT)),
    )
    links = scope.participant_links().aggregate(
        all=Count("pk"), workshop=Count("pk", filter=Q(activity__source=Source.WORKSHOP))
    )
    months = [
        [
            as_date(row["month"]).isoformat(),
            row["type"],
            row["source"],
            row["n"],
            row["people"],
            row["minutes"],
        ]
        for row in activities.annotate(month=TruncMonth("date"))
        .values("month", "type", "source")
        .annotate(n=Count("pk"), people=Sum("head_count"), minutes=Sum("duration_minutes"))
        .order_by()
    ]
    themes = [
        [row["kind"], row["code"], row["n"]]
        for row in scope.themes().values("kind", "code").annotate(n=Count("pk")).order_by()
    ]
    outcomes = [
        [row["type"], row["autonomy"], row["referred"], row["referral_structure"], row["n"]]
        for row in activities.values("type", "autonomy", "referred", "referral_structure")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    # Who the anonymous people are, one count per dimension (not per
    # combination: a month of a busy venue would give thousands of rows).
    described = Figures(scope=scope)
    for row in (
        activities.filter(INDIVIDUAL, person__isnull=True)
        .values(*DESCRIPTION_FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        describe(described, row, row["n"])
    anonymous = {
        "ages": described.age_brackets,
        "genders": described.genders,
        "statuses": described.social_statuses,
        "communes": [[code, name, n] for (code, name), n in described.communes.items()],
        "commune_ages": [[code, age, n] for (code, age), n in described.commune_ages.items()],
    }
    return {
        "totals": totals,
        "links": links,
        "months": months,
        "themes": themes,
        "outcomes": outcomes,
        "anonymous": anonymous,
        "missed": scope.missed_bookings().count(),
    }


def as_date(value) -> datetime.date:
    """A date, whether the database gave a date or a datetime (TruncMonth)."""
    return value.date() if isinstance(value, datetime.datetime) else value


def add_up(figures: "Figures", payload: dict, sign: int = 1) -> None:
    """Add one `additive()` payload to the figures (or take it away: `sign=-1`,
    for the days of a month outside the period, see rollup.py)."""
    totals = payload["totals"]
    for name in TOTALS:
        setattr(figures, name, getattr(figures, name) + sign * (totals[name] or 0))
    figures.honoured_bookings += sign * (
        totals["honoured_appointments"] + payload["links"]["workshop"]
    )
    figures.known_participant_links += sign * payload["links"]["all"]
    by_month, by_format, hours = figures.by_month, figures.by_format, figures.hours_by_format
    for month, kind, source, n, people, minutes in payload["months"]:
        bucket = by_month.get(month)
        if bucket is None:
            bucket = by_month[month] = {"individual": 0, "collective": 0, "participants": 0}
        if kind == ActivityType.INDIVIDUAL:
            bucket["individual"] += sign * n
            by_format[source] += sign * n
        else:
            bucket["collective"] += sign * n
            bucket["participants"] += sign * people
            by_format[source] += sign * people
        hours[source] += sign * minutes
    for kind, code, n in payload["themes"]:
        target = figures.themes if kind == ActivityTheme.Kind.THEME else figures.procedures
        target[code] += sign * n
    for kind, autonomy, referred, structure, n in payload["outcomes"]:
        if kind == ActivityType.INDIVIDUAL:
            figures.autonomy[autonomy or NOT_GIVEN] += sign * n
        if referred:
            figures.referrals[structure or ReferralStructure.OTHER] += sign * n
    anonymous = payload["anonymous"]
    for target, counts in (
        (figures.age_brackets, anonymous["ages"]),
        (figures.genders, anonymous["genders"]),
        (figures.social_statuses, anonymous["statuses"]),
    ):
        for key, n in counts.items():
            target[key] += sign * n
    communes, commune_ages = figures.communes, figures.commune_ages
    for code, name, n in anonymous["communes"]:
        communes[(code, name)] += sign * n
    for code, age, n in anonymous["commune_ages"]:
        commune_ages[(code, age)] += sign * n
    figures.missed_bookings += sign * payload["missed"]


TOTALS = (
    "activities",
    "individual",
    "collective_sessions",
    "collective_participants",
    "minutes",
    "referred",
    "outside_venue",
    "anonymous_individual",
)


def describe(figures: "Figures", row: dict, n: int) -> None:
    figures.age_brackets[row["age_bracket"] or NOT_GIVEN] += n
    figures.genders[row["gender"] or NOT_GIVEN] += n
    figures.social_statuses[row["social_status"] or NOT_GIVEN] += n
    commune = _commune_key(row)
    figures.communes[commune] += n
    if commune[0]:
        figures.commune_ages[(commune[0], row["age_bracket"] or NOT_GIVEN)] += n


def count_people(figures: "Figures", known_ids, before_ids) -> None:
    """The distinct known people (`known_ids`: a query of person ids, duplicates
    allowed), who they are (as their record says), and how many of them are
    among `before_ids` (people who had come before the period). Two queries.

    One IN over a UNION, not an OR of two INs, which PostgreSQL cannot turn into
    a join; the returning people in their own semi-join: as a FILTER beside the
    description, PostgreSQL would run the subquery once per person."""
    known = Person.objects.filter(pk__in=known_ids)
    rows = list(known.values(*DESCRIPTION_FIELDS).annotate(n=Count("pk")).order_by())
    figures.people_known = sum(row["n"] for row in rows)
    figures.people_returning = known.filter(pk__in=before_ids).count() if rows else 0
    for row in rows:
        describe(figures, row, row["n"])


def finish(figures: "Figures") -> "Figures":
    """What follows from the sums: unnamed participants, months without activity."""
    figures.unnamed_participants = max(
        0, figures.collective_participants - figures.known_participant_links
    )
    if figures.unnamed_participants:
        for counter in (figures.age_brackets, figures.genders, figures.social_statuses):
            counter[NOT_GIVEN] += figures.unnamed_participants
        figures.communes[("", "")] += figures.unnamed_participants
    for name in COUNTERS:  # a month less its days outside the period leaves zeros
        setattr(figures, name, +getattr(figures, name))
    empty = {"individual": 0, "collective": 0, "participants": 0}
    figures.by_month = {
        month: figures.by_month.get(month.isoformat(), dict(empty))
        for month in figures.scope.period.months()
    }
    return figures


COUNTERS = (
    "by_format",
    "hours_by_format",
    "themes",
    "procedures",
    "autonomy",
    "referrals",
    "age_brackets",
    "genders",
    "social_statuses",
    "communes",
    "commune_ages",
)


def people_id_queries(scope: Scope, activities=None) -> list:
    """Queries of the ids of the known people of `scope` (individual, and named
    participants), with duplicates: to combine in one UNION inside `pk__in`."""
    activities = scope.activities() if activities is None else activities
    through = Activity.participants.through
    return [
        activities.filter(INDIVIDUAL, person__isnull=False).values("person_id").order_by(),
        through.objects.filter(activity__in=activities).values("person_id").order_by(),
    ]


def union(queries: list):
    first, *rest = queries
    return first.union(*rest) if rest else first


def compute_live(scope: Scope) -> Figures:
    """Every figure straight from the journal (nine queries, each reading the
    whole period): the reference `compute()` must always agree with."""
    figures = Figures(scope=scope)
    add_up(figures, additive(scope))
    count_people(
        figures,
        union(people_id_queries(scope)),
        union(people_id_queries(scope, scope.activities_before())),
    )
    return finish(figures)


def compute(scope: Scope) -> Figures:
    """Every figure of `scope`: whole months from the per-venue monthly figures
    kept by `rollup` (refreshed first if the journal changed), the days of
    partial months at the edges straight from the journal."""
    from comptoir.reports import rollup

    return rollup.compute(scope)


def _commune_key(row: dict) -> tuple[str, str]:
    name = (row["commune"] or "").strip()
    return (row["insee_code"] or "", name)


# --- Labelled tables, shared by the dashboard, the charts, the PDF and the XLSX.


@dataclass
class KeyFigure:
    key: str
    label: str
    value: float | int | None
    previous: float | int | None = None
    unit: str = ""  # "%" or "h"

    @property
    def change(self) -> float | None:
        """Change from the previous period, in percent (None when not comparable,
        or when either figure is withheld)."""
        value, previous = shown(self.value), shown(self.previous)
        if value is None or previous in (None, 0):
            return None
        return round(100 * (value - previous) / previous, 1)


@dataclass
class Row:
    key: str
    label: str
    value: int | Hidden
    previous: int | Hidden | None = None


@dataclass
class Table:
    key: str
    title: str
    value_label: str
    rows: list[Row]
    chart: str = "bars"  # "bars" (horizontal) or "months" (columns over time)
    note: str = ""
    # Set by disclosure.protect_report() for a reader without exact figures:
    # the totals as the reader may see them, and whether the detail is withheld.
    protected_total: int | Hidden | None = None
    protected_previous_total: int | Hidden | None = None
    withheld: bool = False

    @property
    def total(self) -> int | Hidden:
        if self.protected_total is not None:
            return self.protected_total
        return sum(row.value for row in self.rows)  # type: ignore[misc]

    @property
    def previous_total(self) -> int | Hidden:
        if self.protected_previous_total is not None:
            return self.protected_previous_total
        return sum(row.previous or 0 for row in self.rows)  # type: ignore[misc]

    @property
    def max_value(self) -> int:
        return max((row.value for row in self.rows if not is_hidden(row.value)), default=0)


@dataclass
class MonthRow:
    month: datetime.date
    individual: int | Hidden
    collective: int | Hidden
    participants: int | Hidden
    protected_accompaniments: int | Hidden | None = None  # see disclosure.py

    @property
    def accompaniments(self) -> int | Hidden:
        if self.protected_accompaniments is not None:
            return self.protected_accompaniments
        return self.individual + self.participants  # type: ignore[operator]


@dataclass
class Report:
    scope: Scope
    figures: Figures
    previous: Figures | None
    key_figures: list[KeyFigure]
    months: list[MonthRow]
    tables: list[Table]
    # Set by disclosure.protect_report(): small counts are withheld, and the
    # months' totals as the reader may see them.
    protected: bool = False
    protected_month_totals: dict[str, int | Hidden] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def key_figure(self, key: str) -> KeyFigure:
        return next(figure for figure in self.key_figures if figure.key == key)

    def month_total(self, name: str) -> int | Hidden:
        """The total of a column of the months ("individual", "collective",
        "participants", "accompaniments")."""
        if name in self.protected_month_totals:
            return self.protected_month_totals[name]
        return sum(getattr(month, name) for month in self.months)


def _rows(choices, current: Counter, previous: Counter | None, keep_empty=False) -> list[Row]:
    rows = []
    for value, label in choices.choices:
        n = current.get(value, 0)
        before = previous.get(value, 0) if previous is not None else None
        if n or before or keep_empty:
            rows.append(Row(value, str(label), n, before))
    return rows


def _commune_rows(current: Counter, previous: Counter | None, limit: int = 15) -> list[Row]:
    """The communes with most people reached, then "other communes" and "not given"."""

    def merged(counter: Counter) -> Counter:
        result = Counter()
        for (code, name), n in counter.items():
            result[code or name.casefold()] += n
        return result

    names = {}
    for (code, name), _n in [*current.items(), *(previous or {}).items()]:
        names.setdefault(code or name.casefold(), name or code)
    now, before = merged(current), merged(previous) if previous is not None else None
    unknown = now.pop("", 0)
    unknown_before = before.pop("", 0) if before is not None else None
    ranked = sorted(now.items(), key=lambda item: (-item[1], names[item[0]]))
    rows = [
        Row(key, names[key], n, before.get(key, 0) if before is not None else None)
        for key, n in ranked[:limit]
    ]
    rest = ranked[limit:]
    if rest:
        shown = {key for key, _n in ranked[:limit]}
        rows.append(
            Row(
                "autres",
                str(_("Autres communes")),
                sum(n for _key, n in rest),
                sum(n for key, n in before.items() if key not in shown) if before else None,
            )
        )
    if unknown or unknown_before:
        rows.append(Row(NOT_GIVEN, str(_("Non communiquée")), unknown, unknown_before))
    return rows


def outside_note(n) -> str:
    return str(
        _("Hors les murs : %(n)s activités dans un lieu partenaire ou hors du lieu.") % {"n": n}
    )


def build_report(scope: Scope, *, exact: bool, compare: bool = True) -> Report:
    """The labelled figures of `scope`. `exact`: the reader may see every count
    (see scope.exact_figures()); otherwise small counts are withheld
    (disclosure.py) before anything is drawn from the report."""
    current = compute(scope)
    previous = compute(scope.previous()) if compare else None

    def key(name, label, unit=""):
        value = getattr(current, name)
        before = getattr(previous, name) if previous is not None else None
        return KeyFigure(name, str(label), value, before, unit)

    key_figures = [
        key("accompaniments", _("Accompagnements")),
        key("individual", _("Accompagnements individuels")),
        key("collective_sessions", _("Séances collectives")),
        key("collective_participants", _("Participations aux séances collectives")),
        key("people_reached", _("Personnes accompagnées")),
        key("people_known", _("dont personnes connues")),
        key("people_anonymous", _("dont personnes anonymes")),
        key("people_new", _("Nouvelles personnes")),
        key("people_returning", _("Personnes déjà venues")),
        key("hours", _("Heures de médiation"), "h"),
        key("referred", _("Réorientations")),
        key("no_show_rate", _("Taux d’absence aux rendez-vous et ateliers"), "%"),
    ]
    months = [
        MonthRow(month, row["individual"], row["collective"], row["participants"])
        for month, row in current.by_month.items()
    ]
    prev = previous
    accompaniments = _("Accompagnements")
    people = _("Personnes")
    activities = _("Activités")
    tables = [
        Table(
            "type",
            str(_("Accompagnements par type")),
            str(accompaniments),
            [
                Row(
                    ActivityType.INDIVIDUAL,
                    str(ActivityType.INDIVIDUAL.label),
                    current.individual,
                    prev.individual if prev else None,
                ),
                Row(
                    ActivityType.COLLECTIVE,
                    str(ActivityType.COLLECTIVE.label),
                    current.collective_participants,
                    prev.collective_participants if prev else None,
                ),
            ],
        ),
        Table(
            "format",
            str(_("Accompagnements par service")),
            str(accompaniments),
            _rows(Source, current.by_format, prev.by_format if prev else None),
            note=outside_note(current.outside_venue),
        ),
        Table(
            "themes",
            str(_("Thématiques")),
            str(activities),
            sorted(
                _rows(Theme, current.themes, prev.themes if prev else None),
                key=lambda row: -row.value,
            ),
            note=str(_("Une activité peut avoir plusieurs thématiques.")),
        ),
        Table(
            "procedures",
            str(_("Démarches administratives")),
            str(activities),
            sorted(
                _rows(ProcedureTheme, current.procedures, prev.procedures if prev else None),
                key=lambda row: -row.value,
            ),
        ),
        Table(
            "ages",
            str(_("Tranches d’âge")),
            str(people),
            _rows(AgeBracket, current.age_brackets, prev.age_brackets if prev else None, True),
        ),
        Table(
            "genders",
            str(pgettext_lazy("report", "Genre")),
            str(people),
            _rows(Gender, current.genders, prev.genders if prev else None, True),
        ),
        Table(
            "statuses",
            str(_("Situation")),
            str(people),
            _rows(
                SocialStatus, current.social_statuses, prev.social_statuses if prev else None, True
            ),
        ),
        Table(
            "communes",
            str(_("Communes de résidence")),
            str(people),
            _commune_rows(current.communes, prev.communes if prev else None),
        ),
        Table(
            "autonomy",
            str(_("Autonomie atteinte (accompagnements individuels)")),
            str(accompaniments),
            _rows(Autonomy, current.autonomy, prev.autonomy if prev else None)
            + (
                [
                    Row(
                        NOT_GIVEN,
                        str(_("Non renseignée")),
                        current.autonomy.get(NOT_GIVEN, 0),
                        prev.autonomy.get(NOT_GIVEN, 0) if prev else None,
                    )
                ]
                if current.autonomy.get(NOT_GIVEN) or (prev and prev.autonomy.get(NOT_GIVEN))
                else []
            ),
        ),
        Table(
            "referrals",
            str(_("Réorientations par structure")),
            str(activities),
            _rows(ReferralStructure, current.referrals, prev.referrals if prev else None),
        ),
    ]
    report = Report(scope, current, previous, key_figures, months, tables)
    return report if exact else protect_report(report)
