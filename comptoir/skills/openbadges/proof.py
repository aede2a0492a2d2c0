"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.

Follows W3C "Data Integrity EdDSA Cryptosuites v1.0" (§ eddsa-rdfc-2022):

1. proof configuration = the proof options without `proofValue`, with the
   document's `@context`; canonicalised with RDFC-1.0 (URDNA2015, N-Quads);
2. transformed document = the document without `proof`, canonicalised the same way;
3. hashData = SHA-256(canonical proof configuration) + SHA-256(canonical document);
4. proofValue = multibase base58btc ('z…') of the Ed25519 signature of hashData.

Contexts come from the offline loader (`documents.document_loader`); a test may
pass another loader to reproduce a spec test vector.
"""

import datetime
import hashlib
from collections.abc import Callable

import base58
from cryptography.exceptions import InvalidSignature
from pyld import jsonld

from comptoir.skills.openbadges.documents import document_loader as default_loader
from comptoir.skills.openbadges.keys import (
    ed25519_public_from_multibase,
    load_ed25519_private,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def canonicalize(doc: dict, *, document_loader: Callable | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader or default_loader,
        },
    )


def hash_data(
    unsecured: dict, proof_config: dict, *, document_loader: Callable | None = None
) -> bytes:
    """proofConfigHash + transformedDocumentHash (64 bytes)."""
    config = {**proof_config, "@context": unsecured["@context"]}
    config.pop("proofValue", None)
    config_hash = hashlib.sha256(
        canonicalize(config, document_loader=document_loader).encode("utf-8")
    ).digest()
    doc_hash = hashlib.sha256(
        canonicalize(unsecured, document_loader=document_loader).encode("utf-8")
    ).digest()
    return config_hash + doc_hash


def format_datetime(value: datetime.datetime) -> str:
    """XML Schema dateTime in UTC, to the second: '2024-03-01T10:00:00Z'."""
    value = value.astimezone(datetime.UTC).replace(microsecond=0)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_data_integrity(
    doc: dict,
    *,
    private_key_pem: str,
    verification_method: str,
    created: datetime.datetime | str,
    document_loader: Callable | None = None,
) -> dict:
    """A copy of `doc` with an `eddsa-rdfc-2022` DataIntegrityProof added."""
    unsecured = {key: value for key, value in doc.items() if key != "proof"}
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created if isinstance(created, str) else format_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    data = hash_data(unsecured, proof, document_loader=document_loader)
    signature = load_ed25519_private(private_key_pem).sign(data)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    return {**unsecured, "proof": proof}


def verify_data_integrity(
    doc: dict, *, public_key_multibase: str, document_loader: Callable | None = None
) -> bool:
    """Whether `doc` carries a valid eddsa-rdfc-2022 proof made with this key.

    Any mismatch (tampered data, wrong key, malformed proof, a context we do not
    ship) gives False rather than an exception.
    """
    try:
        proof = doc.get("proof")
        if isinstance(proof, list) and len(proof) == 1:
            proof = proof[0]
        if not isinstance(proof, dict):
            return False
        if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
            return False
        if proof.get("proofPurpose") != "assertionMethod":
            return False
        value = proof.get("proofValue")
        if not isinstance(value, str) or not value.startswith("z"):
            return False
        signature = base58.b58decode(value[1:])
        unsecured = {key: val for key, val in doc.items() if key != "proof"}
        config = {key: val for key, val in proof.items() if key != "proofValue"}
        if "@context" in config and config["@context"] != unsecured.get("@context"):
            return False
        data = hash_data(unsecured, config, document_loader=document_loader)
        ed25519_public_from_multibase(public_key_multibase).verify(signature, data)
    except (InvalidSignature, ValueError, TypeError, KeyError, jsonld.JsonLdError):
        return False
    return True
