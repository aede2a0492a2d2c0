"""Awarding through `award_credential`, then verifying through the published documents."""

import datetime
import json
import time

import pytest
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.skills.issuing import (
    BadgeError,
    award_credential,
    issuer_for,
    revoke_credential,
    verify_credential,
)
from comptoir.skills.models import Credential
from comptoir.skills.openbadges import jwt as vc_jwt
from comptoir.skills.openbadges.proof import verify_data_integrity
from comptoir.skills.openbadges.schema import profile_schema_errors, schema_errors, undefined_terms
from comptoir.skills.openbadges.verifier import find_key
from tests.factories import PersonFactory
from tests.skills.openbadges.factories import AchievementFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture
def credential(coordinator, achievement, person):
    return award_credential(
        actor=coordinator,
        achievement=achievement,
        person=person,
        evidence_note="Atelier du 3 mars",
        now=NOW,
    )


def test_the_issued_credential_follows_the_official_schema_and_contexts(credential):
    signed = credential.signed_json
    assert schema_errors(signed) == []
    assert undefined_terms(signed) == []
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["id"] == f"urn:uuid:{credential.public_id}"
    assert signed["validFrom"] == "2025-03-04T10:30:00Z"
    assert "validUntil" not in signed
    assert signed["evidence"] == [{"type": ["Evidence"], "narrative": "Atelier du 3 mars"}]
    achievement = signed["credentialSubject"]["achievement"]
    assert achievement["name"] == "Envoyer un e-mail"
    assert [a["targetCode"] for a in achievement["alignment"]] == ["2.1", "3.1"]
    assert achievement["alignment"][0]["targetFramework"] == "Pix"
    assert achievement["alignment"][0]["targetName"].startswith("2.1 ")


def test_the_credential_names_nobody_and_hashes_the_email(credential):
    text = json.dumps(credential.signed_json) + credential.signed_jwt
    assert "Aïcha" not in text and "Aicha" not in text and "aicha@" not in text.lower()
    identity = credential.signed_json["credentialSubject"]["identifier"][0]
    import hashlib

    expected = hashlib.sha256(("aicha@example.org" + identity["salt"]).encode()).hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityHash": f"sha256${expected}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": identity["salt"],
    }


def test_a_phone_number_never_goes_into_the_credential(coordinator, achievement, venue):
    """A phone number's hash is no protection (few numbers exist): the subject is
    then only its opaque id."""
    person = PersonFactory(venue=venue, reachable=True)
    credential = award_credential(actor=coordinator, achievement=achievement, person=person)
    subject = credential.signed_json["credentialSubject"]
    assert "identifier" not in subject
    assert subject["id"].startswith("urn:uuid:")
    digits = person.phone.removeprefix("+33")
    assert digits not in json.dumps(credential.signed_json)
    assert schema_errors(credential.signed_json) == []


