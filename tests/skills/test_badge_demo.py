"""The demo's badges: aligned with Pix, a few credentials that verify, one revoked."""

import io
from types import SimpleNamespace

import pytest

from comptoir.demo.badges import BADGES, REVOCATION, build_badges
from comptoir.skills import issuing
from comptoir.skills.models import Achievement, Credential, IssuerProfile
from tests.skills.badge_world import make_person
from tests.skills.helpers import load_pix_framework

pytestmark = pytest.mark.django_db


def test_the_demo_defines_badges_and_awards_a_few_with_one_revoked(venue, coordinator, mediator):
    load_pix_framework()
    people = [make_person(venue, f"Personne {n}") for n in range(8)]
    people.append(make_person(venue, "Joignable", phone="+33600000099"))
    out = io.StringIO()
    builder = SimpleNamespace(stdout=out, users={"coordinator": coordinator, "mediator": mediator})
    awarded = build_badges(builder, SimpleNamespace(venue=venue, people=people))

    assert "badges" in out.getvalue()
    assert IssuerProfile.objects.get(venue=venue).description
    names = set(Achievement.objects.filter(venue=venue).values_list("name", flat=True))
    assert names == {spec["name"] for spec in BADGES}
    assert {"Premiers pas sur smartphone", "Envoyer un e-mail avec une pièce jointe"} <= names
    assert all(a.competences.exists() for a in Achievement.objects.filter(venue=venue))
    credentials = list(Credential.objects.all())
    assert len(credentials) == awarded >= 3
    assert all(c.person.phone == "" for c in credentials)
    revoked = [c for c in credentials if c.is_revoked]
    assert len(revoked) == 1 and revoked[0].revocation_reason == REVOCATION
    statuses = {issuing.verify_credential(c.signed_json).status for c in credentials}
    assert statuses == {"valid", "revoked"}
