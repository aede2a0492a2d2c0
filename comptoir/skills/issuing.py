"""Open Badges 3.0 for Comptoir: issuer profiles, awarding, revoking, verifying.

The venue is the issuer. Its public identity is `issuer_profile_document()`,
served at `skills:issuer_json`; its revocation list is `status_list_document()`,
served at `skills:status_list`. A credential is built once, when awarded, signed
twice (an `eddsa-rdfc-2022` Data Integrity proof → `signed_json`; a VC-JWT of
the unsigned credential → `signed_jwt`), checked against the official schema,
and stored as issued.

Recipient privacy: the credential names nobody. The subject is an opaque
`urn:uuid` (so the JWT `sub` claim has something to match) plus, when the person
gave one, a salted SHA-256 hash of their e-mail, which lets them prove the badge
is theirs without the file revealing the address. Never a phone number: there are
so few mobile numbers that its hash would give it away.
"""

import datetime
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import diff, record_change, snapshot
from comptoir.audit.models import AuditAction
from comptoir.people.models import refuse_erased
from comptoir.skills.badge_documents import (
    BadgeError,
    achievement_image_url,
    achievement_url,
    build_credential,
    ed25519_key_id,
    issuer_profile_document,
    issuer_url,
    rsa_key_id,
    sign_credential,
    status_list_document,
    status_list_url,
    verify_url,
)
from comptoir.skills.models import Achievement, Credential, IssuerProfile
from comptoir.skills.openbadges import baking, images, keys
from comptoir.skills.openbadges.verifier import VerificationResult
from comptoir.skills.openbadges.verifier import verify_credential as _verify

__all__ = [
    "BadgeError",
    "VerificationResult",
    "achievement_image_png",
    "achievement_image_url",
    "achievement_url",
    "award_credential",
    "build_credential",
    "credential_files",
    "ed25519_key_id",
    "issuer_for",
    "issuer_profile_document",
    "issuer_url",
    "local_fetch",
    "revoke_credential",
    "rsa_key_id",
    "sign_credential",
    "status_list_document",
    "status_list_url",
    "verify_credential",
    "verify_url",
]

# --- Issuer ----------------------------------------------------------------------------------


def issuer_for(venue) -> IssuerProfile:
    """The venue's issuer profile, created with fresh keys on first use."""
    try:
        return IssuerProfile.objects.get(venue=venue)
    except IssuerProfile.DoesNotExist:
        pass
    ed25519_pem, rsa_pem = keys.generate_ed25519_pem(), keys.generate_rsa_pem()
    try:
        with transaction.atomic():
            issuer, _created = IssuerProfile.objects.get_or_create(
                venue=venue,
                defaults={
                    "public_id": uuid.uuid4(),
                    "ed25519_private_key": ed25519_pem,
                    "rsa_private_key": rsa_pem,
                },
            )
    except IntegrityError:  # another request created it between our get and create
        issuer = IssuerProfile.objects.get(venue=venue)
    return issuer


# --- Awarding and revoking -------------------------------------------------------------------


