"""eddsa-rdfc-2022 Data Integrity proofs, including the W3C test vector."""

import copy
import datetime

import pytest

from comptoir.skills.openbadges import keys
from comptoir.skills.openbadges.documents import document_loader
from comptoir.skills.openbadges.proof import (
    canonicalize,
    hash_data,
    sign_data_integrity,
    verify_data_integrity,
)

# W3C vc-di-eddsa, TestVectors/keyPair.json and TestVectors/eddsa-rdfc-2022/
# (repository w3c/vc-di-eddsa): the spec's example key, credential and proof.
W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
W3C_SIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", W3C_EXAMPLES_CONTEXT],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": f"https://vc.example/issuers/5678#{W3C_PUBLIC}",
        "proofPurpose": "assertionMethod",
        "proofValue": "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9",
    },
}
W3C_PROOF_CANON = (
    '_:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"'
    "^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n"
    "_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/security#DataIntegrityProof> .\n"
    '_:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"'
    "^^<https://w3id.org/security#cryptosuiteString> .\n"
    "_:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .\n"
    "_:c14n0 <https://w3id.org/security#verificationMethod> "
    f"<https://vc.example/issuers/5678#{W3C_PUBLIC}> .\n"
)
W3C_COMBINED_HASH = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
)


def w3c_loader(url, options=None):
    """Our offline loader plus the W3C examples context (test data only).

    Its published content is a single `@vocab`; it is never shipped or used
    outside this test.
    """
    if url == W3C_EXAMPLES_CONTEXT:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}},
        }
    return document_loader(url, options)


def unsigned(doc):
    return {key: value for key, value in doc.items() if key != "proof"}


def test_the_w3c_secret_key_gives_the_w3c_public_key():
    pem = keys.ed25519_private_from_multibase(W3C_SECRET)
    assert keys.ed25519_public_multibase(pem) == W3C_PUBLIC


def test_the_proof_configuration_canonicalises_as_in_the_w3c_vector():
    config = {**unsigned(W3C_SIGNED["proof"]), "@context": W3C_SIGNED["@context"]}
    del config["proofValue"]
    assert canonicalize(config, document_loader=w3c_loader) == W3C_PROOF_CANON


def test_hash_data_matches_the_w3c_vector():
    data = hash_data(unsigned(W3C_SIGNED), W3C_SIGNED["proof"], document_loader=w3c_loader)
    assert data.hex() == W3C_COMBINED_HASH


def test_signing_the_w3c_credential_gives_the_w3c_proof_value():
    proof = W3C_SIGNED["proof"]
    signed = sign_data_integrity(
        unsigned(W3C_SIGNED),
        private_key_pem=keys.ed25519_private_from_multibase(W3C_SECRET),
        verification_method=proof["verificationMethod"],
        created=proof["created"],
        document_loader=w3c_loader,
    )
    assert signed == W3C_SIGNED


def test_the_w3c_credential_verifies_and_a_changed_one_does_not():
    assert verify_data_integrity(
        W3C_SIGNED, public_key_multibase=W3C_PUBLIC, document_loader=w3c_loader
    )
    changed = copy.deepcopy(W3C_SIGNED)
    changed["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    assert not verify_data_integrity(
        changed, public_key_multibase=W3C_PUBLIC, document_loader=w3c_loader
    )


def test_the_w3c_examples_context_is_never_served_by_the_real_loader():
    assert not verify_data_integrity(W3C_SIGNED, public_key_multibase=W3C_PUBLIC)


@pytest.fixture(scope="module")
def key_pem():
    return keys.generate_ed25519_pem()


@pytest.fixture
def badge():
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f1a1d0c-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://comptoir.test/badges/x/emetteur.json",
            "type": ["Profile"],
            "name": "X",
        },
        "validFrom": "2024-03-01T10:00:00Z",
        "name": "Envoyer un e-mail",
        "credentialSubject": {
            "id": "urn:uuid:2f1a1d0c-0000-4000-8000-000000000002",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://comptoir.test/badges/x/badge/1/",
                "type": ["Achievement"],
                "name": "Envoyer un e-mail",
                "description": "Sait envoyer un e-mail.",
                "criteria": {"narrative": "A envoyé un e-mail."},
            },
        },
    }


def sign(doc, pem):
    return sign_data_integrity(
        doc,
        private_key_pem=pem,
        verification_method="https://comptoir.test/badges/x/emetteur.json#key-ed25519",
        created=datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC),
    )


def test_a_signed_badge_verifies_with_its_key(badge, key_pem):
    signed = sign(badge, key_pem)
    assert signed["proof"]["proofValue"].startswith("z")
    assert signed["proof"]["created"] == "2024-03-01T10:00:00Z"
    assert verify_data_integrity(
        signed, public_key_multibase=keys.ed25519_public_multibase(key_pem)
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["credentialSubject"]["achievement"].update(name="Réparer un ordinateur"),
        lambda d: d.update(validFrom="2020-01-01T00:00:00Z"),
        lambda d: d["issuer"].update(name="Un autre lieu"),
        lambda d: d["proof"].update(created="2024-03-02T10:00:00Z"),
        lambda d: d["proof"].update(verificationMethod="https://ailleurs.test/#key"),
        lambda d: d["credentialSubject"].update(id="urn:uuid:00000000-0000-4000-8000-000000000000"),
        lambda d: d["credentialSubject"]["achievement"]["criteria"].update(narrative="Rien."),
    ],
)
def test_any_change_breaks_the_proof(badge, key_pem, tamper):
    signed = sign(badge, key_pem)
    tamper(signed)
    assert not verify_data_integrity(
        signed, public_key_multibase=keys.ed25519_public_multibase(key_pem)
    )


def test_another_key_does_not_verify(badge, key_pem):
    signed = sign(badge, key_pem)
    other = keys.ed25519_public_multibase(keys.generate_ed25519_pem())
    assert not verify_data_integrity(signed, public_key_multibase=other)


@pytest.mark.parametrize("proof", [None, "garbage", {"type": "DataIntegrityProof"}, [{}]])
def test_a_missing_or_malformed_proof_is_false_not_an_error(badge, key_pem, proof):
    doc = dict(badge, proof=proof)
    assert not verify_data_integrity(
        doc, public_key_multibase=keys.ed25519_public_multibase(key_pem)
    )


def test_the_public_key_is_an_ed25519_multikey(key_pem):
    assert keys.ed25519_public_multibase(key_pem).startswith("z6Mk")
