"""Small counts withheld from readers without exact figures (statistical
disclosure control): a funder picking one venue and one month must not read
"1 person aged 70 or over, from Saint-Jorioz, retired".

Who: a reader gets exact figures only when their role at *every* venue of the
report gives `Capability.VIEW_EXACT_FIGURES` (coordinators and mediators, who
see the journal anyway). Viewers (funders, network partners) never do.

Rule (written out in docs/privacy.md, "Petits effectifs"):

- *primary suppression*: a count from 1 to SMALL_COUNT - 1 is shown as
  "< 5"; zero stays 0 (it says nobody of that kind came, about no one);
- *secondary suppression*: wherever figures add up (the rows of a table and
  its total, a key figure and its parts, the months and the period, a
  month's individual and collective parts), the next smallest figure is
  hidden too ("masqué") until no hidden figure can be worked out from the
  shown ones, by subtraction or by its bounds (a "< 5" is 1 to 4, a "masqué"
  5 or more). When even hiding every non-zero figure of a table leaves one
  determined (four "< 5" rows and a total of 4 are four 1s), the table's
  detail is not shown at all;
- figures derived from hidden counts are hidden as well: percentages and
  changes, hours of a handful of accompaniments, rates per 1,000 inhabitants,
  shares of an age bracket.

Everything is decided here, on the finished figures, before any output (page,
chart, PDF, XLSX, territorial diagnostic) is drawn: `figures.build_report()` and
`territory.build_diagnostic()` call `protect_report()` / `protect_diagnostic()`
unless the reader gets exact figures, so no output can forget it.
"""

import dataclasses
import math
from collections.abc import Hashable, Iterable

from django.utils.translation import gettext as _

SMALL_COUNT = 5

Key = Hashable


class Hidden:
    """A figure withheld from the reader. `primary`: the figure itself is small
    (1 to SMALL_COUNT - 1, shown "< 5"); otherwise it is hidden so that a small
    one cannot be worked out from it ("masqué")."""

    __slots__ = ("primary",)

    def __init__(self, primary: bool) -> None:
        self.primary = primary

    def __str__(self) -> str:
        return f"<\u00a0{SMALL_COUNT}" if self.primary else _("masqué")

    def __repr__(self) -> str:
        return f"Hidden(primary={self.primary})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Hidden) and other.primary == self.primary

    def __hash__(self) -> int:
        return hash(("Hidden", self.primary))


SMALL = Hidden(primary=True)
MASKED = Hidden(primary=False)


def is_hidden(value) -> bool:
    return isinstance(value, Hidden)


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALL_COUNT


def shown(value):
    """The value itself for a shown figure, None for a hidden one (for sums and
    bar lengths)."""
    return None if isinstance(value, Hidden) else value


def plain(value):
    """A figure for a spreadsheet cell: the number, or the mark of a withheld one."""
    return str(value) if isinstance(value, Hidden) else value


def legend() -> str:
    """What the marks mean, under every protected report."""
    return _(
        "Pour qu’on ne puisse reconnaître personne, les effectifs de 1 à %(last)s sont "
        "affichés « < %(n)s », et d’autres chiffres sont « masqués » quand ils "
        "permettraient de les retrouver par soustraction. Les pourcentages et heures "
        "tirés de ces effectifs sont masqués aussi. La période couvre des mois entiers."
    ) % {"last": SMALL_COUNT - 1, "n": SMALL_COUNT}


def withheld_text() -> str:
    return _(
        "Détail non publié : trop peu de personnes pour le montrer sans qu’on puisse "
        "les reconnaître."
    )


# --- The engine: which cells to hide so that none can be worked out.


@dataclasses.dataclass
class Equation:
    """`total` = sum of `parts`, as the reader sees them side by side. `group`
    names the table whose detail is withheld when nothing else protects it."""

    group: str
    total: Key
    parts: list[Key]

    @property
    def cells(self) -> list[Key]:
        return [self.total, *self.parts]


@dataclasses.dataclass
class Protection:
    hidden: dict[Key, Hidden]
    withheld: set[str]  # groups whose detail is not shown


