"""The caps of openbadges.limits: what they refuse, and that they change no result."""

import copy
import json

import pytest
from pyld import jsonld

from comptoir.skills.issuing import award_credential
from comptoir.skills.openbadges import baking, limits
from comptoir.skills.openbadges.documents import OB_CONTEXT, VC_V2_CONTEXT, document_loader
from comptoir.skills.openbadges.proof import canonicalize


@pytest.fixture
def credential(db, coordinator, achievement, person) -> dict:
    awarded = award_credential(
        actor=coordinator, achievement=achievement, person=person, evidence_note="Atelier"
    )
    return awarded.signed_json


def _normalize(document: dict) -> str:
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": document_loader,
    }
    return jsonld.normalize(document, options)


def _with_evidence(credential: dict, evidence: list) -> dict:
    document = {key: value for key, value in credential.items() if key != "proof"}
    return {**copy.deepcopy(document), "evidence": evidence}


def _ring(size: int) -> list:
    ids = [f"_:r{i}" for i in range(size)]
    return [
        {
            "id": ids[i],
            "type": ["Evidence"],
            "https://example.org/next": {"id": ids[(i + 1) % size]},
        }
        for i in range(size)
    ]


def _clique(size: int) -> list:
    ids = [f"_:k{i}" for i in range(size)]
    return [
        {
            "id": i,
            "type": ["Evidence"],
            "https://example.org/knows": [{"id": j} for j in ids if j != i],
        }
        for i in ids
    ]


@pytest.mark.parametrize(
    "evidence",
    [
        pytest.param([], id="as issued"),
        pytest.param([{"type": ["Evidence"], "narrative": "Atelier"}] * 4, id="four alike"),
        pytest.param(_ring(8), id="a ring of eight"),
        pytest.param(_clique(3), id="three linked to each other"),
    ],
)
def test_bounded_canonicalisation_gives_what_pyld_gives(credential, evidence):
    document = _with_evidence(credential, evidence) if evidence else credential
    document = {key: value for key, value in document.items() if key != "proof"}
    assert canonicalize(copy.deepcopy(document)) == _normalize(copy.deepcopy(document))


def test_canonicalisation_stops_at_the_step_budget(credential):
    with pytest.raises(limits.InputRefused) as refused:
        canonicalize(_with_evidence(credential, _clique(8)))
    assert refused.value.message == limits.TOO_COMPLEX


def test_canonicalisation_counts_quads_before_it_starts(credential):
    evidence = [{"type": ["Evidence"], "narrative": f"n{i}"} for i in range(limits.MAX_QUADS)]
    with pytest.raises(limits.InputRefused) as refused:
        canonicalize(_with_evidence(credential, evidence))
    assert refused.value.message == limits.TOO_MANY_VALUES


def test_a_real_credential_is_far_below_every_cap(credential):
    text = json.dumps(credential)
    assert len(text.encode()) * 10 < limits.MAX_CREDENTIAL_BYTES
    limits.check_json_value(credential)
    dataset = jsonld.to_rdf(credential, {"documentLoader": document_loader})
    assert sum(len(triples) for triples in dataset.values()) * 5 < limits.MAX_QUADS


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            json.loads("[" * (limits.MAX_JSON_DEPTH + 1) + "]" * (limits.MAX_JSON_DEPTH + 1)),
            limits.TOO_DEEP,
        ),
        ({"a": list(range(limits.MAX_JSON_VALUES))}, limits.TOO_MANY_VALUES),
        ({"a": [[1] * 100, [2] * 100]}, limits.TOO_MANY_VALUES),
        ([{"id": "_:x", "p": list(range(70))}, {"id": "_:x", "q": list(range(70))}], None),
        ({"@context": [VC_V2_CONTEXT, {"p": "https://example.org/p"}]}, limits.UNKNOWN_CONTEXT),
        ({"a": {"@context": "https://example.org/context.json"}}, limits.UNKNOWN_CONTEXT),
        ({"@context": [VC_V2_CONTEXT, OB_CONTEXT], "a": {"@context": OB_CONTEXT}}, ""),
    ],
    ids=["too deep", "too many", "arrays in arrays", "one node twice", "inline", "nested", "ok"],
)
def test_json_checks(document, message):
    if message == "":
        limits.check_json_value(document)
        return
    with pytest.raises(limits.InputRefused) as refused:
        limits.check_json_value(document)
    assert refused.value.message == (message or limits.TOO_MANY_VALUES)


def test_json_loading_refuses_size_before_parsing_and_catches_recursion():
    with pytest.raises(limits.InputRefused) as refused:
        limits.load_json("[" * (limits.MAX_CREDENTIAL_BYTES + 1))
    assert refused.value.message == limits.TOO_BIG
    with pytest.raises(limits.InputRefused) as refused:
        limits.load_json("[" * (limits.MAX_CREDENTIAL_BYTES - 1))
    assert refused.value.message == limits.TOO_DEEP
    with pytest.raises(limits.InputRefused) as refused:
        limits.load_json(b"\xff{")
    assert refused.value.message == limits.NOT_JSON


# --- SVG reading, now without regular expressions that backtrack -------------------------------


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        ("<svg><openbadges:credential verify='a.b.c'/></svg>", "a.b.c"),
        ('<svg><openbadges:credential id="x" verify="a.b&amp;c"></openbadges:credential>', "a.b&c"),
        ("<svg><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>", "{}"),
        ("<svg><openbadges:credentials verify='a.b.c'/></svg>", None),
        ("<svg><openbadges:credential verify='a.b.c'", None),
        ("<svg><openbadges:credential><![CDATA[{}]]></svg>", None),
    ],
)
def test_unbaking_an_svg(svg, expected):
    assert baking.unbake_svg(svg) == expected
