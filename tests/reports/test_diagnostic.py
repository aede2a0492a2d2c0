"""The territorial diagnostic (/rapports/diagnostic/), against a small journal
counted by hand.

The venue is in Villeurbanne (69). Communes imported:

    69266 Villeurbanne      2,000 inhabitants            ages known
    69256 Vaulx-en-Velin    1,000 inhabitants  QPV       ages known
    69029 Bron                500 inhabitants
    69034 Caluire-et-Cuire  4,000 inhabitants
    69286 Rillieux            300 inhabitants  QPV
    01053 Bourg-en-Bresse   1,000 inhabitants            (another département)

Journal of the period:
    Anna (Villeurbanne, 60-69) helped three times and at a workshop → 1 person
    Basile (Vaulx, 18-24) helped once → 1 person
    two anonymous accompaniments, Villeurbanne, 40-59 → 2 people
    one anonymous accompaniment, no commune, 40-59 → commune not given
    Chloé (Bourg-en-Bresse, 70+) → 1 person, from outside the département
    Dora (Villeurbanne, age not given) → 1 person
    a workshop of 5: Anna + 4 unnamed → 4 people, commune not given
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.people.enums import AgeBracket
from comptoir.reports.models import Commune
from comptoir.reports.scope import Period, Scope
from comptoir.reports.territory import build_diagnostic, venue_department
from tests.conftest import client_for
from tests.factories import ActivityFactory, MembershipFactory, PersonFactory, VenueFactory
from tests.queries import query_budget

URL = reverse("reports:diagnostic")
A = AgeBracket
VILLEURBANNE_AGES = {
    A.UNDER_12: 200,
    A.FROM_12_TO_17: 0,
    A.FROM_18_TO_24: 400,
    A.FROM_25_TO_39: 400,
    A.FROM_40_TO_59: 600,
    A.FROM_60_TO_69: 200,
    A.OVER_70: 200,
}
VAULX_AGES = {
    A.UNDER_12: 0,
    A.FROM_12_TO_17: 0,
    A.FROM_18_TO_24: 100,
    A.FROM_25_TO_39: 300,
    A.FROM_40_TO_59: 300,
    A.FROM_60_TO_69: 100,
    A.OVER_70: 200,
}


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def period_params() -> dict:
    return {"du": (yesterday() - datetime.timedelta(days=30)).isoformat(), "au": yesterday()}


def scope_of(venue) -> Scope:
    return Scope((venue.pk,), Period(yesterday() - datetime.timedelta(days=30), yesterday()))


@pytest.fixture
def communes(db):
    rows = [
        ("69266", "Villeurbanne", 2000, False, VILLEURBANNE_AGES),
        ("69256", "Vaulx-en-Velin", 1000, True, VAULX_AGES),
        ("69029", "Bron", 500, False, {}),
        ("69034", "Caluire-et-Cuire", 4000, False, {}),
        ("69286", "Rillieux-la-Pape", 300, True, {}),
        ("01053", "Bourg-en-Bresse", 1000, False, {}),
    ]
    for code, name, population, qpv, ages in rows:
        Commune(
            insee_code=code,
            name=name,
            population=population,
            has_priority_area=qpv,
            population_by_age={k.value: v for k, v in ages.items()},
        ).save()


def person(venue, name, code, commune, age):
    return PersonFactory(
        venue=venue, first_name=name, insee_code=code, commune=commune, age_bracket=age
    )


@pytest.fixture
def journal(venue, other_venue):
    anna = person(venue, "Anna", "69266", "Villeurbanne", A.FROM_60_TO_69)
    basile = person(venue, "Basile", "69256", "Vaulx-en-Velin", A.FROM_18_TO_24)
    chloe = person(venue, "Chloé", "01053", "Bourg-en-Bresse", A.OVER_70)
    dora = person(venue, "Dora", "69266", "Villeurbanne", A.NOT_GIVEN)
    for _ in range(3):
        ActivityFactory(venue=venue, person=anna)
    for someone in (basile, chloe, dora):
        ActivityFactory(venue=venue, person=someone)
    for _ in range(2):
        ActivityFactory(
            venue=venue, insee_code="69266", commune="Villeurbanne", age_bracket=A.FROM_40_TO_59
        )
    ActivityFactory(venue=venue, age_bracket=A.FROM_40_TO_59)
    workshop = ActivityFactory(venue=venue, collective=True, head_count=5)
    workshop.participants.add(anna)
    # Another venue's visitors never count.
    ActivityFactory(venue=other_venue, insee_code="69029", commune="Bron")
    # Nor those before the period.
    ActivityFactory(venue=venue, insee_code="69034", date=yesterday() - datetime.timedelta(days=60))


def test_people_are_counted_once_per_commune_and_per_thousand(venue, communes, journal):
    result = build_diagnostic(scope_of(venue), venue, exact=True)

    assert result.department == "69"
    reached = [(r.code, r.people, r.per_thousand) for r in result.reached]
    # Villeurbanne: Anna, Dora and two anonymous = 4 people for 2,000 → 2.0 ‰.
    assert reached == [("69266", 4, 2.0), ("01053", 1, 1.0), ("69256", 1, 1.0)]
    assert result.commune_not_given == 5  # one anonymous + four unnamed participants
    assert result.people_reached == 11


def test_the_communes_of_the_department_with_no_visitor_are_listed_qpv_first(
    venue, communes, journal
):
    result = build_diagnostic(scope_of(venue), venue, exact=True)

    # Rillieux (QPV) first, then by population; Bourg-en-Bresse is another département.
    assert [r.code for r in result.unvisited] == ["69286", "69034", "69029"]
    assert result.unvisited_priority == 1


def test_ages_of_the_people_of_the_area_compare_with_its_inhabitants(venue, communes, journal):
    result = build_diagnostic(scope_of(venue), venue, exact=True)
    ages = {row.bracket: row for row in result.ages}

    # People of the area with a known age: Anna 60-69, Basile 18-24, two 40-59, Chloé 70+.
    assert result.ages_people == 5
    assert result.ages_not_given == 1  # Dora
    assert result.ages_outside == 5  # commune not given
    assert [(b, ages[b].people, ages[b].people_share) for b in A.values[:7]] == [
        (A.UNDER_12, 0, 0.0),
        (A.FROM_12_TO_17, 0, 0.0),
        (A.FROM_18_TO_24, 1, 20.0),
        (A.FROM_25_TO_39, 0, 0.0),
        (A.FROM_40_TO_59, 2, 40.0),
        (A.FROM_60_TO_69, 1, 20.0),
        (A.OVER_70, 1, 20.0),
    ]
    # Inhabitants of Villeurbanne + Vaulx (the communes whose ages are known): 3,000.
    assert [ages[b].inhabitants_share for b in A.values[:7]] == [
        6.7,
        0.0,
        16.7,
        23.3,
        30.0,
        10.0,
        13.3,
    ]
    assert ages[A.FROM_25_TO_39].gap == -23.3
    assert [row.bracket for row in result.under_represented] == [
        A.UNDER_12,
        A.FROM_25_TO_39,
    ]
    assert result.communes_with_ages == 2


def test_the_page_shows_the_figures_and_says_who_is_not_reached(
    venue, communes, journal, coordinator
):
    response = client_for(coordinator).get(URL, {"lieu": venue.slug, **period_params()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Villeurbanne" in page and "Rillieux-la-Pape" in page
    # Villeurbanne: 2,000 inhabitants, 4 people, 2 per 1,000.
    assert (
        '<th scope="row">Villeurbanne</th>\n        <td class="num">2\u202f000</td>' in page
        or '<th scope="row">Villeurbanne</th>\n        <td class="num">2\xa0000</td>' in page
    )
    assert '<td class="num">4</td>\n        <td class="num">2</td>' in page
    assert (
        "Les 25 - 39 ans représentent 23,3\u00a0% des habitants mais 0\u00a0% "
        "des personnes accompagnées." in page
    )


def test_a_viewer_sees_the_aggregates_and_never_a_person(venue, communes, journal, viewer):
    response = client_for(viewer).get(URL, {"lieu": venue.slug, **period_params()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vaulx-en-Velin" in page
    for name in ("Anna", "Basile", "Chloé", "Dora"):
        assert name not in page


def test_a_venue_not_given_is_refused(venue, other_venue, communes, coordinator):
    response = client_for(coordinator).get(URL, {"lieu": other_venue.slug})

    assert response.status_code == 403


def test_several_venues_ask_to_choose_one(venue, coordinator, communes):
    second = VenueFactory(network=venue.network)
    MembershipFactory(user=coordinator, venue=second, role="coordinator")
    response = client_for(coordinator).get(URL, {"lieu": [venue.slug, second.slug]})

    assert response.status_code == 200
    assert response.context["diagnostic"] is None
    assert "un seul lieu à la fois" in response.content.decode()


def test_without_communes_the_page_explains_how_to_import_them(venue, journal, coordinator):
    response = client_for(coordinator).get(URL, {"lieu": venue.slug, **period_params()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Les communes ne sont pas encore importées" in page
    assert "import_communes" in page


def test_a_venue_without_insee_code_takes_the_department_of_its_postal_code(db):
    assert venue_department(VenueFactory.build(insee_code="", postal_code="69120")) == "69"
    assert venue_department(VenueFactory.build(insee_code="", postal_code="97400")) == "974"
    assert venue_department(VenueFactory.build(insee_code="", postal_code="20000")) == "2A"
    assert venue_department(VenueFactory.build(insee_code="2B033", postal_code="20200")) == "2B"


def test_an_arrondissement_counts_in_its_city_when_only_the_city_is_imported(venue, db):
    Commune(insee_code="69123", name="Lyon", population=500000).save()
    lyonnaise = person(venue, "Eve", "69383", "Lyon 3e Arrondissement", A.FROM_25_TO_39)
    ActivityFactory(venue=venue, person=lyonnaise)

    result = build_diagnostic(scope_of(venue), venue, exact=True)

    assert [(r.code, r.people) for r in result.reached] == [("69123", 1)]


def grow(venue, n):
    for i in range(n):
        someone = person(venue, f"P{i}", "69256", "Vaulx", A.FROM_25_TO_39)
        ActivityFactory(venue=venue, person=someone)
        ActivityFactory(venue=venue, insee_code="01053", age_bracket=A.OVER_70)
    for i in range(n):
        Commune(insee_code=f"69{300 + i}", name=f"C{i}", population=100 + i).save()


def test_the_query_count_does_not_grow_with_the_data(venue, communes, journal, coordinator):
    client = client_for(coordinator)
    params = {"lieu": venue.slug, **period_params()}
    client.get(URL, params)  # warm up the session

    with query_budget(26) as small:
        assert client.get(URL, params).status_code == 200
    grow(venue, 30)
    client.get(URL, params)  # the changed months are computed again
    with query_budget(26) as large:
        assert client.get(URL, params).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
