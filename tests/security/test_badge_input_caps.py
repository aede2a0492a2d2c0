"""The public badge checker (`/badges/verifier/`) refuses crafted input quickly.

Anyone can post to it without an account. Each attack below took the server from
seconds to minutes of CPU, gigabytes of memory, or a 500, before the caps of
`comptoir.skills.openbadges.limits`: now each is refused in a fraction of a second,
within a few megabytes, with a plain French message and never a 500.

Time is the CPU time of the request (`time.thread_time`, best of three): the test
machine is shared, and wall-clock time under load says more about the neighbours
than about us. Wall-clock time is still bounded, loosely, to catch a hang.
"""

import copy
import json
import struct
import time
import tracemalloc
import zlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comptoir.skills.forms_badges import MAX_VERIFY_BYTES
from comptoir.skills.openbadges import baking, limits
from tests.skills.badge_world import award, make_achievement, make_person

pytestmark = pytest.mark.django_db

SECONDS = 0.5  # CPU time of one refused request
WALL_SECONDS = 5.0  # wall-clock time, whatever the load of the machine
PEAK_BYTES = 8 * 1024 * 1024  # the upload itself is up to 1 MB, read and sliced


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def credential(mediator, venue):
    achievement = make_achievement(venue, codes=("3.1", "2.1"))
    return award(mediator, achievement, make_person(venue, "Josiane"))


@pytest.fixture
def warm(client, credential):
    """Verify a real badge once, so schemas and contexts are loaded before timing."""
    response = client.post(reverse("skills:verify_form"), {"text": credential.signed_jwt})
    assert "Badge valide" in response.content.decode()
    response = client.post(
        reverse("skills:verify_form"), {"text": json.dumps(credential.signed_json)}
    )
    assert "Badge valide" in response.content.decode()
    return credential


def _post(data_factory):
    """POST to the checker: (response, best CPU time of three, memory peak of a fourth)."""
    timings = []
    for _ in range(3):
        data = data_factory()
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = Client().post(reverse("skills:verify_form"), data)
        timings.append(time.thread_time() - cpu_started)
        assert time.perf_counter() - started < WALL_SECONDS
    data = data_factory()
    tracemalloc.start()
    try:
        Client().post(reverse("skills:verify_form"), data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, min(timings), peak


def _assert_refused_quickly(response, seconds, peak, message):
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert message in html
    assert "Badge valide" not in html
    assert seconds < SECONDS, f"{seconds:.2f} s"
    assert peak < PEAK_BYTES, f"{peak / 1e6:.1f} MB"


# --- 1. JSON-LD whose blank nodes all look alike (canonicalisation explodes) ------------------


def _linked_blank_nodes(signed: dict, count: int) -> dict:
    """The credential with `count` evidence nodes, each linked to all the others.

    They are indistinguishable, so RDFC-1.0 tries every ordering of them: 7 took
    7 s, 8 over a minute, before the step budget.
    """
    document = copy.deepcopy(signed)
    ids = [f"_:n{i}" for i in range(count)]
    document["evidence"] = [
        {
            "id": node,
            "type": ["Evidence"],
            "https://example.org/knows": [{"id": other} for other in ids if other != node],
        }
        for node in ids
    ]
    return document


@pytest.mark.parametrize("count", [8, 12, 30])
def test_linked_blank_nodes_are_refused_within_the_step_budget(warm, count):
    text = json.dumps(_linked_blank_nodes(warm.signed_json, count))
    assert len(text) < limits.MAX_CREDENTIAL_BYTES
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "Badge non valide")
    html = response.content.decode()
    assert "trop complexe pour être vérifié" in html or "trop de données" in html


def test_linked_blank_nodes_in_an_uploaded_json_file_are_refused(warm):
    text = json.dumps(_linked_blank_nodes(warm.signed_json, 9)).encode()
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.json", text)})
    _assert_refused_quickly(response, seconds, peak, "trop complexe pour être vérifié")