def test_both_proofs_verify_with_the_keys_of_the_published_profile(client, credential, venue):
    issuer_id = credential.signed_json["issuer"]["id"]
    assert issuer_id.endswith(reverse("skills:issuer_json", args=[venue.slug]))
    response = client.get(reverse("skills:issuer_json", args=[venue.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    profile = response.json()
    assert profile["id"] == issuer_id
    assert profile_schema_errors(profile) == []
    assert "PRIVATE" not in response.content.decode()

    proof = credential.signed_json["proof"]
    assert proof["verificationMethod"] == f"{issuer_id}#key-ed25519"
    multikey = find_key(profile, proof["verificationMethod"])
    assert multikey["type"] == "Multikey"
    assert verify_data_integrity(
        credential.signed_json, public_key_multibase=multikey["publicKeyMultibase"]
    )

    header = vc_jwt.unverified_header(credential.signed_jwt)
    assert header == {"alg": "RS256", "typ": "JWT", "kid": f"{issuer_id}#key-rsa"}
    jwk = find_key(profile, header["kid"])["publicKeyJwk"]
    assert "d" not in jwk and jwk["kid"] == header["kid"]
    claims = vc_jwt.verify_jwt(credential.signed_jwt, public_jwk=jwk)
    assert claims["iss"] == issuer_id
    assert claims["jti"] == credential.signed_json["id"]
    assert claims["sub"] == credential.signed_json["credentialSubject"]["id"]
    assert claims["nbf"] == int(NOW.timestamp())
    assert "proof" not in claims
    assert vc_jwt.credential_from_claims(claims) == {
        k: v for k, v in credential.signed_json.items() if k != "proof"
    }


def test_the_status_list_is_a_signed_bitstring_status_list_credential(client, credential, venue):
    url = credential.signed_json["credentialStatus"]["statusListCredential"]
    assert url.endswith(reverse("skills:status_list", args=[venue.slug]))
    document = client.get(reverse("skills:status_list", args=[venue.slug])).json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert undefined_terms(document) == []
    profile = client.get(reverse("skills:issuer_json", args=[venue.slug])).json()
    key = find_key(profile, document["proof"]["verificationMethod"])
    assert verify_data_integrity(document, public_key_multibase=key["publicKeyMultibase"])


@pytest.mark.parametrize("form", ["json", "jwt"])
def test_the_verifier_says_valid_then_revoked(client_fetch, credential, coordinator, form):
    payload = credential.signed_json if form == "json" else credential.signed_jwt
    result = verify_credential(payload, fetch=client_fetch, now=NOW)
    assert (result.status, result.format) == ("valid", form), result.reasons
    assert result.credential["credentialSubject"]["achievement"]["name"] == "Envoyer un e-mail"
    assert any(url.endswith("/statut.json") for url in client_fetch.seen)

    revoke_credential(actor=coordinator, credential=credential, reason="Attribué par erreur")
    result = verify_credential(payload, fetch=client_fetch, now=NOW)
    assert result.status == "revoked"
    assert result.reasons == ["L’émetteur a révoqué ce badge."]


def test_only_the_revoked_credential_is_revoked(client_fetch, coordinator, achievement, venue):
    first = award_credential(
        actor=coordinator, achievement=achievement, person=PersonFactory(venue=venue)
    )
    second = award_credential(
        actor=coordinator, achievement=achievement, person=PersonFactory(venue=venue)
    )
    assert second.status_index == first.status_index + 1
    revoke_credential(actor=coordinator, credential=second, reason="Erreur")
    assert verify_credential(first.signed_json, fetch=client_fetch).status == "valid"
    assert verify_credential(second.signed_json, fetch=client_fetch).status == "revoked"


def test_an_expired_credential_is_reported_expired(client_fetch, coordinator, venue, person):
    achievement = AchievementFactory(venue=venue, validity_days=30)
    credential = award_credential(
        actor=coordinator, achievement=achievement, person=person, now=NOW
    )
    assert credential.expires_at == NOW + datetime.timedelta(days=30)
    assert credential.signed_json["validUntil"] == "2025-04-03T10:30:00Z"
    later = NOW + datetime.timedelta(days=31)
    for payload in (credential.signed_json, credential.signed_jwt):
        assert verify_credential(payload, fetch=client_fetch, now=NOW).status == "valid"
        assert verify_credential(payload, fetch=client_fetch, now=later).status == "expired"
    claims = vc_jwt.verify_jwt(
        credential.signed_jwt,
        public_jwk=find_key(
            client_fetch(credential.signed_json["issuer"]["id"]),
            vc_jwt.unverified_header(credential.signed_jwt)["kid"],
        )["publicKeyJwk"],
    )
    assert claims["exp"] == int((NOW + datetime.timedelta(days=30)).timestamp())


def test_a_credential_is_not_valid_before_it_was_issued(client_fetch, credential):
    result = verify_credential(
        credential.signed_json, fetch=client_fetch, now=NOW - datetime.timedelta(days=1)
    )
    assert result.status == "invalid"


def test_a_tampered_credential_is_invalid(client_fetch, credential):
    forged = json.loads(json.dumps(credential.signed_json))
    forged["credentialSubject"]["achievement"]["name"] = "Réparer un ordinateur"
    result = verify_credential(forged, fetch=client_fetch, now=NOW)
    assert result.status == "invalid"
    assert "modifié" in result.reasons[0]


def test_a_tampered_jwt_is_invalid(client_fetch, credential):
    import base64

    head, body, signature = credential.signed_jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["name"] = "Réparer un ordinateur"
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    result = verify_credential(f"{head}.{forged_body}.{signature}", fetch=client_fetch, now=NOW)
    assert result.status == "invalid"


def test_a_credential_claiming_another_issuer_key_is_invalid(client_fetch, credential, other_venue):
    forged = json.loads(json.dumps(credential.signed_json))
    other = issuer_for(other_venue)
    forged["proof"]["verificationMethod"] = (
        "http://127.0.0.1:8000"
        + reverse("skills:issuer_json", args=[other.venue.slug])
        + "#key-ed25519"
    )
    assert verify_credential(forged, fetch=client_fetch, now=NOW).status == "invalid"


def test_garbage_is_invalid_not_an_error(client_fetch):
    for payload in ("", "not a badge", "a.b.c", "{broken", {"@context": []}):
        assert verify_credential(payload, fetch=client_fetch).status == "invalid"


def test_local_fetch_gives_the_same_documents_as_the_endpoints(client_fetch, credential):
    from comptoir.skills.issuing import local_fetch

    issuer_id = credential.signed_json["issuer"]["id"]
    assert local_fetch(issuer_id) == client_fetch(issuer_id)
    assert verify_credential(credential.signed_jwt, now=NOW).status == "valid"
    with pytest.raises(LookupError):
        local_fetch("https://elsewhere.example/badges/x/emetteur.json")


def test_awarding_is_in_the_audit_trail_without_personal_data(credential, person):
    entry = AuditEntry.objects.get(object_type="skills.credential", object_id=credential.pk)
    assert entry.changes["person"] == [None, person.pk]
    assert "Aïcha" not in json.dumps(entry.changes) + entry.object_repr


def test_revocation_needs_a_reason_and_happens_once(credential, coordinator):
    with pytest.raises(BadgeError):
        revoke_credential(actor=coordinator, credential=credential, reason="  ")
    revoke_credential(actor=coordinator, credential=credential, reason="Erreur de personne")
    credential.refresh_from_db()
    assert credential.is_revoked and credential.revoked_by == coordinator
    with pytest.raises(BadgeError, match="déjà révoqué"):
        revoke_credential(actor=coordinator, credential=credential, reason="Encore")
    entry = AuditEntry.objects.filter(object_id=credential.pk, action="update").get()
    assert "Erreur de personne" not in json.dumps(entry.changes)


def test_a_badge_of_another_venue_is_refused_and_nothing_is_written(
    coordinator, other_venue, person
):
    foreign = AchievementFactory(venue=other_venue)
    with pytest.raises(BadgeError, match="appartient à un autre lieu"):
        award_credential(actor=coordinator, achievement=foreign, person=person)
    assert Credential.objects.count() == 0


def test_a_badge_held_already_is_refused(coordinator, achievement, person, credential):
    with pytest.raises(BadgeError, match="déjà ce badge"):
        award_credential(actor=coordinator, achievement=achievement, person=person)
    assert Credential.objects.count() == 1


def test_a_revoked_badge_can_be_awarded_again(coordinator, achievement, person, credential):
    revoke_credential(actor=coordinator, credential=credential, reason="Erreur")
    again = award_credential(actor=coordinator, achievement=achievement, person=person)
    assert again.pk != credential.pk and again.status_index != credential.status_index


def test_an_inactive_badge_is_refused(coordinator, venue, person):
    achievement = AchievementFactory(venue=venue, active=False)
    with pytest.raises(BadgeError, match="ne peut plus"):
        award_credential(actor=coordinator, achievement=achievement, person=person)
    assert Credential.objects.count() == 0


def test_an_automatic_award_is_made_once_per_source(coordinator, achievement, person):
    first = award_credential(
        actor=None, achievement=achievement, person=person, source_ref="attendance:7"
    )
    again = award_credential(
        actor=None, achievement=achievement, person=person, source_ref="attendance:7"
    )
    assert again.pk == first.pk
    assert Credential.objects.count() == 1


def test_the_issuer_is_made_once_with_keys(venue):
    issuer = issuer_for(venue)
    assert issuer_for(venue).pk == issuer.pk
    assert "BEGIN PRIVATE KEY" in issuer.ed25519_private_key
    assert "BEGIN PRIVATE KEY" in issuer.rsa_private_key


def test_signing_one_credential_takes_little_time(coordinator, achievement, venue, capsys):
    issuer_for(venue)  # key generation is a one-off, not part of signing
    person = PersonFactory(venue=venue)
    start = time.perf_counter()
    award_credential(actor=coordinator, achievement=achievement, person=person)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(
            f"\naward_credential (build + DI proof + VC-JWT + schema + save): {elapsed * 1000:.0f} ms"
        )
    assert elapsed < 2
