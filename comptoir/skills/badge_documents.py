"""The JSON documents of Open Badges: issuer profile, status list, credential.

URLs are absolute (`settings.SITE_URL`) and built with `reverse()` on the fixed
URL names of `comptoir/skills/urls.py`. Re-exported by `comptoir.skills.issuing`,
which is the module to import.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.skills.models import Achievement, Credential, IssuerProfile
from comptoir.skills.openbadges import keys
from comptoir.skills.openbadges.documents import OB_CONTEXT, VC_V2_CONTEXT
from comptoir.skills.openbadges.jwt import sign_jwt
from comptoir.skills.openbadges.proof import format_datetime, sign_data_integrity
from comptoir.skills.openbadges.schema import schema_errors, undefined_terms
from comptoir.skills.openbadges.status import MIN_SIZE, encode_status_list

PIX_URL = "https://pix.fr/competences"
# Subject ids are derived from the credential id in this namespace: opaque, stable.
SUBJECT_NAMESPACE = uuid.UUID("6f1c1e2a-4b7d-4c1e-9a63-2d0b8f5e7c41")


class BadgeError(Exception):
    """An award or revocation that cannot be made; the message is for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_url(issuer: IssuerProfile) -> str:
    return _absolute(reverse("skills:issuer_json", args=[issuer.venue.slug]))


def status_list_url(issuer: IssuerProfile) -> str:
    return _absolute(reverse("skills:status_list", args=[issuer.venue.slug]))


def achievement_url(achievement: Achievement) -> str:
    return _absolute(
        reverse("skills:achievement_public", args=[achievement.venue.slug, achievement.public_id])
    )


def achievement_image_url(achievement: Achievement) -> str:
    return _absolute(
        reverse("skills:achievement_image", args=[achievement.venue.slug, achievement.public_id])
    )


def verify_url(credential: Credential) -> str:
    return _absolute(reverse("skills:verify", args=[credential.public_id]))


def ed25519_key_id(issuer: IssuerProfile) -> str:
    return issuer_url(issuer) + "#key-ed25519"


def rsa_key_id(issuer: IssuerProfile) -> str:
    return issuer_url(issuer) + "#key-rsa"


def _issuer_summary(issuer: IssuerProfile) -> dict:
    venue = issuer.venue
    summary = {
        "id": issuer_url(issuer),
        "type": ["Profile"],
        "name": venue.name,
        "url": _absolute(venue.get_absolute_url()),
    }
    if venue.email:
        summary["email"] = venue.email
    return summary


def issuer_profile_document(issuer: IssuerProfile) -> dict:
    """The issuer's public Profile (JSON-LD), valid against ob_v3p0_profile_schema.json.

    Keys are listed as W3C Controlled Identifier verification methods under
    `verificationMethod` (and referenced from `assertionMethod`):

    - `<issuer id>#key-ed25519`: type `Multikey`, `publicKeyMultibase` 'z6Mk…';
      the `verificationMethod` of every Data Integrity proof;
    - `<issuer id>#key-rsa`: type `JsonWebKey`, `publicKeyJwk` (kid = the same
      id), the `kid` of every VC-JWT header.

    A verifier dereferences a key URL by fetching this document and picking the
    entry whose `id` is that URL. The profile is not signed, and the Multikey
    context is not shipped offline, so the profile's @context is the VC v2 and
    OB 3.0 contexts only; the key entries are read as plain JSON.
    """
    ed25519_id, rsa_id = ed25519_key_id(issuer), rsa_key_id(issuer)
    document = {"@context": [VC_V2_CONTEXT, OB_CONTEXT], **_issuer_summary(issuer)}
    description = issuer.description or issuer.venue.summary
    if description:
        document["description"] = description
    controller = document["id"]
    document["verificationMethod"] = [
        {
            "id": ed25519_id,
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": keys.ed25519_public_multibase(issuer.ed25519_private_key),
        },
        {
            "id": rsa_id,
            "type": "JsonWebKey",
            "controller": controller,
            "publicKeyJwk": keys.rsa_public_jwk(issuer.rsa_private_key, kid=rsa_id),
        },
    ]
    document["assertionMethod"] = [ed25519_id, rsa_id]
    return document


