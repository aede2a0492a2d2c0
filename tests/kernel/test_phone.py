"""Phone numbers through phonenumbers: France and its overseas departments and
territories, typed as people dial them, stored E.164, shown as dialled from France."""

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.kernel.phone import (
    display_phone,
    french_mobile,
    is_mobile,
    normalise_french_phone,
)
from tests.property.conftest import examples

# As typed from France (a leading 0), with their own country code.
OVERSEAS = [
    ("0690 00 12 34", "+590690001234"),  # Guadeloupe, mobile
    ("0691 22 12 34", "+590691221234"),  # Guadeloupe, mobile
    ("0590 20 12 34", "+590590201234"),  # Guadeloupe, landline
    ("0590 27 12 34", "+590590271234"),  # Saint-Barthélemy, landline
    ("0590 87 12 34", "+590590871234"),  # Saint-Martin, landline
    ("0694 20 12 34", "+594694201234"),  # Guyane, mobile
    ("0594 30 12 34", "+594594301234"),  # Guyane, landline
    ("0696 20 12 34", "+596696201234"),  # Martinique, mobile
    ("0697 20 12 34", "+596697201234"),  # Martinique, mobile
    ("0596 30 12 34", "+596596301234"),  # Martinique, landline
    ("0692 12 34 56", "+262692123456"),  # La Réunion, mobile
    ("0693 12 34 56", "+262693123456"),  # La Réunion, mobile
    ("0262 16 12 34", "+262262161234"),  # La Réunion, landline
    ("0639 01 23 45", "+262639012345"),  # Mayotte, mobile
    ("0269 60 12 34", "+262269601234"),  # Mayotte, landline
    ("0508 55 12 34", "+508551234"),  # Saint-Pierre-et-Miquelon, mobile
    ("0508 41 12 34", "+508411234"),  # Saint-Pierre-et-Miquelon, landline
]
OVERSEAS_MOBILES = [e164 for typed, e164 in OVERSEAS if typed.startswith(("06", "0508 5"))]


@pytest.mark.parametrize(("typed", "stored"), OVERSEAS)
def test_an_overseas_number_typed_from_france_gets_its_own_country_code(typed, stored):
    assert normalise_french_phone(typed) == stored
    # Typed with its code, or wrongly with +33 (as it used to be stored), the same.
    assert normalise_french_phone(stored) == stored
    assert normalise_french_phone("+33" + typed.replace(" ", "")[1:]) == stored


def test_a_guadeloupe_mobile_is_read_shown_and_texted():
    assert normalise_french_phone("0690 12 34 56") == "+590690123456"
    assert normalise_french_phone("+590 690 12 34 56") == "+590690123456"
    assert normalise_french_phone("00590690123456") == "+590690123456"
    assert french_mobile("0690123456") == "+590690123456"
    assert display_phone("+590690123456") == "0690 12 34 56"


@pytest.mark.parametrize("stored", OVERSEAS_MOBILES)
def test_overseas_mobiles_can_receive_an_sms(stored):
    assert is_mobile(stored)
    assert french_mobile(display_phone(stored)) == stored


@pytest.mark.parametrize(
    "number",
    ["+687751234", "+68987123456", "+681821234"],  # New Caledonia, Polynesia, Wallis
)
def test_pacific_numbers_are_typed_with_their_code_and_shown_so(number):
    assert normalise_french_phone(number) == number
    assert display_phone(number).startswith(number[:4] + " ")
    assert is_mobile(number)


@pytest.mark.parametrize(
    "landline",
    ["04 78 00 00 00", "+33180059880", "0590 20 12 34", "0262 16 12 34", "0800 12 34 56"],
)
def test_landlines_are_kept_but_get_no_sms(landline):
    assert normalise_french_phone(landline) is not None
    assert french_mobile(landline) is None
    assert not is_mobile(landline)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "06 12 34",  # too short
        "06 12 34 56 78 90",  # too long
        "0700000001",  # a mobile range no operator holds
        "+33 4 00 00 10 20",  # 04 00: no such number
        "+44 7700 900123",  # not French
        "+32 470 12 34 56",
        "06 12 34 56 78 (maison)",
        "0800-FLOWERS",
    ],
)
def test_anything_else_is_refused(raw):
    assert normalise_french_phone(raw) is None
    assert french_mobile(raw) is None
    assert not is_mobile(raw)
    assert display_phone(raw) == raw


def test_the_counter_reads_the_national_format():
    assert display_phone("+33612345678") == "06 12 34 56 78"
    assert display_phone("06.12.34.56.78") == "06 12 34 56 78"
    assert display_phone("+33478000000") == "04 78 00 00 00"
    assert display_phone("+508411234") == "+508 41 12 34"


def pairs(national: str) -> str:
    """'0612345678' -> '06 12 34 56 78'."""
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


# Every valid metropolitan mobile, however it is written, round-trips.
metropolitan_mobile = st.from_regex(r"\A[67][0-9]{8}\Z").filter(
    lambda digits: (
        phonenumbers.number_type(phonenumbers.parse("+33" + digits))
        == phonenumbers.PhoneNumberType.MOBILE
    )
)
writing = st.sampled_from(
    [
        lambda d: "0" + d,
        lambda d: "+33" + d,
        lambda d: "0033" + d,
        lambda d: pairs("0" + d),
        lambda d: pairs("0" + d).replace(" ", "."),
        lambda d: "+33 " + pairs("0" + d)[1:],
        lambda d: "(0)" + pairs("0" + d)[1:].replace(" ", "-"),
    ]
)


@examples(200)
@given(digits=metropolitan_mobile, write=writing)
def test_every_french_mobile_round_trips(digits, write):
    stored = "+33" + digits
    assert french_mobile(write(digits)) == stored
    assert is_mobile(stored)
    assert display_phone(stored) == pairs("0" + digits)
    assert french_mobile(display_phone(stored)) == stored
