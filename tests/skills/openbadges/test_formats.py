"""VC-JWT, Bitstring Status List, baking, default pictures and the term checks."""

import base64
import io
import json

import pytest
from PIL import Image

from comptoir.skills.openbadges import baking, images, keys
from comptoir.skills.openbadges import jwt as vc_jwt
from comptoir.skills.openbadges.schema import schema_errors, undefined_terms
from comptoir.skills.openbadges.status import (
    MIN_SIZE,
    decode_status_list,
    encode_status_list,
    is_set,
)

ISSUER = "https://comptoir.test/badges/x/emetteur.json"


@pytest.fixture(scope="module")
def rsa_pem():
    return keys.generate_rsa_pem()


@pytest.fixture
def credential():
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f1a1d0c-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "X"},
        "validFrom": "2024-03-01T10:00:00Z",
        "validUntil": "2025-03-01T10:00:00Z",
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


# --- VC-JWT ---


def test_a_jwt_verifies_with_the_public_jwk(rsa_pem, credential):
    token = vc_jwt.sign_jwt(credential, private_key_pem=rsa_pem, kid=f"{ISSUER}#key-rsa")
    jwk = keys.rsa_public_jwk(rsa_pem, kid=f"{ISSUER}#key-rsa")
    assert set(jwk) == {"kty", "n", "e", "kid", "alg", "use"}
    claims = vc_jwt.verify_jwt(token, public_jwk=jwk)
    assert claims["iss"] == ISSUER
    assert claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["nbf"] == 1709287200
    assert claims["exp"] == 1740823200
    assert vc_jwt.credential_from_claims(claims) == credential


def test_a_tampered_jwt_fails(rsa_pem, credential):
    token = vc_jwt.sign_jwt(credential, private_key_pem=rsa_pem, kid="k")
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["name"] = "Autre chose"
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(vc_jwt.JWTVerificationError):
        vc_jwt.verify_jwt(
            f"{head}.{body}.{signature}", public_jwk=keys.rsa_public_jwk(rsa_pem, kid="k")
        )


def test_a_jwt_signed_by_another_key_fails(rsa_pem, credential):
    token = vc_jwt.sign_jwt(credential, private_key_pem=keys.generate_rsa_pem(), kid="k")
    with pytest.raises(vc_jwt.JWTVerificationError):
        vc_jwt.verify_jwt(token, public_jwk=keys.rsa_public_jwk(rsa_pem, kid="k"))


def test_jwt_claims_must_agree_with_the_credential(rsa_pem, credential):
    claims = vc_jwt.claims_for(credential)
    claims["jti"] = "urn:uuid:another"
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    token = jwt.encode({"alg": "RS256", "typ": "JWT"}, claims, RSAKey.import_key(rsa_pem))
    with pytest.raises(vc_jwt.JWTVerificationError, match="jti"):
        vc_jwt.verify_jwt(token, public_jwk=keys.rsa_public_jwk(rsa_pem, kid="k"))


# --- Bitstring Status List ---


def test_the_status_list_is_gzip_base64url_multibase_with_index_0_leftmost():
    encoded = encode_status_list([0, 7, 8, 131071])
    assert encoded.startswith("u") and "=" not in encoded
    bits = decode_status_list(encoded)
    assert len(bits) == MIN_SIZE // 8
    assert bits[0] == 0b10000001 and bits[1] == 0b10000000 and bits[-1] == 0b00000001
    assert [i for i in (0, 1, 6, 7, 8, 9, 131071) if is_set(encoded, i)] == [0, 7, 8, 131071]


def test_the_status_list_grows_past_its_minimum_size():
    encoded = encode_status_list([200000], size=200001)
    assert is_set(encoded, 200000) and not is_set(encoded, 199999)
    with pytest.raises(ValueError):
        encode_status_list([MIN_SIZE])


# --- Baking ---


def test_png_baking_round_trip_keeps_a_valid_png(credential):
    png = images.default_badge_png("Envoyer un e-mail", "#1d5fa8")
    payload = json.dumps(credential, ensure_ascii=False)
    baked = baking.bake_png(png, payload)
    assert baking.unbake_png(baked) == payload
    assert baking.unbake_png(png) is None
    with Image.open(io.BytesIO(baked)) as image:
        image.load()
        assert image.size == (400, 400)
        assert image.text["openbadgecredential"] == payload
    # Baking again replaces the credential: only one chunk may exist.
    rebaked = baking.bake_png(baked, "a.b.c")
    assert baking.unbake_png(rebaked) == "a.b.c"
    assert rebaked.count(b"openbadgecredential") == 1


def test_svg_baking_round_trip_for_json_and_jwt(credential):
    svg = images.default_badge_svg("Envoyer un e-mail", "#1d5fa8")
    payload = json.dumps(dict(credential, name="x ]]> y"), ensure_ascii=False)
    baked = baking.bake_svg(svg, payload)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert baking.unbake_svg(baked) == payload
    import xml.dom.minidom

    document = xml.dom.minidom.parseString(baked.encode())
    element = document.getElementsByTagName("openbadges:credential")[0]
    assert element.parentNode.tagName == "svg"
    assert element.parentNode.firstChild is element
    token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"
    rebaked = baking.bake_svg(baked, token)
    assert baking.unbake_svg(rebaked) == token
    assert rebaked.count("<openbadges:credential") == 1
    assert f'verify="{token}"' in rebaked
    assert baking.unbake_svg(svg) is None


def test_a_non_png_is_refused():
    with pytest.raises(baking.BakingError):
        baking.bake_png(b"GIF89a", "x")


# --- Pictures ---


def test_the_default_picture_shows_the_initials_in_the_colour():
    assert images.initials("Envoyer un e-mail") == "EU"
    assert images.initials("réparer") == "R"
    png = images.default_badge_png("Envoyer un e-mail", "#cc0000")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (400, 400)
        assert image.convert("RGB").getpixel((200, 30)) == (204, 0, 0)
    svg = images.default_badge_svg("Envoyer un e-mail", "#cc0000")
    assert 'fill="#cc0000"' in svg and ">EU</text>" in svg
    escaped = images.default_badge_svg('Réparer <"vite">', "not a colour")
    assert '<"vite">' not in escaped and 'fill="#1d5fa8"' in escaped


# --- Schema and contexts ---


def test_the_schema_reports_a_missing_required_field(credential):
    assert schema_errors(credential) == []
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert any("criteria" in error for error in schema_errors(credential))


def test_undefined_terms_are_reported_at_every_level(credential):
    assert undefined_terms(credential) == []
    credential["recipientNickname"] = "Aïcha"
    credential["credentialSubject"]["achievement"]["colour"] = "#fff"
    credential["credentialSubject"]["achievement"]["criteria"]["comment"] = "x"
    assert sorted(undefined_terms(credential)) == [
        "/credentialSubject/achievement/colour",
        "/credentialSubject/achievement/criteria/comment",
        "/recipientNickname",
    ]