def protect(values: dict[Key, int], equations: Iterable[Equation]) -> Protection:
    """Primary suppression of the small values, then secondary suppression until
    every equation leaves each hidden cell at least two possible values.

    Only equations that hold on the real values are used (the reader could not
    use one that does not)."""
    hidden: dict[Key, Hidden] = {key: SMALL for key, value in values.items() if is_small(value)}
    active = [
        eq
        for eq in equations
        if all(cell in values for cell in eq.cells)
        and values[eq.total] == sum(values[part] for part in eq.parts)
    ]
    withheld: set[str] = set()
    totals = {eq.total for eq in active}
    while True:
        step = _next_step(values, hidden, active, totals)
        if step is None:
            return Protection(hidden, withheld)
        if isinstance(step, Equation):
            # Even with every non-zero figure hidden, one is determined: the
            # table's detail is not shown at all.
            withheld.add(step.group)
            active = [eq for eq in active if eq.group != step.group]
        else:
            hidden[step] = MASKED


def bounds_of(mark: Hidden) -> tuple[float, float]:
    """What a reader knows of a hidden figure from its mark."""
    return (1, SMALL_COUNT - 1) if mark.primary else (SMALL_COUNT, math.inf)


def feasible_ranges(
    values: dict[Key, int], hidden: dict[Key, Hidden], equations: list[Equation]
) -> dict[Key, tuple[float, float]]:
    """The range a reader can narrow each hidden cell down to, from the shown
    cells, the marks and the equations (bounds propagated to a fixed point)."""
    ranges = {key: bounds_of(mark) for key, mark in hidden.items()}
    for _round in range(100):
        changed = False
        for eq in equations:
            signed = [(eq.total, 1)] + [(part, -1) for part in eq.parts]
            rest = -sum(sign * values[cell] for cell, sign in signed if cell not in hidden)
            unknown = [(cell, sign) for cell, sign in signed if cell in hidden]
            for cell, sign in unknown:
                low_others = high_others = 0.0
                for other, other_sign in unknown:
                    if other == cell:
                        continue
                    lo, hi = ranges[other]
                    if other_sign > 0:
                        low_others += lo
                        high_others += hi
                    else:
                        low_others -= hi
                        high_others -= lo
                # sign * x = rest - others
                if sign > 0:
                    lo, hi = rest - high_others, rest - low_others
                else:
                    lo, hi = low_others - rest, high_others - rest
                old = ranges[cell]
                new = (max(old[0], lo), min(old[1], hi))
                if new != old:
                    ranges[cell] = new
                    changed = True
        if not changed:
            break
    return ranges


def _next_step(values, hidden, equations, totals) -> Key | Equation | None:
    """None when no hidden cell can be worked out; otherwise the cell to hide
    next (a part rather than a total, then the smallest), taken from an
    equation that determines a hidden cell (where it is the only hidden one
    first); or, when no such equation has anything left to hide, the equation
    whose table must be withheld."""
    if not hidden:
        return None
    ranges = feasible_ranges(values, hidden, equations)
    pinned = {cell for cell in hidden if ranges[cell][0] >= ranges[cell][1]}
    if not pinned:
        return None
    involved = [eq for eq in equations if pinned.intersection(eq.cells)]
    involved.sort(key=lambda eq: sum(cell in hidden for cell in eq.cells))
    for eq in involved:
        candidates = [cell for cell in eq.cells if cell not in hidden and values[cell] > 0]
        if candidates:
            return min(candidates, key=lambda cell: (cell in totals, values[cell]))
    # A table to withhold; key figures have no table (their two-part sums
    # cannot pin a figure once all are hidden: this is only a safety net).
    tables = [eq for eq in involved if eq.group != "key"]
    return tables[0] if tables else involved[0]


# --- Reports (dashboard, charts, PDF, XLSX, funder reports)

# Key figures that are counts of people or activities, and how they add up.
KEY_COUNTS = (
    "accompaniments",
    "individual",
    "collective_sessions",
    "collective_participants",
    "people_reached",
    "people_known",
    "people_anonymous",
    "people_new",
    "people_returning",
    "referred",
)
KEY_SUMS = (
    ("accompaniments", ("individual", "collective_participants")),
    ("people_reached", ("people_known", "people_anonymous")),
    ("people_known", ("people_new", "people_returning")),
)
# The key figure each table's rows add up to (themes and procedures: an
# activity may have several, only the table's own total).
TABLE_MARGINS = {
    "type": "accompaniments",
    "format": "accompaniments",
    "ages": "people_reached",
    "genders": "people_reached",
    "statuses": "people_reached",
    "communes": "people_reached",
    "autonomy": "individual",
    "referrals": "referred",
}
# Rows that are a key figure under another name.
TABLE_ROW_IS_KEY = {
    ("type", "individual"): "individual",
    ("type", "collective"): "collective_participants",
}
# Columns of the months table and the key figure each adds up to.
MONTH_COLUMNS = {
    "individual": "individual",
    "collective": "collective_sessions",
    "participants": "collective_participants",
    "accompaniments": "accompaniments",
}
# Tables whose rows are sorted by their figure: a withheld row's place among
# the others would tell which is larger.
RANKED_TABLES = {"themes", "procedures", "communes"}
LAST_ROWS = ("autres", "non_communique")


