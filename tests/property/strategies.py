"""What a visitor (or a script) may send: any text, control characters, NUL
bytes, very long strings, lists where one value is expected, missing fields."""

import json
import string
from urllib.parse import quote

from hypothesis import strategies as st

# Values that broke forms somewhere, some time.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t\x0b\x0c",
    "\u202e",  # right-to-left override
    "\ufeff",
    "\ud7ff",
    "😀" * 3,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "0612345678",
    "06 12 34 56 78",
    "+33612345678",
    "+33 6 12 34 56 78",
    "0033612345678",
    "josiane@example.org",
    "a@b",
    "2026-12-01",
    "2026-12-01T09:00:00Z",
    "2026-12-01T09:15:00+01:00",
    "9999-12-31T23:45:00Z",
    "0001-01-01T00:00:00Z",
    "2026-13-45",
    "-1",
    "0",
    "1e999",
    "NaN",
    "Infinity",
    "null",
    "true",
    "on",
    "{}",
    "[]",
    '{"@context": 5}',
    "a.b.c",
    "eyJhbGciOiJub25lIn0.e30.",
    "²",
    "١٢",
    "fr",
    "en",
    "/",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
]

ascii_with_controls = st.text(st.characters(max_codepoint=0x7F), max_size=30)
any_unicode = st.text(max_size=30)  # every code point but surrogates
with_nul = st.builds(lambda a, b: f"{a}\x00{b}", any_unicode, any_unicode)
very_long = st.integers(min_value=200, max_value=4000).map(lambda n: "é" * n)

text_value = st.one_of(
    st.sampled_from(NASTY), any_unicode, ascii_with_controls, with_nul, very_long
)
form_value = st.one_of(text_value, st.lists(text_value, min_size=0, max_size=3))


def form_data(fields: list[str]):
    """A POST body: some of the form's fields (any may be missing), odd extra ones,
    each with any text or a list of texts."""
    names = st.one_of(st.sampled_from(fields), st.text(string.ascii_letters + "_-[]", max_size=8))
    return st.dictionaries(names, form_value, max_size=len(fields) + 2)


def query_string():
    """A query string: encoded pairs of any text, or raw percent-escaped bytes."""
    pairs = st.lists(st.tuples(text_value, text_value), max_size=4).map(
        lambda items: "&".join(f"{quote(k)}={quote(v)}" for k, v in items)
    )
    raw = st.binary(max_size=60).map(lambda data: quote(data, safe="=&"))
    return st.one_of(pairs, raw)


def path_segment():
    """Any text as it could appear in a URL path segment (a tampered token…)."""
    return text_value.filter(bool).map(lambda value: quote(value, safe=""))


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text_value
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(text_value, children, max_size=3)
    ),
    max_leaves=12,
)


def mutated(document: dict):
    """A real document with one key removed, replaced or added, at the top or one level down."""
    keys = sorted(document)

    def change(draw_key, value, how):
        copy = json.loads(json.dumps(document))
        if how == "drop":
            copy.pop(draw_key, None)
        elif how == "replace":
            copy[draw_key] = value
        elif how == "nested" and isinstance(copy.get(draw_key), dict):
            inner = copy[draw_key]
            if inner:
                inner[sorted(inner)[0]] = value
        else:
            copy[f"x-{draw_key}"] = value
        return copy

    return st.builds(
        change,
        st.sampled_from(keys),
        json_values,
        st.sampled_from(["drop", "replace", "nested", "add"]),
    )
