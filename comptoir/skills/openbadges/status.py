"""W3C Bitstring Status List v1.0: encode a revocation list and read one bit.

`encodedList` is the multibase base64url (no padding, prefix 'u') of the
GZIP-compressed bitstring; index 0 is the left-most (most significant) bit of
the first byte. The minimum size is 16 KiB (131,072 entries), for herd privacy.
"""

import base64
import gzip
from collections.abc import Iterable

MIN_SIZE = 131072


def encode_status_list(revoked_indices: Iterable[int], size: int = MIN_SIZE) -> str:
    size = max(size, MIN_SIZE)
    bits = bytearray((size + 7) // 8)
    for index in revoked_indices:
        if not 0 <= index < size:
            raise ValueError(f"Status index {index} outside the list.")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_status_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("The encoded list is not multibase base64url.")
    data = encoded[1:]
    data += "=" * (-len(data) % 4)
    return gzip.decompress(base64.urlsafe_b64decode(data))


def is_set(encoded: str, index: int) -> bool:
    """Whether bit `index` is set (for a revocation list: the credential is revoked)."""
    bits = decode_status_list(encoded)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"Status index {index} outside the list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
