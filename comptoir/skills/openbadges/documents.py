"""A JSON-LD document loader that serves the shipped contexts and never fetches.

Canonicalisation (and so every Data Integrity signature) depends on the exact
contexts used, so they are read from `data/` by their canonical URL. Any other
URL is refused: a credential that needs another context is not one we sign or
accept.
"""

import json
from functools import cache
from pathlib import Path

from pyld.jsonld import JsonLdError

DATA_DIR = Path(__file__).parent / "data"

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

CONTEXT_FILES = {
    VC_V2_CONTEXT: "w3c_credentials-v2.context.json",
    OB_CONTEXT: "ob_v3p0_context-3.0.3.json",
}


@cache
def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_data_file(name: str) -> dict:
    """A parsed copy of one file of `data/` (schemas, contexts)."""
    return json.loads(json.dumps(_read(name)))


def document_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader: the shipped contexts by URL, anything else raises."""
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise JsonLdError(
            "This JSON-LD context is not shipped with Comptoir and is never fetched.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": load_data_file(name),
    }
