"""Phone numbers of France and its overseas departments and territories, read
with the `phonenumbers` library: accept what people type, store E.164
('+33612345678'), show the national format at the counter ('06 12 34 56 78').

People type numbers as they dial them from France. The overseas departments
share the French ten-digit plan but not its country code: a Guadeloupe mobile
dialled 0690 12 34 56 is +590 690 12 34 56, which `phonenumbers` does not know
when told the number is French (+33 690… is no number at all). So a number
typed nationally, or with +33, is read in the region whose plan it belongs to;
Saint-Pierre-and-Miquelon's six digits are dialled from France after 0508.
Numbers of New Caledonia, French Polynesia and Wallis-and-Futuna are typed
with their own code (+687, +689, +681), as everywhere else.
"""

import re

import phonenumbers
from django.db.migrations import RunPython
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

# Where a French phone number may be.
FRENCH_REGIONS = frozenset({"FR", "GP", "BL", "MF", "GF", "MQ", "RE", "YT", "PM", "NC", "PF", "WF"})
# The overseas departments in the French ten-digit plan (Saint-Barthélemy and
# Saint-Martin are read through Guadeloupe, whose +590 they share).
TEN_DIGIT_OVERSEAS = ("GP", "GF", "MQ", "RE", "YT")
# Dialled from France: 0508 then Saint-Pierre-and-Miquelon's six digits.
PM_FROM_FRANCE = re.compile(r"508(\d{6})")
# Kinds of number a person is reached at, in the overseas plans: a toll-free
# 0800 number is the same in Paris and Fort-de-France, and stays French.
PERSONAL = frozenset(
    {PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
MOBILE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# Country codes whose numbers are dialled from France with a leading 0.
NATIONAL_DIALLING = frozenset({33, 590, 594, 596, 262})
# What a typed number may hold: digits, one leading +, the usual separators.
TYPED = re.compile(r"\+?[\d\s.\-()/]{1,30}")


def _parse(text: str, region: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _overseas(national: str) -> PhoneNumber | None:
    """The overseas number that these nine digits (after the 0) make, if any."""
    if match := PM_FROM_FRANCE.fullmatch(national):
        number = _parse("+508" + match[1], "PM")
        return number if number is not None and phonenumbers.is_valid_number(number) else None
    for region in TEN_DIGIT_OVERSEAS:
        number = _parse("0" + national, region)
        if (
            number is not None
            and phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) in PERSONAL
        ):
            return number
    return None


def parse_phone(raw: str) -> PhoneNumber | None:
    """The valid French (or French overseas) number in `raw`, else None."""
    text = (raw or "").strip()
    if not TYPED.fullmatch(text):
        return None
    number = _parse(text, "FR")
    if number is None:
        return None
    if number.country_code == 33:
        national = str(number.national_number)
        number = _overseas(national) or number
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.region_code_for_number(number) not in FRENCH_REGIONS:
        return None
    return number


def e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def normalise_french_phone(raw: str) -> str | None:
    """'06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678' -> '+33612345678';
    '0690 12 34 56' or '+590 690 12 34 56' -> '+590690123456'.

    Returns None when the input is not a valid French or French overseas number.
    """
    number = parse_phone(raw)
    return e164(number) if number is not None else None


def french_mobile(raw: str) -> str | None:
    """The number in E.164 when it is a mobile (one that can receive an SMS), else None."""
    number = parse_phone(raw)
    if number is None or phonenumbers.number_type(number) not in MOBILE:
        return None
    return e164(number)


def is_mobile(value: str) -> bool:
    """Whether an SMS can go to this number (as stored, or as typed)."""
    return bool(value) and french_mobile(value) is not None


def display_phone(value: str) -> str:
    """'+33612345678' -> '06 12 34 56 78', '+590690123456' -> '0690 12 34 56' (as
    dialled from France); '+508411234' -> '+508 41 12 34'. Anything else as given."""
    number = parse_phone(value)
    if number is None:
        return value
    if number.country_code in NATIONAL_DIALLING:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def rehome_overseas_numbers(queryset, field: str = "phone") -> int:
    """For data migrations: rewrite the stored '+33…' numbers that are overseas
    numbers (before phonenumbers, 0690 12 34 56 was stored as +33690123456).
    Returns how many rows changed."""
    changed = 0
    rows = queryset.filter(**{f"{field}__startswith": "+33"}).values_list("pk", field)
    for pk, value in rows.iterator():
        number = normalise_french_phone(value)
        if number is not None and not number.startswith("+33"):
            changed += queryset.filter(pk=pk).update(**{field: number})
    return changed


def rehome_overseas_numbers_operation(app_label: str, model_name: str) -> RunPython:
    """The data migration of one model's `phone` (irreversible: the old values
    were wrong; elidable: a squash drops it)."""

    def rehome(apps, schema_editor) -> None:
        rehome_overseas_numbers(apps.get_model(app_label, model_name).objects.all())

    return RunPython(rehome, RunPython.noop, elidable=True)
