"""The signed link to a person's badge page, given to them by staff.

The token signs the person's id with a salt of its own: it cannot be forged nor
turned into another person's link. It works for LINK_MAX_AGE after it was made
(the badges themselves are kept for years: the team gives a fresh link from the
person's page whenever asked). Whoever holds the link sees the person's badges
and downloads them, and nothing else about the person.
"""

import datetime

from django.core import signing
from django.urls import reverse

from comptoir.kernel.errors import InvalidLink

SALT = "comptoir.skills.badges.person"
LINK_MAX_AGE = datetime.timedelta(days=365)


def make_token(person) -> str:
    return signing.dumps({"p": person.pk}, salt=SALT)


def person_badges_url(person) -> str:
    return reverse("skills:my_badges", args=[make_token(person)])


def read_token(token: str):
    """The person the token is for, or InvalidLink."""
    from comptoir.people.models import Person

    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidLink("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidLink("tampered") from exc
    person_id = data.get("p") if isinstance(data, dict) else None
    person = Person.objects.select_related("venue").filter(pk=person_id).first()
    if person is None:
        raise InvalidLink("unknown")
    return person