def test_too_many_blank_nodes_are_counted_and_refused_before_canonicalisation(warm):
    document = copy.deepcopy(warm.signed_json)
    document["evidence"] = [
        {"type": ["Evidence"], "narrative": f"n{i}"} for i in range(limits.MAX_BLANK_NODES + 1)
    ]
    response, seconds, peak = _post(lambda: {"text": json.dumps(document)})
    _assert_refused_quickly(response, seconds, peak, "trop de données pour être vérifié")


def test_an_inline_context_is_refused(warm):
    document = copy.deepcopy(warm.signed_json)
    document["@context"] = [*document["@context"], {"knows": "https://example.org/knows"}]
    response, seconds, peak = _post(lambda: {"text": json.dumps(document)})
    _assert_refused_quickly(response, seconds, peak, "contexte JSON-LD que Comptoir ne connaît pas")


def test_a_badge_naming_every_pix_competence_still_verifies(client, mediator, venue):
    codes = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4")
    codes += ("4.1", "4.2", "4.3", "5.1", "5.2")
    achievement = make_achievement(venue, name="Tout Pix", codes=codes)
    credential = award(mediator, achievement, make_person(venue, "Aïcha"))
    for text in (json.dumps(credential.signed_json), credential.signed_jwt):
        response = client.post(reverse("skills:verify_form"), {"text": text})
        assert "Badge valide" in response.content.decode()


# --- 2. An SVG that made the old regular expressions quadratic --------------------------------


SVG_ATTACKS = {
    "spaces": "<svg>" + " " * 900_000,
    "unclosed elements": "<svg>" + "<openbadges:credential " * 38_000,
    "unclosed tags": "<svg>" + "<openbadges:credential" * 38_000,
    "unclosed cdata": "<svg><openbadges:credential>"
    + "<![CDATA[" * 90_000
    + "</openbadges:credential>",
    "unclosed attributes": "<svg><openbadges:credential" + " verify='" * 100_000 + ">",
}


@pytest.mark.parametrize("shape", SVG_ATTACKS)
def test_a_crafted_svg_is_read_in_linear_time(warm, shape):
    svg = SVG_ATTACKS[shape].encode()
    assert len(svg) <= MAX_VERIFY_BYTES
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.svg", svg)})
    _assert_refused_quickly(response, seconds, peak, "Aucun badge n’a été trouvé dans ce fichier.")


def test_an_svg_over_the_file_cap_is_refused_unread(warm):
    svg = b"<svg>" + b" " * MAX_VERIFY_BYTES
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.svg", svg)})
    _assert_refused_quickly(response, seconds, peak, "trop gros pour être un badge")


def test_an_svg_with_an_oversized_credential_is_refused(warm):
    svg = baking.bake_svg("<svg></svg>", "{" + " " * limits.MAX_CREDENTIAL_BYTES + "}")
    upload = svg.encode()
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.svg", upload)})
    _assert_refused_quickly(response, seconds, peak, "Ce badge est trop gros pour être vérifié.")