def _report_cells(report) -> tuple[dict[Key, int], list[Equation]]:
    values: dict[Key, int] = {}
    equations: list[Equation] = []
    periods = [("current", report.figures)]
    if report.previous is not None:
        periods.append(("previous", report.previous))
    for period, figures in periods:
        for name in KEY_COUNTS:
            values[("key", period, name)] = getattr(figures, name)
        for total, parts in KEY_SUMS:
            equations.append(
                Equation("key", ("key", period, total), [("key", period, p) for p in parts])
            )
    for month in report.months:
        for column in MONTH_COLUMNS:
            values[("month", month.month, column)] = getattr(month, column)
        equations.append(
            Equation(
                "months",
                ("month", month.month, "accompaniments"),
                [("month", month.month, "individual"), ("month", month.month, "participants")],
            )
        )
    for column, key_name in MONTH_COLUMNS.items():
        equations.append(
            Equation(
                "months",
                ("key", "current", key_name),
                [("month", month.month, column) for month in report.months],
            )
        )
    for table in report.tables:
        for period, _figures in periods:
            attribute = "value" if period == "current" else "previous"
            rows = []
            for row in table.rows:
                cell = ("row", table.key, row.key, period)
                values[cell] = getattr(row, attribute) or 0
                rows.append(cell)
                key_name = TABLE_ROW_IS_KEY.get((table.key, row.key))
                if key_name:
                    equations.append(Equation(table.key, ("key", period, key_name), [cell]))
            total = ("total", table.key, period)
            values[total] = sum(values[cell] for cell in rows)
            equations.append(Equation(table.key, total, rows))
            margin = TABLE_MARGINS.get(table.key)
            if margin:
                equations.append(Equation(table.key, ("key", period, margin), [total]))
    return values, equations


def _unranked(rows: list) -> list:
    """The shown rows in their order, then the withheld ones by label ("other
    communes" and "not given" stay last)."""
    last = [row for row in rows if row.key in LAST_ROWS]
    rest = [row for row in rows if row.key not in LAST_ROWS]
    kept = [row for row in rest if not is_hidden(row.value)]
    withheld = sorted((row for row in rest if is_hidden(row.value)), key=lambda row: row.label)
    return kept + withheld + last


def protect_report(report):
    """The report as a reader without exact figures may see it (a new Report;
    `report` itself is left as it was)."""
    values, equations = _report_cells(report)
    protection = protect(values, equations)
    hidden, withheld = protection.hidden, protection.withheld

    def cell(key: Key, value):
        return hidden.get(key, value)

    periods = {"current": report.figures, "previous": report.previous}

    def key_value(figure, period: str):
        figures = periods[period]
        value = figure.value if period == "current" else figure.previous
        if figures is None or value is None:
            return value
        if figure.key in KEY_COUNTS:
            return cell(("key", period, figure.key), value)
        if figure.key == "hours":  # the length of a handful of accompaniments
            activities = figures.individual + figures.collective_sessions
            if is_small(activities) or is_hidden(hidden.get(("key", period, "accompaniments"))):
                return MASKED
            return value
        if figure.key == "no_show_rate":
            if is_small(figures.missed_bookings) or is_small(figures.honoured_bookings):
                return MASKED
            return value
        return value

    key_figures = [
        dataclasses.replace(
            figure, value=key_value(figure, "current"), previous=key_value(figure, "previous")
        )
        for figure in report.key_figures
    ]
    months_withheld = "months" in withheld

    def month_cell(month, column: str):
        if months_withheld:
            return MASKED
        return cell(("month", month.month, column), getattr(month, column))

    months = [
        dataclasses.replace(
            month,
            individual=month_cell(month, "individual"),
            collective=month_cell(month, "collective"),
            participants=month_cell(month, "participants"),
            protected_accompaniments=month_cell(month, "accompaniments"),
        )
        for month in report.months
    ]
    month_totals = {
        column: cell(("key", "current", key_name), report.month_total(column))
        for column, key_name in MONTH_COLUMNS.items()
    }
    tables = []
    for table in report.tables:
        if table.key in withheld:
            tables.append(
                dataclasses.replace(
                    table,
                    rows=[],
                    withheld=True,
                    protected_total=MASKED,
                    protected_previous_total=MASKED,
                    note=_protected_note(table, report),
                )
            )
            continue
        rows = [
            dataclasses.replace(
                row,
                value=cell(("row", table.key, row.key, "current"), row.value),
                previous=row.previous
                if row.previous is None
                else cell(("row", table.key, row.key, "previous"), row.previous),
            )
            for row in table.rows
        ]
        if table.key in RANKED_TABLES:
            rows = _unranked(rows)
        tables.append(
            dataclasses.replace(
                table,
                rows=rows,
                protected_total=cell(("total", table.key, "current"), table.total),
                protected_previous_total=cell(
                    ("total", table.key, "previous"), table.previous_total
                ),
                note=_protected_note(table, report),
            )
        )
    return dataclasses.replace(
        report,
        key_figures=key_figures,
        months=months,
        tables=tables,
        protected=True,
        protected_month_totals=month_totals,
    )


