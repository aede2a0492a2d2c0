"""Every date parameter of every staff page, fuzzed: whatever date (or text) a
coordinator's URL holds, the page answers (maybe with a message), never a 500."""

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import client_for
from tests.property.conftest import assert_not_a_server_error, examples, one_example
from tests.property.strategies import text_value
from tests.security.test_date_parameters import staff_date_pages

# Dates near the ends of Python's calendar and of Comptoir's range, any date in
# between, ISO-looking strings with impossible parts, and any text at all.
edge_dates = st.sampled_from(
    [
        "0001-01-01",
        "0001-12-31",
        "0006-01-01",
        "1899-12-31",
        "1900-01-01",
        "2199-12-31",
        "2200-01-01",
        "9998-12-31",
        "9999-12-31",
        "2024-02-29",
        "2025-02-29",
        "0000-01-01",
        "10000-01-01",
        "-0001-01-01",
        "2025-3-1",
        "20250301",
    ]
)
iso_dates = st.dates().map(lambda day: day.isoformat())
date_value = st.one_of(edge_dates, iso_dates, text_value)
presets = st.sampled_from(
    ["", "mois", "mois-dernier", "trimestre-dernier", "annee", "12-mois", "x"]
)


def test_staff_pages_with_any_date_in_their_query_string(world):
    client = client_for(world.coordinator)
    pages = staff_date_pages(world.venue)

    @examples(25)
    @given(
        page=st.sampled_from(pages),
        first=date_value,
        second=date_value,
        preset=presets,
    )
    def any_dates(page, first, second, preset):
        path, names, extra = page
        params = {**extra, names[0]: first, names[-1]: second}
        if path.startswith("/rapports/"):
            params["periode"] = preset
        with one_example():
            response = client.get(path, params)
            assert_not_a_server_error(response, f"GET {path} {params!r}")

    any_dates()
