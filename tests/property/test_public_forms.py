"""Whatever is posted to a public form, the page answers — never a server error.

Each test posts arbitrary data (any text, control characters, NUL bytes, very
long values, lists, missing or extra fields) to one form; the Django test
client re-raises a view's exception, which fails the example like a 500 would.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from comptoir.appointments import links as appointment_links
from comptoir.skills.openbadges import baking
from comptoir.workshops import links as workshop_links
from tests.appointments.factories_public import at
from tests.property.conftest import assert_not_a_server_error, examples, one_example
from tests.property.strategies import form_data, json_values, mutated, text_value
from tests.skills.badge_world import award, make_achievement, make_person

pytestmark = pytest.mark.slow  # Hypothesis: left out of make test-quick

CONTACT_FIELDS = ["first_name", "phone", "email", "consent_to_reminders"]


def post(client: Client, url: str, data: dict):
    with one_example():
        response = client.post(url, data)
        assert_not_a_server_error(response, f"POST {url} {data!r}")


@examples(30)
@given(data=form_data([*CONTACT_FIELDS, "topic", "start"]))
def test_booking_an_appointment(world, data):
    post(Client(), world.desk.book_url(at(3, 10)), data)


@examples(25)
@given(data=form_data(["start"]), query=text_value)
def test_moving_an_appointment(world, data, query):
    token = appointment_links.make_token(world.appointment)
    url = reverse("appointments:manage_move", args=[token])
    post(Client(), f"{url}?start={query}", data)


@examples(15)
@given(data=form_data(["confirm"]))
def test_cancelling_an_appointment(world, data):
    token = appointment_links.make_token(world.appointment)
    post(Client(), reverse("appointments:manage_cancel", args=[token]), data)


@examples(30)
@given(data=form_data(CONTACT_FIELDS))
def test_registering_for_a_workshop(world, data):
    url = reverse("workshops:public_session", args=[world.venue.slug, world.session.pk])
    post(Client(), url, data)


@examples(15)
@given(data=form_data(["confirm"]))
def test_cancelling_a_workshop_registration(world, data):
    token = workshop_links.make_token(world.registration)
    post(Client(), reverse("workshops:registration_public_cancel", args=[token]), data)


@examples(40)
@given(data=form_data(["topic", "device", "first_name"]))
def test_checking_in_at_the_kiosk(world, data):
    post(world.kiosk, reverse("helpdesk:kiosk", args=[world.venue.slug]), data)


@examples(30)
@given(data=form_data(["language", "next"]))
def test_switching_language(world, data):
    post(Client(), reverse("set_language"), data)


@examples(30)
@given(data=form_data(["username", "password", "otp_token", "next"]))
def test_logging_in(world, data):
    post(Client(), reverse("login"), data)


# --- Badge verification: pasted text, uploaded files, and real badges tampered with --------------


@examples(20)
@given(
    text=st.one_of(
        text_value,
        json_values.map(json.dumps),
        st.dictionaries(text_value, json_values, max_size=4).map(json.dumps),
    )
)
def test_verifying_a_pasted_badge(world, text):
    post(Client(), reverse("skills:verify_form"), {"text": text})


@examples(25)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=100).map(lambda data: b"\x89PNG\r\n\x1a\n" + data),
        text_value.map(
            lambda text: f"<svg xmlns='http://www.w3.org/2000/svg'>{text}</svg>".encode()
        ),
    ),
    name=st.sampled_from(["badge.png", "badge.svg", "badge.json", "badge.jwt", "x"]),
)
def test_verifying_an_uploaded_file(world, content, name):
    upload = SimpleUploadedFile(name, content)
    post(Client(), reverse("skills:verify_form"), {"upload": upload})


def real_credential(world):
    achievement = make_achievement(world.venue)
    person = make_person(world.venue, "Josiane")
    return award(world.coordinator, achievement, person)


def test_verifying_tampered_badges(world):
    credential = real_credential(world)
    signed = credential.signed_json

    @examples(15)
    @given(document=mutated(signed))
    def tampered(document):
        post(Client(), reverse("skills:verify_form"), {"text": json.dumps(document)})

    @examples(5)
    @given(document=mutated(signed))
    def baked(document):
        svg = baking.bake_svg(
            "<svg xmlns='http://www.w3.org/2000/svg'></svg>", json.dumps(document)
        )
        upload = SimpleUploadedFile("badge.svg", svg.encode())
        post(Client(), reverse("skills:verify_form"), {"upload": upload})

    tampered()
    baked()


# --- Any body at all ------------------------------------------------------------------------------


def public_form_urls(world) -> list[tuple[Client, str]]:
    return [
        (Client(), world.desk.book_url(at(3, 10))),
        (
            Client(),
            reverse("workshops:public_session", args=[world.venue.slug, world.session.pk]),
        ),
        (world.kiosk, reverse("helpdesk:kiosk", args=[world.venue.slug])),
        (Client(), reverse("skills:verify_form")),
        (Client(), reverse("set_language")),
        (Client(), reverse("login")),
    ]


def test_any_bytes_posted_to_a_public_form(world):
    targets = public_form_urls(world)

    @examples(40)
    @given(
        target=st.sampled_from(targets),
        body=st.binary(max_size=200),
        content_type=st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=BoUnDaRy",
                "text/plain",
                "application/json",
            ]
        ),
    )
    def anything(target, body, content_type):
        client, url = target
        with one_example():
            response = client.generic("POST", url, body, content_type=content_type)
            assert_not_a_server_error(response, f"POST {url} {body!r}")

    anything()
