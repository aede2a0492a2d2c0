"""The verifier: is this OpenBadgeCredential authentic, current and not revoked?

Pure library code: documents are obtained through `fetch(url) -> dict`, which
the caller supplies (in Comptoir: `issuing.local_fetch`, which never makes an
HTTP request). Follows OB 3.0 § 9.1 with a Bitstring Status List for status.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from comptoir.skills.openbadges import limits
from comptoir.skills.openbadges import status as status_list
from comptoir.skills.openbadges.jwt import (
    JWTVerificationError,
    credential_from_claims,
    parse_datetime,
    unverified_header,
    verify_jwt,
)
from comptoir.skills.openbadges.proof import verify_data_integrity
from comptoir.skills.openbadges.schema import schema_errors

VALID, EXPIRED, REVOKED, INVALID = "valid", "expired", "revoked", "invalid"


@dataclass
class VerificationResult:
    status: str
    reasons: list[str] = field(default_factory=list)
    credential: dict | None = None
    format: str = ""  # "json" (embedded proof) or "jwt"

    @property
    def is_valid(self) -> bool:
        return self.status == VALID


class _Invalid(Exception):
    pass


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def find_key(profile: dict, key_id: str) -> dict | None:
    """The verification method with this id listed on an issuer profile."""
    for method in _as_list(profile.get("verificationMethod")):
        if isinstance(method, dict) and method.get("id") == key_id:
            return method
    return None


def _issuer_id(credential: dict) -> str:
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not issuer_id:
        raise _Invalid("Le badge n’indique pas son émetteur.")
    return issuer_id


def _fetch(fetch: Callable[[str], dict], url: str, what: str) -> dict:
    try:
        document = fetch(url)
    except Exception as error:  # whatever the transport: the document is unavailable
        raise _Invalid(f"Impossible d’obtenir {what} ({url}).") from error
    if not isinstance(document, dict):
        raise _Invalid(f"{what.capitalize()} n’est pas un document JSON.")
    return document


def _key_of(profile: dict, issuer_id: str, key_id, field_name: str) -> dict:
    if not isinstance(key_id, str) or key_id.split("#")[0] != issuer_id:
        raise _Invalid("La clé de signature n’appartient pas à l’émetteur du badge.")
    method = find_key(profile, key_id)
    if method is None or field_name not in method:
        raise _Invalid("La clé de signature n’est pas publiée par l’émetteur.")
    return method


def _check_di(document: dict, profile: dict, issuer_id: str, what: str) -> None:
    proof = document.get("proof")
    proof = proof[0] if isinstance(proof, list) and proof else proof
    if not isinstance(proof, dict):
        raise _Invalid(f"{what} ne porte pas de preuve de signature.")
    method = _key_of(profile, issuer_id, proof.get("verificationMethod"), "publicKeyMultibase")
    if not verify_data_integrity(document, public_key_multibase=method["publicKeyMultibase"]):
        raise _Invalid(f"La signature de {what.lower()} ne correspond pas : il a été modifié.")


def _parse(payload: dict | str) -> tuple[dict, str, str | None]:
    """The credential, its format and its token; every cap of `limits` is checked
    here, before the schema, JSON-LD or signatures see anything."""
    if isinstance(payload, dict):
        limits.check_json_value(payload)
        return payload, "json", None
    text = payload.strip() if isinstance(payload, str) else ""
    limits.check_text_size(text)
    if text.startswith("{"):
        document = limits.load_json(text)
        if not isinstance(document, dict):
            raise _Invalid("Le texte n’est pas un JSON lisible.")
        return document, "json", None
    if text.count(".") == 2:
        import base64

        try:
            body = text.split(".")[1]
            claims = limits.load_json(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except limits.InputRefused as error:
            if error.message != limits.NOT_JSON:
                raise
            raise _Invalid("Le jeton n’est pas un JWT lisible.") from error
        except ValueError as error:
            raise _Invalid("Le jeton n’est pas un JWT lisible.") from error
        if not isinstance(claims, dict):
            raise _Invalid("Le jeton n’est pas un JWT lisible.")
        return credential_from_claims(claims), "jwt", text
    raise _Invalid("Ce n’est ni un badge JSON ni un jeton JWT.")


def verify_credential(
    payload: dict | str,
    *,
    fetch: Callable[[str], dict],
    now: datetime.datetime | None = None,
) -> VerificationResult:
    now = now or datetime.datetime.now(datetime.UTC)
    result = VerificationResult(status=INVALID)
    try:
        credential, kind, token = _parse(payload)
        result.credential, result.format = credential, kind
        errors = schema_errors(credential)
        if errors:
            raise _Invalid("Le badge n’est pas conforme au schéma Open Badges 3.0 : " + errors[0])
        subject = credential.get("credentialSubject") or {}
        if not (subject.get("id") or subject.get("identifier")):
            raise _Invalid("Le badge n’identifie pas la personne qui l’a reçu.")
        issuer_id = _issuer_id(credential)
        profile = _fetch(fetch, issuer_id, "le profil de l’émetteur")
        if profile.get("id") != issuer_id:
            raise _Invalid("Le profil obtenu n’est pas celui de l’émetteur du badge.")
        if kind == "jwt":
            header = unverified_header(token)
            method = _key_of(profile, issuer_id, header.get("kid"), "publicKeyJwk")
            try:
                verify_jwt(token, public_jwk=method["publicKeyJwk"])
            except JWTVerificationError as error:
                raise _Invalid(str(error)) from error
        else:
            _check_di(credential, profile, issuer_id, "Le badge")
        valid_from = parse_datetime(credential["validFrom"])
        if valid_from > now:
            raise _Invalid("Le badge n’est pas encore valide.")
        revoked = _is_revoked(credential, fetch, profile, issuer_id)
    except (_Invalid, JWTVerificationError) as error:
        result.status, result.reasons = INVALID, [str(error)]
        return result
    except limits.InputRefused as error:
        result.status, result.reasons = INVALID, [error.message]
        return result
    except (KeyError, TypeError, ValueError) as error:
        result.status, result.reasons = INVALID, [f"Le badge est mal formé ({error})."]
        return result
    valid_until = credential.get("validUntil")
    if revoked:
        result.status = REVOKED
        result.reasons.append("L’émetteur a révoqué ce badge.")
    elif valid_until and parse_datetime(valid_until) < now:
        result.status = EXPIRED
        result.reasons.append("Le badge a expiré.")
    else:
        result.status = VALID
        result.reasons.append("Signature vérifiée avec la clé publiée par l’émetteur.")
    return result


def _is_revoked(credential: dict, fetch, profile: dict, issuer_id: str) -> bool:
    revoked = False
    for entry in _as_list(credential.get("credentialStatus")):
        if entry.get("type") != "BitstringStatusListEntry":
            raise _Invalid("Méthode de statut inconnue : impossible de savoir s’il est révoqué.")
        if entry.get("statusPurpose") != "revocation":
            continue
        url = entry["statusListCredential"]
        status_credential = _fetch(fetch, url, "la liste de révocation")
        if _issuer_id(status_credential) != issuer_id:
            raise _Invalid("La liste de révocation n’est pas publiée par l’émetteur.")
        _check_di(status_credential, profile, issuer_id, "La liste de révocation")
        subject = status_credential.get("credentialSubject") or {}
        if subject.get("statusPurpose") != "revocation":
            raise _Invalid("La liste de statut n’est pas une liste de révocation.")
        try:
            revoked |= status_list.is_set(subject["encodedList"], int(entry["statusListIndex"]))
        except (KeyError, ValueError, OSError) as error:
            raise _Invalid("La liste de révocation est illisible.") from error
    return revoked
