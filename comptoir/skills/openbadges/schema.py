"""Checks against the official Open Badges 3.0 JSON Schema and the shipped contexts."""

from functools import cache

from jsonschema import Draft201909Validator
from pyld import jsonld

from comptoir.skills.openbadges.documents import document_loader, load_data_file

CREDENTIAL_SCHEMA = "ob_v3p0_achievementcredential_schema.json"
PROFILE_SCHEMA = "ob_v3p0_profile_schema.json"


@cache
def _validator(name: str) -> Draft201909Validator:
    schema = load_data_file(name)
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def _errors(name: str, document: dict) -> list[str]:
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: list(e.path))
    return [
        f"{'/'.join(str(p) for p in error.path) or '(racine)'}: {error.message}" for error in errors
    ]


def schema_errors(credential: dict) -> list[str]:
    """Errors against ob_v3p0_achievementcredential_schema.json (empty: valid)."""
    return _errors(CREDENTIAL_SCHEMA, credential)


def profile_schema_errors(profile: dict) -> list[str]:
    """Errors against ob_v3p0_profile_schema.json (empty: valid)."""
    return _errors(PROFILE_SCHEMA, profile)


def undefined_terms(doc: dict) -> list[str]:
    """Keys of `doc` that the contexts do not define (so a signature would not cover them).

    Expansion drops every term with no definition (the shipped VC v2 context has
    no `@vocab`). We expand the document, then compact it back with its own
    context, and report every JSON path present before and missing after.
    """
    context = doc.get("@context")
    options = {"documentLoader": document_loader}
    expanded = jsonld.expand(doc, options)
    compacted = jsonld.compact(expanded, {"@context": context}, options)
    missing: list[str] = []
    _compare(doc, compacted, "", missing)
    return missing


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _compare(before, after, path: str, missing: list[str]) -> None:
    if isinstance(before, dict):
        if not isinstance(after, dict):
            missing.append(path or "(racine)")
            return
        for key, value in before.items():
            if key == "@context":
                continue
            here = f"{path}/{key}"
            if key not in after:
                missing.append(here)
            else:
                _compare(value, after[key], here, missing)
    elif isinstance(before, list):
        after_items = _as_list(after)
        for index, item in enumerate(before):
            if isinstance(item, dict | list):
                partner = after_items[index] if index < len(after_items) else None
                _compare(item, partner, f"{path}[{index}]", missing)
