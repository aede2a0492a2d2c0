"""The territorial diagnostic of one venue: whom the service reaches, where.

The *area* of a venue is every commune of its département (from its INSEE code,
or its postal code when it has none) plus every commune the people reached live
in. For each commune: people reached per 1,000 inhabitants; the communes of the
area nobody came from yet; and the age brackets of the people reached who live
in the area against those of the area's inhabitants.

People are counted as in figures.py (a known person once, each anonymous
accompaniment, unnamed participants as "commune not given"). Paris, Lyon and
Marseille: when the imported list holds the arrondissements, they are used
(and the whole city is left out of the area's totals); when it holds only the
city, people recorded in an arrondissement are counted in the city.

Everything here is an aggregate: no person is ever named.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from comptoir.people.enums import AgeBracket
from comptoir.reports.charts import format_points
from comptoir.reports.disclosure import Hidden, is_hidden, protect_diagnostic
from comptoir.reports.figures import NOT_GIVEN, Figures, compute
from comptoir.reports.models import Commune, department_of
from comptoir.reports.scope import Scope
from comptoir.venues.models import Venue

KNOWN_BRACKETS = [b for b in AgeBracket if b != AgeBracket.NOT_GIVEN]
# A bracket is under-represented when its share among the people reached is
# this many points below its share of the inhabitants, or less than half of it.
UNDER_REPRESENTED_POINTS = 5.0

CITY_ARRONDISSEMENTS = {
    "75056": [f"751{n:02d}" for n in range(1, 21)],  # Paris
    "69123": [f"6938{n}" for n in range(1, 10)],  # Lyon
    "13055": [f"132{n:02d}" for n in range(1, 17)],  # Marseille
}
CITY_OF = {code: city for city, codes in CITY_ARRONDISSEMENTS.items() for code in codes}


def venue_department(venue: Venue) -> str:
    """The département of a venue: from its INSEE code, else its postal code."""
    if venue.insee_code:
        return department_of(venue.insee_code)
    postal = venue.postal_code or ""
    if postal.startswith("97"):
        return postal[:3]
    if postal.startswith("20"):  # Corsica: 200xx-201xx Corse-du-Sud, 202xx-206xx Haute-Corse
        return "2A" if postal < "20200" else "2B"
    return postal[:2]


def per_thousand(people: int, population: int) -> float | None:
    if not population:
        return None
    return round(1000 * people / population, 1)


def share(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass
class CommuneReach:
    code: str
    name: str
    population: int
    priority_area: bool
    people: int | Hidden = 0

    @property
    def per_thousand(self) -> float | None:
        """None when the number of people is withheld (disclosure.py)."""
        if is_hidden(self.people):
            return None
        return per_thousand(self.people, self.population)  # type: ignore[arg-type]


@dataclass
class AgeRow:
    bracket: str
    label: str
    people: int | Hidden
    people_share: float | None
    inhabitants: int
    inhabitants_share: float | None
    withheld: bool = False  # the people's share is withheld (disclosure.py)

    @property
    def gap(self) -> float | None:
        """People's share minus inhabitants' share, in points."""
        if self.people_share is None or self.inhabitants_share is None:
            return None
        return round(self.people_share - self.inhabitants_share, 1)

    @property
    def gap_label(self) -> str:
        """'−9 pts', '+2,5 pts', '—'."""
        return format_points(self.people_share, self.inhabitants_share)

    @property
    def under_represented(self) -> bool:
        if self.withheld or self.gap is None or not self.inhabitants_share:
            return False
        return (
            self.gap <= -UNDER_REPRESENTED_POINTS or self.people_share < self.inhabitants_share / 2  # type: ignore[operator]
        )


@dataclass
class Diagnostic:
    venue: Venue
    scope: Scope
    department: str
    has_communes: bool  # any commune imported at all
    people_reached: int | Hidden = 0
    reached: list[CommuneReach] = field(default_factory=list)  # by reach, highest first
    unvisited: list[CommuneReach] = field(default_factory=list)  # priority areas, then largest
    outside_list: list[tuple[str, int]] = field(default_factory=list)  # commune not imported
    commune_not_given: int = 0
    ages: list[AgeRow] = field(default_factory=list)
    ages_people: int = 0  # people of the area with a known age bracket
    ages_not_given: int = 0  # people of the area whose age is not given
    ages_outside: int = 0  # people not living in an imported commune of the area
    communes_with_ages: int = 0
    area_communes: int = 0
    area_population: int = 0
    # Set by disclosure.protect_diagnostic() for a reader without exact figures
    # (the counts above may then be Hidden).
    protected: bool = False
    reach_withheld: bool = False
    ages_withheld: bool = False

    @property
    def has_population_ages(self) -> bool:
        return self.communes_with_ages > 0

    @property
    def under_represented(self) -> list[AgeRow]:
        return [row for row in self.ages if row.under_represented]

    @property
    def unvisited_priority(self) -> int:
        return sum(1 for row in self.unvisited if row.priority_area)


def build_diagnostic(
    scope: Scope, venue: Venue, figures: Figures | None = None, *, exact: bool
) -> Diagnostic:
    """The diagnostic of `venue` over the scope's period: the figures' queries
    (figures.compute) plus one query for the area's communes (two when none).
    `exact`: the reader may see every count; otherwise small ones are withheld
    (disclosure.py)."""
    figures = figures or compute(scope)
    department = venue_department(venue)
    visited = {code for code, _name in figures.communes if code}
    visited |= {CITY_OF[code] for code in visited if code in CITY_OF}
    communes = {
        c.insee_code: c
        for c in Commune.objects.filter(Q(department=department) | Q(pk__in=visited)).only(
            "insee_code",
            "name",
            "department",
            "population",
            "population_by_age",
            "has_priority_area",
        )
    }
    result = Diagnostic(
        venue=venue,
        scope=scope,
        department=department,
        has_communes=bool(communes) or Commune.objects.exists(),
        people_reached=figures.people_reached,
    )
    # A city whose arrondissements are imported stays out of the area's totals.
    split_cities = {CITY_OF[code] for code in communes if code in CITY_OF}

    def resolve(code: str) -> str | None:
        if code in communes:
            return code
        if CITY_OF.get(code) in communes:
            return CITY_OF[code]
        return None

    reach = {
        code: CommuneReach(c.insee_code, c.name, c.population, c.has_priority_area)
        for code, c in communes.items()
    }
    outside: Counter = Counter()
    for (code, name), n in figures.communes.items():
        target = resolve(code) if code else None
        if target:
            reach[target].people += n
        elif code or name:
            outside[name or code] += n
        else:
            result.commune_not_given += n
    result.outside_list = sorted(outside.items(), key=lambda item: (-item[1], item[0]))
    result.reached = sorted(
        (row for row in reach.values() if row.people),
        key=lambda row: (-(row.per_thousand or 0), -row.people, row.name),
    )
    area = [row for code, row in reach.items() if code not in split_cities]
    result.area_communes = len(area)
    result.area_population = sum(row.population for row in area)
    result.unvisited = sorted(
        (row for row in area if not row.people and communes[row.code].department == department),
        key=lambda row: (not row.priority_area, -row.population, row.name),
    )

    # Ages: people living in the area against its inhabitants.
    people_ages: Counter = Counter()
    for (code, bracket), n in figures.commune_ages.items():
        if resolve(code):
            people_ages[bracket] += n
    in_area = sum(people_ages.values())
    result.ages_not_given = people_ages.pop(NOT_GIVEN, 0)
    result.ages_people = in_area - result.ages_not_given
    result.ages_outside = figures.people_reached - in_area
    inhabitants: Counter = Counter()
    for code in reach:
        if code in split_cities:
            continue
        by_age = communes[code].population_by_age or {}
        if by_age:
            result.communes_with_ages += 1
            for bracket in KNOWN_BRACKETS:
                inhabitants[bracket.value] += int(by_age.get(bracket.value) or 0)
    inhabitants_total = sum(inhabitants.values())
    result.ages = [
        AgeRow(
            bracket.value,
            str(bracket.label),
            people_ages.get(bracket.value, 0),
            share(people_ages.get(bracket.value, 0), result.ages_people),
            inhabitants[bracket.value],
            share(inhabitants[bracket.value], inhabitants_total),
        )
        for bracket in KNOWN_BRACKETS
    ]
    return result if exact else protect_diagnostic(result)