@transaction.atomic
def award_credential(
    *,
    actor,
    achievement: Achievement,
    person,
    evidence_note: str = "",
    source_ref: str = "",
    now: datetime.datetime | None = None,
) -> Credential:
    """Award `achievement` to `person`: build, sign, check and store the credential.

    Refused (BadgeError) when the badge cannot be delivered any more, belongs to
    another venue than the person's, or the person already holds it (not
    revoked). Automatic awards pass a `source_ref` (e.g. "attendance:123"): when
    a credential for this achievement and source exists already, it is
    returned as it is, so retrying an automatic award never awards twice.
    """
    if source_ref:
        existing = Credential.objects.filter(achievement=achievement, source_ref=source_ref).first()
        if existing is not None:
            return existing
    if not achievement.active:
        raise BadgeError(_("Ce badge ne peut plus être délivré."))
    if person.venue_id != achievement.venue_id:
        raise BadgeError(
            _(
                "Ce badge appartient à un autre lieu : on ne peut délivrer que les badges "
                "du lieu qui suit la personne."
            )
        )
    refuse_erased(person, BadgeError)
    if Credential.objects.filter(
        achievement=achievement, person=person, revoked_at__isnull=True
    ).exists():
        raise BadgeError(_("Cette personne a déjà ce badge."))
    issuer = issuer_for(achievement.venue)
    issued_at = (now or timezone.now()).replace(microsecond=0)
    expires_at = None
    if achievement.validity_days:
        expires_at = issued_at + datetime.timedelta(days=achievement.validity_days)
    for _attempt in range(5):
        top = issuer.credentials.aggregate(top=Max("status_index"))["top"]
        credential = Credential(
            achievement=achievement,
            person=person,
            public_id=uuid.uuid4(),
            status_index=0 if top is None else top + 1,
            issuer=issuer,
            recipient_name=person.first_name[:100],
            evidence_note=evidence_note.strip()[:300],
            source_ref=source_ref,
            issued_at=issued_at,
            expires_at=expires_at,
            awarded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        credential.signed_json, credential.signed_jwt = sign_credential(credential)
        try:
            with transaction.atomic():
                credential.save()
            break
        except IntegrityError:
            # Someone took this status index (or awarded for this source) meanwhile.
            if source_ref:
                existing = Credential.objects.filter(
                    achievement=achievement, source_ref=source_ref
                ).first()
                if existing is not None:
                    return existing
    else:
        raise BadgeError(_("Le badge n’a pas pu être délivré ; réessayez dans un instant."))
    record_change(
        actor=actor,
        venue=achievement.venue,
        instance=credential,
        action=AuditAction.CREATE,
        changes={
            "achievement": [None, achievement.pk],
            "person": [None, person.pk],
            "status_index": [None, credential.status_index],
            "expires_at": [None, expires_at.isoformat() if expires_at else None],
        },
    )
    return credential


@transaction.atomic
def revoke_credential(*, actor, credential: Credential, reason: str) -> Credential:
    """Revoke a credential: its bit is set in the issuer's status list from now on."""
    reason = (reason or "").strip()
    if not reason:
        raise BadgeError(_("Indiquez pourquoi ce badge est révoqué."))
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.is_revoked:
        raise BadgeError(_("Ce badge est déjà révoqué."))
    fields = ["revoked_at", "revocation_reason"]
    before = snapshot(credential, fields)
    credential.revoked_at = timezone.now()
    credential.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    credential.revocation_reason = reason[:300]
    credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_change(
        actor=actor,
        venue=credential.achievement.venue,
        instance=credential,
        action=AuditAction.UPDATE,
        # The reason is free text: it may name someone, so only its change is kept.
        changes=diff(before, snapshot(credential, fields), private=["revocation_reason"]),
    )
    return credential


# --- Files, images, verification -------------------------------------------------------------


def achievement_image_png(achievement: Achievement) -> bytes:
    """The uploaded PNG, or the drawn default badge."""
    if achievement.image_png:
        return bytes(achievement.image_png)
    return images.default_badge_png(achievement.name, achievement.colour)


def _achievement_svg(achievement: Achievement) -> str:
    if achievement.image_png:
        return images.png_as_svg(bytes(achievement.image_png), achievement.name)
    return images.default_badge_svg(achievement.name, achievement.colour)


def credential_files(credential: Credential) -> dict[str, bytes]:
    """Downloadable files of a credential, keyed by extension.

    "json": the signed credential (embedded DI proof); "jwt": the VC-JWT;
    "png" and "svg": the badge picture with the signed JSON baked in (OB 3.0
    allows either the JSON or the JWS; the JSON is self-describing).
    """
    import json

    payload = json.dumps(credential.signed_json, ensure_ascii=False, indent=2)
    achievement = credential.achievement
    return {
        "json": payload.encode("utf-8"),
        "jwt": credential.signed_jwt.encode("ascii"),
        "png": baking.bake_png(achievement_image_png(achievement), payload),
        "svg": baking.bake_svg(_achievement_svg(achievement), payload).encode("utf-8"),
    }


def local_fetch(url: str) -> dict:
    """Our own issuer profile or status list, read from the database (no HTTP).

    Raises LookupError for any URL that is not one of ours.
    """
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        raise LookupError(url)
    try:
        match = resolve(parts.path)
    except Resolver404 as error:
        raise LookupError(url) from error
    if match.namespace != "skills" or match.url_name not in ("issuer_json", "status_list"):
        raise LookupError(url)
    issuer = (
        IssuerProfile.objects.select_related("venue")
        .filter(venue__slug=match.kwargs["venue_slug"])
        .first()
    )
    if issuer is None:
        raise LookupError(url)
    if match.url_name == "issuer_json":
        return issuer_profile_document(issuer)
    return status_list_document(issuer)


def verify_credential(
    payload: dict | str, *, fetch=local_fetch, now: datetime.datetime | None = None
) -> VerificationResult:
    """Verify a credential (JSON with DI proof, or VC-JWT); see openbadges.verifier.

    `status` is "valid", "expired", "revoked" or "invalid", with plain-French
    `reasons` and the parsed `credential`.
    """
    return _verify(payload, fetch=fetch, now=now)
