"""French phone numbers: accept what people type, store the national format."""

import re

_OVERSEAS_PREFIXES = ("590", "594", "262", "596", "269", "687", "689", "508", "681")


def normalise_french_phone(raw: str) -> str | None:
    """'06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678' -> '+33612345678'.

    Returns None when the input is not a plausible French number.
    """
    digits = re.sub(r"[\s.\-()/]", "", raw.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", digits):
        return digits
    for prefix in _OVERSEAS_PREFIXES:
        if re.fullmatch(rf"\+{prefix}\d{{6,9}}", digits):
            return digits
    return None


def french_mobile(raw: str) -> str | None:
    """'06 12 34 56 78', '+33 7…' -> '+33612345678'; None when not a French mobile."""
    number = normalise_french_phone(raw)
    if number is None or not re.fullmatch(r"\+33[67]\d{8}", number):
        return None
    return number


def display_phone(value: str) -> str:
    """'+33612345678' (or '+33 6 12…', '06.12…') -> '06 12 34 56 78' for reading at the counter."""
    value = normalise_french_phone(value) or value
    if re.fullmatch(r"\+33[1-9]\d{8}", value):
        national = "0" + value[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return value
