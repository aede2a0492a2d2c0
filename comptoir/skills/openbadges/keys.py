"""Issuer keys: Ed25519 for Data Integrity proofs, RSA-2048 for VC-JWT.

Private keys are PEM (PKCS#8) text; public keys are published as a Multikey
`publicKeyMultibase` (Ed25519) and as a JWK (RSA).
"""

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from joserfc.jwk import RSAKey

# Multicodec prefixes (unsigned varint) for Ed25519 public and private keys.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


def _pem(private_key) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def generate_ed25519_pem() -> str:
    return _pem(ed25519.Ed25519PrivateKey.generate())


def generate_rsa_pem() -> str:
    return _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))


def load_ed25519_private(pem: str) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError("Not an Ed25519 private key.")
    return key


def ed25519_from_seed(seed: bytes) -> str:
    """PEM of the Ed25519 private key with this 32-byte seed (test vectors)."""
    return _pem(ed25519.Ed25519PrivateKey.from_private_bytes(seed))


def ed25519_private_from_multibase(value: str) -> str:
    """PEM of a Multikey `secretKeyMultibase` ('z' + base58btc(0x8026 + seed))."""
    raw = base58.b58decode(value.removeprefix("z"))
    if not value.startswith("z") or raw[:2] != ED25519_PRIV_PREFIX or len(raw) != 34:
        raise ValueError("Not an Ed25519 Multikey secret key.")
    return ed25519_from_seed(raw[2:])


def ed25519_public_multibase(private_key_pem: str) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 key: 'z6Mk…'."""
    public = load_ed25519_private(private_key_pem).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode("ascii")


def ed25519_public_from_multibase(value: str) -> ed25519.Ed25519PublicKey:
    """The public key of a `publicKeyMultibase`; ValueError when it is not Ed25519."""
    if not value.startswith("z"):
        raise ValueError("Multibase value is not base58btc.")
    raw = base58.b58decode(value[1:])
    if raw[:2] != ED25519_PUB_PREFIX or len(raw) != 34:
        raise ValueError("Not an Ed25519 Multikey.")
    return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])


def rsa_public_jwk(private_key_pem: str, *, kid: str) -> dict:
    """The public JWK (never 'd') of an RSA private key, with its kid."""
    key = RSAKey.import_key(private_key_pem)
    jwk = key.as_dict(private=False)
    jwk = {name: jwk[name] for name in ("kty", "n", "e")}
    jwk.update(kid=kid, alg="RS256", use="sig")
    return jwk
