"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.

Follows W3C "Data Integrity EdDSA Cryptosuites v1.0" (§ eddsa-rdfc-2022):

1. proof configuration = the proof options without `proofValue`, with the
   document's `@context`; canonicalised with RDFC-1.0 (URDNA2015, N-Quads);
2. transformed document = the document without `proof`, canonicalised the same way;
3. hashData = SHA-256(canonical proof configuration) + SHA-256(canonical document);
4. proofValue = multibase base58btc ('z…') of the Ed25519 signature of hashData.

Contexts come from the offline loader (`documents.document_loader`); a test may
pass another loader to reproduce a spec test vector.

Canonicalisation is bounded (see `limits`): the dataset's quads and blank nodes are
counted before it starts, and its costly part (N-degree hashing, factorial in the
number of blank nodes that look alike) counts its steps and watches the clock, so a
crafted credential is refused with `limits.InputRefused` in a fraction of a second.
"""

import datetime
import hashlib
import time
from collections.abc import Callable

import base58
from cryptography.exceptions import InvalidSignature
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.identifier_issuer import IdentifierIssuer

from comptoir.skills.openbadges import limits
from comptoir.skills.openbadges.documents import document_loader as default_loader
from comptoir.skills.openbadges.keys import (
    ed25519_public_from_multibase,
    load_ed25519_private,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class _Budget:
    """Steps and wall clock left to one canonicalisation."""

    def __init__(self, steps: int, seconds: float) -> None:
        self.steps = steps
        self.deadline = time.monotonic() + seconds

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0 or (self.steps % 64 == 0 and time.monotonic() > self.deadline):
            raise limits.InputRefused(limits.TOO_COMPLEX)


class _CountingIssuer(IdentifierIssuer):
    """The canonical issuer, asked about every related blank node of every
    permutation tried by the N-degree hashing: one step each."""

    def __init__(self, prefix: str, budget: _Budget) -> None:
        super().__init__(prefix)
        self.budget = budget

    def has_id(self, old) -> bool:
        self.budget.spend()
        return super().has_id(old)


class _BoundedURDNA2015(URDNA2015):
    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self.budget = budget
        self.canonical_issuer = _CountingIssuer("_:c14n", budget)

    def hash_n_degree_quads(self, id_, issuer):
        self.budget.spend()
        return super().hash_n_degree_quads(id_, issuer)


def _check_dataset(dataset: dict) -> None:
    quads = sum(len(triples) for triples in dataset.values())
    if quads > limits.MAX_QUADS:
        raise limits.InputRefused(limits.TOO_MANY_VALUES)
    blank_nodes = {
        term["value"]
        for triples in dataset.values()
        for quad in triples
        for term in (quad["subject"], quad["object"])
        if term["type"] == "blank node"
    }
    blank_nodes.update(name for name in dataset if name.startswith("_:"))
    if len(blank_nodes) > limits.MAX_BLANK_NODES:
        raise limits.InputRefused(limits.TOO_MANY_VALUES)


def canonicalize(doc: dict, *, document_loader: Callable | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document (what `jsonld.normalize`
    gives with URDNA2015), refused with `limits.InputRefused` beyond the caps."""
    try:
        dataset = jsonld.to_rdf(
            doc,
            {"documentLoader": document_loader or default_loader, "produceGeneralizedRdf": False},
        )
    except jsonld.JsonLdError as cause:
        raise jsonld.JsonLdError(
            "Could not convert input to RDF dataset before normalization.",
            "jsonld.NormalizeError",
        ) from cause
    _check_dataset(dataset)
    budget = _Budget(limits.MAX_CANONICALISATION_STEPS, limits.CANONICALISATION_SECONDS)
    return _BoundedURDNA2015(budget).main(dataset, {"format": "application/n-quads"})


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
    ship) gives False rather than an exception; a document over the caps raises
    `limits.InputRefused`, so that the page can say why.
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
