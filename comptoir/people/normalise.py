"""Normalised keys used to search people and spot near-duplicates."""

import re
import unicodedata


def name_key(name: str) -> str:
    """'  Élodie-Marie ' -> 'elodie marie' (no accents, no case, single spaces)."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.split(r"[^a-z0-9]+", stripped.casefold())
    return " ".join(w for w in words if w)


def phone_key(phone: str) -> str:
    """Comparable form of a French phone number: its last 9 digits.

    '06 12 34 56 78', '+33 6 12 34 56 78' and '0033612345678' give the same key.
    """
    digits = re.sub(r"\D", "", phone)
    return digits[-9:] if len(digits) >= 9 else digits