def status_list_document(issuer: IssuerProfile, *, now: datetime.datetime | None = None) -> dict:
    """The issuer's BitstringStatusListCredential (revocation), with its DI proof."""
    now = now or timezone.now()
    url = status_list_url(issuer)
    revoked = issuer.credentials.filter(revoked_at__isnull=False).values_list(
        "status_index", flat=True
    )
    highest = issuer.credentials.aggregate(top=Max("status_index"))["top"] or 0
    document = {
        "@context": [VC_V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(issuer),
        "validFrom": format_datetime(now),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked, size=max(MIN_SIZE, highest + 1)),
        },
    }
    return sign_data_integrity(
        document,
        private_key_pem=issuer.ed25519_private_key,
        verification_method=ed25519_key_id(issuer),
        created=now,
    )


# --- Building and signing --------------------------------------------------------------------


def _identity(person) -> list[dict]:
    """The person's e-mail as a salted hash, when they gave one.

    Never the phone number: with about 10⁸ French mobile numbers, anyone holding
    the file could find it back from its hash in seconds, salt or not.
    """
    if person is None or not person.email:
        return []
    value, kind = person.email.strip().lower(), "emailAddress"
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return [
        {
            "type": "IdentityObject",
            "identityHash": f"sha256${digest}",
            "identityType": kind,
            "hashed": True,
            "salt": salt,
        }
    ]


def build_credential(credential: Credential) -> dict:
    """The unsigned OpenBadgeCredential for a (possibly not yet saved) Credential."""
    achievement, issuer = credential.achievement, credential.issuer
    subject = {
        "id": f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, str(credential.public_id))}",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": achievement_url(achievement),
            "type": ["Achievement"],
            "name": achievement.name,
            "description": achievement.description,
            "criteria": {"narrative": achievement.criteria},
            "image": {"id": achievement_image_url(achievement), "type": "Image"},
        },
    }
    identifier = _identity(credential.person)
    if identifier:
        subject["identifier"] = identifier
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": f"{competence.code} {competence.title}",
            "targetUrl": PIX_URL,
            "targetCode": competence.code,
            "targetFramework": "Pix",
        }
        for competence in achievement.competences.order_by("code")
    ]
    if alignments:
        subject["achievement"]["alignment"] = alignments
    status_url = status_list_url(issuer)
    document = {
        "@context": [VC_V2_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{credential.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer_summary(issuer),
        "validFrom": format_datetime(credential.issued_at),
        "name": achievement.name,
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": status_url,
        },
    }
    if credential.expires_at:
        document["validUntil"] = format_datetime(credential.expires_at)
    if credential.evidence_note:
        document["evidence"] = [{"type": ["Evidence"], "narrative": credential.evidence_note}]
    return document


def sign_credential(credential: Credential) -> tuple[dict, str]:
    """(signed JSON with a DI proof, VC-JWT of the unsigned credential); schema-checked."""
    issuer = credential.issuer
    unsigned = build_credential(credential)
    signed = sign_data_integrity(
        unsigned,
        private_key_pem=issuer.ed25519_private_key,
        verification_method=ed25519_key_id(issuer),
        created=credential.issued_at,
    )
    # Never store an invalid credential, nor one with a term the signature would not cover.
    errors = schema_errors(signed) + [
        f"{term} : terme non défini par les contextes" for term in undefined_terms(unsigned)
    ]
    if errors:
        raise BadgeError(
            _("Le badge n’a pas pu être délivré : il ne respecte pas la norme (%(error)s).")
            % {"error": errors[0]}
        )
    token = sign_jwt(unsigned, private_key_pem=issuer.rsa_private_key, kid=rsa_key_id(issuer))
    return signed, token
