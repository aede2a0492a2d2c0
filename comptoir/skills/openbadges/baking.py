"""Baking: an OpenBadgeCredential carried inside its badge picture (OB 3.0 § 5.3).

PNG: one uncompressed `iTXt` chunk with keyword `openbadgecredential` whose text
is the credential JSON (embedded proof) or the compact JWS (VC-JWT).

SVG: an `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` attribute on
`<svg>` and, directly after the `<svg>` tag, one `<openbadges:credential>`
element: with a `verify` attribute holding the compact JWS for a VC-JWT, or the
JSON wrapped in CDATA for an embedded proof.

Baking again replaces the existing credential (only one is allowed).
"""

import re
import struct
import zlib
from xml.sax.saxutils import quoteattr

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"


class BakingError(ValueError):
    pass


def _is_json(payload: str) -> bool:
    return payload.lstrip().startswith("{")


# --- PNG -------------------------------------------------------------------------------------


def _chunks(data: bytes):
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError("Not a PNG image.")
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        end = position + 12 + length
        if end > len(data):
            raise BakingError("Truncated PNG chunk.")
        yield kind, body, data[position:end]
        position = end
        if kind == b"IEND":
            return


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _is_credential_chunk(kind: bytes, body: bytes) -> bool:
    return kind == b"iTXt" and body.split(b"\x00", 1)[0] == KEYWORD


def bake_png(png_bytes: bytes, payload: str) -> bytes:
    """The PNG with `payload` (credential JSON or compact JWS) in its iTXt chunk."""
    # keyword, NUL, compression flag 0, method 0, empty language tag + NUL,
    # empty translated keyword + NUL, UTF-8 text (never compressed).
    body = KEYWORD + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + payload.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, chunk_body, raw in _chunks(png_bytes):
        if _is_credential_chunk(kind, chunk_body):
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", body))
        out.append(raw)
    return b"".join(out)


def unbake_png(data: bytes) -> str | None:
    """The credential text of the first `openbadgecredential` iTXt chunk, if any."""
    for kind, body, _raw in _chunks(data):
        if not _is_credential_chunk(kind, body):
            continue
        rest = body[len(KEYWORD) + 1 :]
        compressed, _method = rest[0], rest[1]
        rest = rest[2:]
        _language, rest = rest.split(b"\x00", 1)
        _translated, text = rest.split(b"\x00", 1)
        if compressed:
            text = zlib.decompress(text)
        return text.decode("utf-8")
    return None


# --- SVG -------------------------------------------------------------------------------------

_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_CREDENTIAL = re.compile(
    r"\s*<openbadges:credential\b[^>]*?(?:/>|>.*?</openbadges:credential>)", re.DOTALL
)
_VERIFY = re.compile(r"""verify\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


def bake_svg(svg_text: str, payload: str) -> str:
    """The SVG with `payload` baked in an `<openbadges:credential>` element."""
    svg_text = _CREDENTIAL.sub("", svg_text, count=1)
    match = _SVG_TAG.search(svg_text)
    if match is None:
        raise BakingError("Not an SVG image: no <svg> tag.")
    tag = match.group(0)
    if "xmlns:openbadges" not in tag:
        closing = "/>" if tag.endswith("/>") else ">"
        tag = tag[: -len(closing)] + f' xmlns:openbadges="{SVG_NAMESPACE}"' + closing
    if _is_json(payload):
        # "]]>" cannot occur inside CDATA: split it across two sections.
        body = payload.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    else:
        element = f"<openbadges:credential verify={quoteattr(payload)}></openbadges:credential>"
    return svg_text[: match.start()] + tag + element + svg_text[match.end() :]


def unbake_svg(text: str) -> str | None:
    """The credential baked in an SVG: the `verify` JWS, or the CDATA JSON."""
    match = _CREDENTIAL.search(text)
    if match is None:
        return None
    element = match.group(0)
    opening = element[: element.index(">") + 1]
    verify = _VERIFY.search(opening)
    if verify and verify.group(2).strip():
        from html import unescape

        return unescape(verify.group(2).strip())
    parts = _CDATA.findall(element)
    if not parts:
        return None
    return "".join(parts).strip()