# --- 3. A PNG whose credential chunk inflates to hundreds of megabytes ------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(*chunks: bytes) -> bytes:
    return baking.PNG_SIGNATURE + b"".join(chunks) + _chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A compressed iTXt credential chunk of ~250 KB that inflates to 256 MB."""
    deflate = zlib.compressobj(9)
    zeros = b"\x00" * (1024 * 1024)
    stream = b"".join(deflate.compress(zeros) for _ in range(256)) + deflate.flush()
    body = baking.KEYWORD + b"\x00" + b"\x01\x00" + b"\x00" + b"\x00" + stream
    return _png(_chunk(b"iTXt", body))


def test_a_compressed_credential_chunk_is_inflated_no_further_than_the_cap(warm, zip_bomb):
    assert len(zip_bomb) <= MAX_VERIFY_BYTES
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.png", zip_bomb)})
    _assert_refused_quickly(
        response, seconds, peak, "Le badge contenu dans cette image est trop gros"
    )


def test_a_compressed_credential_under_the_cap_is_still_read(credential):
    text = credential.signed_jwt.encode()
    body = baking.KEYWORD + b"\x00\x01\x00\x00\x00" + zlib.compress(text)
    assert baking.unbake_png(_png(_chunk(b"iTXt", body))) == credential.signed_jwt


def test_an_oversized_credential_chunk_is_refused_before_reading_it(warm):
    text = b"{" + b" " * (limits.MAX_CREDENTIAL_BYTES + 2048) + b"}"
    png = _png(_chunk(b"iTXt", baking.KEYWORD + b"\x00\x00\x00\x00\x00" + text))
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.png", png)})
    _assert_refused_quickly(
        response, seconds, peak, "Le badge contenu dans cette image est trop gros"
    )


def test_a_chunk_longer_than_the_file_is_refused(warm):
    png = baking.PNG_SIGNATURE + struct.pack(">I", 2**31 - 1) + b"iTXt" + b"x" * 100
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.png", png)})
    _assert_refused_quickly(response, seconds, peak, "Aucun badge n’a été trouvé dans ce fichier.")


# --- 4. Deeply nested JSON (a RecursionError, so a 500, before) -------------------------------


def test_deeply_nested_pasted_json_is_refused(warm):
    text = '{"a":' + "[" * 60_000
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "Ce badge est trop imbriqué pour être lu.")


def test_json_nested_past_the_depth_cap_is_refused(warm):
    text = '{"a":' + "[" * limits.MAX_JSON_DEPTH + "]" * limits.MAX_JSON_DEPTH + "}"
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "Ce badge est trop imbriqué pour être lu.")


def test_deeply_nested_json_in_a_jwt_is_refused(warm):
    import base64

    def part(raw: str) -> str:
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    deep = '{"a":' + "[" * 40_000
    for token in (f"{part(deep)}.{part('{}')}.c2ln", f"{part('{}')}.{part(deep)}.c2ln"):
        response, seconds, peak = _post(lambda token=token: {"text": token})
        _assert_refused_quickly(response, seconds, peak, "Badge non valide")


def test_deeply_nested_json_in_an_uploaded_file_is_refused(warm):
    data = b'{"a":' + b"[" * 60_000
    response, seconds, peak = _post(lambda: {"upload": SimpleUploadedFile("badge.json", data)})
    _assert_refused_quickly(response, seconds, peak, "Ce badge est trop imbriqué pour être lu.")


def test_too_many_json_values_are_refused(warm):
    text = '{"a":[' + ",".join(["0"] * (limits.MAX_JSON_VALUES + 1)) + "]}"
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "trop de données pour être vérifié")


def test_pasted_text_over_the_byte_cap_is_refused_by_the_form(warm):
    text = "{" + " " * limits.MAX_CREDENTIAL_BYTES + "}"
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "Ce texte est trop long pour être un badge")


def test_pasted_text_over_the_byte_cap_in_multibyte_characters_is_refused(warm):
    text = '{"a": "' + "é" * (limits.MAX_CREDENTIAL_BYTES // 2) + '"}'
    assert len(text) <= limits.MAX_CREDENTIAL_BYTES
    response, seconds, peak = _post(lambda: {"text": text})
    _assert_refused_quickly(response, seconds, peak, "Ce badge est trop gros pour être vérifié.")


def test_the_refusal_is_in_english_for_an_english_reader(warm):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = json.dumps(_linked_blank_nodes(warm.signed_json, 8))
    html = client.post(reverse("skills:verify_form"), {"text": text}).content.decode()
    assert "This badge is too complex to be checked" in html
    svg = SimpleUploadedFile(
        "badge.svg", baking.bake_svg("<svg></svg>", "{" + " " * 70_000 + "}").encode()
    )
    html = client.post(reverse("skills:verify_form"), {"upload": svg}).content.decode()
    assert "This badge is too big to be checked." in html
