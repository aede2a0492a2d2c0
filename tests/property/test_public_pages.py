"""Public pages read their query string and their URL's tokens: whatever they
hold, the page answers (maybe "not found" or "bad request"), never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from comptoir.appointments import links as appointment_links
from comptoir.workshops import links as workshop_links
from tests.property.conftest import assert_not_a_server_error, examples, one_example
from tests.property.strategies import path_segment, query_string

pytestmark = pytest.mark.slow  # Hypothesis: left out of make test-quick


def public_pages(world) -> list[tuple[Client, str]]:
    slug = world.venue.slug
    visitor = Client()
    appointment = appointment_links.make_token(world.appointment)
    registration = workshop_links.make_token(world.registration)
    kind = world.desk.kind.pk
    pages = [
        "/",
        reverse("venues:public", args=[slug]),
        reverse("appointments:public_start", args=[slug]),
        reverse("appointments:public_slots", args=[slug, kind]),
        reverse("appointments:public_book", args=[slug, kind]),
        reverse("appointments:manage", args=[appointment]),
        reverse("appointments:manage_ics", args=[appointment]),
        reverse("appointments:manage_move", args=[appointment]),
        reverse("appointments:manage_cancel", args=[appointment]),
        reverse("workshops:agenda", args=[slug]),
        reverse("workshops:public_session", args=[slug, world.session.pk]),
        reverse("workshops:ical", args=[slug]),
        reverse("workshops:rss", args=[slug]),
        reverse("workshops:registration", args=[registration]),
        reverse("workshops:registration_ics", args=[registration]),
        reverse("workshops:registration_public_cancel", args=[registration]),
        reverse("skills:verify_form"),
        reverse("skills:issuer", args=[slug]),
        reverse("login"),
        reverse("healthz"),
    ]
    return [(visitor, page) for page in pages] + [
        (world.kiosk, reverse("helpdesk:kiosk", args=[slug])),
        (world.board, reverse("helpdesk:board", args=[slug])),
    ]


def test_public_pages_with_any_query_string(world):
    pages = public_pages(world)

    @examples(60)
    @given(page=st.sampled_from(pages), query=query_string(), htmx=st.booleans())
    def any_query(page, query, htmx):
        client, path = page
        headers = {"HX-Request": "true"} if htmx else {}
        with one_example():
            response = client.get(f"{path}?{query}", headers=headers)
            assert_not_a_server_error(response, f"GET {path}?{query}")

    any_query()


TOKEN_PATHS = [
    "/rdv/gerer/{}/",
    "/rdv/gerer/{}/rendez-vous.ics",
    "/rdv/gerer/{}/deplacer/",
    "/ateliers/inscription/{}/",
    "/ateliers/inscription/{}/agenda.ics",
    "/badges/mes-badges/{}/",
    "/badges/verifier/{}/",
    "/invitation/{}/",
    "/lieux/{}/",
    "/lieux/{}/ateliers/",
    "/rdv/{}/",
    "/cafe/{}/borne/",
    "/cafe/{}/ecran/",
    "/badges/{}/",
]


@examples(40)
@given(template=st.sampled_from(TOKEN_PATHS), segment=path_segment())
def test_links_with_any_token(world, template, segment):
    path = template.format(segment)
    with one_example():
        response = Client().get(path)
        assert_not_a_server_error(response, f"GET {path}")
