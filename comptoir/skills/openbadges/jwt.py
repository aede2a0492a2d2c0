"""VC-JWT per Open Badges 3.0 § 8.2 "JSON Web Token Proof Format".

The JOSE header is {alg: RS256, typ: JWT, kid}; the payload is the credential
JSON itself plus the JWT claims that mirror it: iss (issuer.id), jti (id),
sub (credentialSubject.id), nbf (validFrom) and exp (validUntil, when any).
"""

import datetime

from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

ALGORITHM = "RS256"
JWT_CLAIMS = ("iss", "jti", "sub", "nbf", "exp")


class JWTVerificationError(Exception):
    """The token is malformed or its signature does not verify."""


def parse_datetime(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _numeric_date(value: str) -> int:
    return int(parse_datetime(value).timestamp())


def _subject_id(credential: dict):
    subject = credential.get("credentialSubject") or {}
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    return subject.get("id")


def claims_for(credential: dict) -> dict:
    claims = dict(credential)
    issuer = credential["issuer"]
    claims["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    claims["jti"] = credential["id"]
    subject_id = _subject_id(credential)
    if subject_id:
        claims["sub"] = subject_id
    claims["nbf"] = _numeric_date(credential["validFrom"])
    if credential.get("validUntil"):
        claims["exp"] = _numeric_date(credential["validUntil"])
    return claims


def sign_jwt(credential: dict, *, private_key_pem: str, kid: str) -> str:
    """The credential as a compact JWS (RS256)."""
    key = RSAKey.import_key(private_key_pem)
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": kid}
    return jose_jwt.encode(header, claims_for(credential), key, algorithms=[ALGORITHM])


def unverified_header(token: str) -> dict:
    """The JOSE header, read without checking anything (to find the kid)."""
    import base64

    from comptoir.skills.openbadges import limits

    try:
        head = token.split(".")[0]
        head += "=" * (-len(head) % 4)
        header = limits.load_json(base64.urlsafe_b64decode(head))
    except (ValueError, IndexError, limits.InputRefused) as error:
        raise JWTVerificationError("Le jeton n’est pas un JWT lisible.") from error
    if not isinstance(header, dict):
        raise JWTVerificationError("Le jeton n’est pas un JWT lisible.")
    return header


def verify_jwt(token: str, *, public_jwk: dict) -> dict:
    """The claims of a token signed with this key; JWTVerificationError otherwise.

    Also checks that the JWT claims agree with the credential they carry
    (OB 3.0 § 8.2.6.1). Dates are not judged here: the verifier does that.
    """
    try:
        key = RSAKey.import_key({k: v for k, v in public_jwk.items() if k != "d"})
        token_obj = jose_jwt.decode(token, key, algorithms=[ALGORITHM])
    except (JoseError, ValueError, TypeError) as error:
        raise JWTVerificationError(
            f"La signature du jeton ne correspond pas à la clé de l’émetteur ({error})."
        ) from error
    if token_obj.header.get("alg") != ALGORITHM:
        raise JWTVerificationError("Algorithme de signature inattendu.")
    claims = dict(token_obj.claims)
    expected = claims_for(credential_from_claims(claims))
    for name in JWT_CLAIMS:
        if claims.get(name) != expected.get(name):
            raise JWTVerificationError(
                f"La déclaration « {name} » du jeton ne correspond pas au badge."
            )
    return claims


def credential_from_claims(claims: dict) -> dict:
    """The credential carried by a token: its payload without the JWT claims."""
    return {key: value for key, value in claims.items() if key not in JWT_CLAIMS}