def _protected_note(table, report) -> str:
    """The format table's note counts the activities away from the venue."""
    if table.key != "format" or not is_small(report.figures.outside_venue):
        return table.note
    from comptoir.reports.figures import outside_note  # figures imports this module

    return outside_note(SMALL)


# --- The territorial diagnostic


def protect_diagnostic(diagnostic):
    """The diagnostic as a reader without exact figures may see it: people per
    commune and per age bracket withheld when small (with their rate per 1,000
    inhabitants and their share), and whatever would let them be worked out."""
    values: dict[Key, int] = {"people": diagnostic.people_reached}
    reach: list[Key] = []
    for row in diagnostic.reached:
        values[("reached", row.code)] = row.people
        reach.append(("reached", row.code))
    for name, n in diagnostic.outside_list:
        values[("outside", name)] = n
        reach.append(("outside", name))
    values["not_given"] = diagnostic.commune_not_given
    reach.append("not_given")
    ages: list[Key] = []
    for row in diagnostic.ages:
        values[("age", row.bracket)] = row.people
        ages.append(("age", row.bracket))
    values.update(
        ages_people=diagnostic.ages_people,
        ages_not_given=diagnostic.ages_not_given,
        ages_outside=diagnostic.ages_outside,
    )
    equations = [
        Equation("reach", "people", reach),
        Equation("ages", "ages_people", ages),
        Equation("ages", "people", ["ages_people", "ages_not_given", "ages_outside"]),
    ]
    protection = protect(values, equations)
    hidden, withheld = protection.hidden, protection.withheld

    def cell(key: Key, value):
        return hidden.get(key, value)

    reach_withheld = "reach" in withheld
    reached = [
        dataclasses.replace(row, people=cell(("reached", row.code), row.people))
        for row in diagnostic.reached
    ]
    # Shown rows keep their order (highest rate first); withheld ones follow by name.
    reached = [row for row in reached if not is_hidden(row.people)] + sorted(
        (row for row in reached if is_hidden(row.people)), key=lambda row: row.name
    )
    outside = sorted(
        ((name, cell(("outside", name), n)) for name, n in diagnostic.outside_list),
        key=lambda item: (is_hidden(item[1]), -(shown(item[1]) or 0), item[0]),
    )
    ages_withheld = "ages" in withheld
    ages_people = MASKED if ages_withheld else cell("ages_people", diagnostic.ages_people)
    age_rows = []
    for row in diagnostic.ages:
        people = cell(("age", row.bracket), row.people)
        share_hidden = is_hidden(people) or is_hidden(ages_people)
        age_rows.append(
            dataclasses.replace(
                row,
                people=people,
                people_share=None if share_hidden else row.people_share,
                withheld=share_hidden,
            )
        )

    def unless(withheld_part: bool, key: Key, value):
        return MASKED if withheld_part else cell(key, value)

    return dataclasses.replace(
        diagnostic,
        people_reached=cell("people", diagnostic.people_reached),
        reached=[] if reach_withheld else reached,
        outside_list=[] if reach_withheld else outside,
        commune_not_given=unless(reach_withheld, "not_given", diagnostic.commune_not_given),
        ages=[] if ages_withheld else age_rows,
        ages_people=ages_people,
        ages_not_given=unless(ages_withheld, "ages_not_given", diagnostic.ages_not_given),
        ages_outside=unless(ages_withheld, "ages_outside", diagnostic.ages_outside),
        protected=True,
        reach_withheld=reach_withheld,
        ages_withheld=ages_withheld,
    )
