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
from html import unescape
from xml.sax.saxutils import quoteattr

from comptoir.skills.openbadges import limits

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


# The credential's chunk: the text, plus its keyword, flags, language and translated keyword.
MAX_CREDENTIAL_CHUNK = limits.MAX_CREDENTIAL_BYTES + 1024


def _inflate(text: bytes) -> bytes:
    """A compressed iTXt text, inflated no further than the credential cap."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(text, limits.MAX_CREDENTIAL_BYTES + 1)
    if len(out) > limits.MAX_CREDENTIAL_BYTES or inflater.unconsumed_tail:
        raise limits.InputRefused(limits.IMAGE_TOO_BIG)
    return out


def unbake_png(data: bytes) -> str | None:
    """The credential text of the first `openbadgecredential` iTXt chunk, if any.

    Only that chunk is read (never the picture itself); a chunk or a text over the
    credential cap is refused with `limits.InputRefused` before it is inflated.
    """
    for kind, body, _raw in _chunks(data):
        if not _is_credential_chunk(kind, body):
            continue
        if len(body) > MAX_CREDENTIAL_CHUNK:
            raise limits.InputRefused(limits.IMAGE_TOO_BIG)
        rest = body[len(KEYWORD) + 1 :]
        compressed, _method = rest[0], rest[1]
        rest = rest[2:]
        _language, rest = rest.split(b"\x00", 1)
        _translated, text = rest.split(b"\x00", 1)
        if compressed:
            text = _inflate(text)
        return text.decode("utf-8")
    return None


# --- SVG -------------------------------------------------------------------------------------
#
# Read with str.find and anchored matches only, never a pattern that can backtrack
# over the text: an uploaded SVG is untrusted, and the regular expressions used here
# before took seconds on 80 KB of spaces. Each scan moves forward, so reading is
# linear in the size of the file. No XML parser: entities are never expanded.

_ELEMENT = "<openbadges:credential"
_CLOSING = "</openbadges:credential>"
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _name_ends(text: str, position: int) -> bool:
    """Whether a tag name ends at `position` (like `\\b` after it)."""
    return position >= len(text) or not (text[position].isalnum() or text[position] == "_")


def _tag(text: str, name: str, start: int = 0) -> tuple[int, int] | None:
    """(start, end) of the first opening tag `<name …>` from `start`, end after its `>`."""
    position = text.find(name, start)
    while position != -1:
        if _name_ends(text, position + len(name)):
            closing = text.find(">", position)
            return None if closing == -1 else (position, closing + 1)
        position = text.find(name, position + 1)
    return None


def _credential_span(text: str) -> tuple[int, int, int] | None:
    """(start, end of the opening tag, end) of the first complete credential element."""
    position, closing_missing = 0, False
    while (tag := _tag(text, _ELEMENT, position)) is not None:
        start, opening_end = tag
        if text[opening_end - 2] == "/":
            return start, opening_end, opening_end
        if not closing_missing:
            closing = text.find(_CLOSING, opening_end)
            if closing != -1:
                return start, opening_end, closing + len(_CLOSING)
            closing_missing = True  # no later element can be closed either
        position = opening_end
    return None


def _attributes(opening: str, position: int) -> dict[str, str]:
    """The quoted attributes of an opening tag, read left to right from `position`
    (just after the tag name), up to the first thing that is not one."""
    found: dict[str, str] = {}
    while match := _ATTRIBUTE.match(opening, position):
        name = match.group(1)
        found.setdefault(name, match.group(2) if match.group(2) is not None else match.group(3))
        position = match.end()
    return found


def _cdata(element: str) -> list[str]:
    parts, position = [], 0
    while (start := element.find("<![CDATA[", position)) != -1:
        end = element.find("]]>", start + 9)
        if end == -1:
            break
        parts.append(element[start + 9 : end])
        position = end + 3
    return parts


def bake_svg(svg_text: str, payload: str) -> str:
    """The SVG with `payload` baked in an `<openbadges:credential>` element."""
    span = _credential_span(svg_text)
    if span is not None:
        start, _opening_end, end = span
        while start > 0 and svg_text[start - 1].isspace():
            start -= 1
        svg_text = svg_text[:start] + svg_text[end:]
    match = _tag(svg_text, "<svg")
    if match is None:
        raise BakingError("Not an SVG image: no <svg> tag.")
    tag = svg_text[match[0] : match[1]]
    if "xmlns:openbadges" not in tag:
        closing = "/>" if tag.endswith("/>") else ">"
        tag = tag[: -len(closing)] + f' xmlns:openbadges="{SVG_NAMESPACE}"' + closing
    if _is_json(payload):
        # "]]>" cannot occur inside CDATA: split it across two sections.
        body = payload.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    else:
        element = f"<openbadges:credential verify={quoteattr(payload)}></openbadges:credential>"
    return svg_text[: match[0]] + tag + element + svg_text[match[1] :]


def unbake_svg(text: str) -> str | None:
    """The credential baked in an SVG: the `verify` JWS, or the CDATA JSON."""
    span = _credential_span(text)
    if span is None:
        return None
    start, opening_end, end = span
    verify = (_attributes(text[start:opening_end], len(_ELEMENT)).get("verify") or "").strip()
    if verify:
        return unescape(verify)
    parts = _cdata(text[opening_end:end])
    if not parts:
        return None
    return "".join(parts).strip()
