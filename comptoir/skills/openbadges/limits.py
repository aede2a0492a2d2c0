"""Caps on what the badge verifier reads from strangers, checked before any costly work.

The public verifier (`/badges/verifier/`) accepts pasted text and files from anyone.
Everything it parses is capped here, in the order the work happens:

1. the raw text of a credential (JSON or compact JWS): `MAX_CREDENTIAL_BYTES`;
2. the JSON it holds: nesting depth `MAX_JSON_DEPTH`, number of values
   `MAX_JSON_VALUES`, values given to one node `MAX_VALUES_PER_NODE` (objects
   sharing an `id` count as one node: pyld merges them with a quadratic loop),
   and every `@context` must be one of the contexts we ship (an inline context
   would make JSON-LD processing do arbitrary work);
3. the RDF dataset made from it: `MAX_QUADS` quads and `MAX_BLANK_NODES` blank
   nodes, counted before canonicalisation;
4. canonicalisation itself (RDFC-1.0): `MAX_CANONICALISATION_STEPS` steps of its
   costly part (the N-degree hashing of blank nodes that look alike, which grows
   with the factorial of their number), and `CANONICALISATION_SECONDS` of wall
   clock as a safety net. Both are checked inside the algorithm, so the refusal
   comes in bounded time without signals or threads.

The caps are far above what Comptoir issues (a credential is about 2 KB, 40 quads
and a handful of blank nodes; one naming all sixteen Pix competences stays under
5 KB and 130 quads). docs/security.md, "Input caps", lists them all.

Messages are plain French, marked for translation; the page translates them.
"""

import json

from django.utils.translation import gettext_noop

MAX_CREDENTIAL_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
MAX_JSON_VALUES = 1_000
MAX_VALUES_PER_NODE = 128
MAX_QUADS = 500
MAX_BLANK_NODES = 64
MAX_CANONICALISATION_STEPS = 500
CANONICALISATION_SECONDS = 1.0

TOO_BIG = gettext_noop("Ce badge est trop gros pour être vérifié.")
TOO_DEEP = gettext_noop("Ce badge est trop imbriqué pour être lu.")
TOO_MANY_VALUES = gettext_noop("Ce badge contient trop de données pour être vérifié.")
UNKNOWN_CONTEXT = gettext_noop(
    "Ce badge utilise un contexte JSON-LD que Comptoir ne connaît pas : il ne peut pas être vérifié."
)
TOO_COMPLEX = gettext_noop(
    "Ce badge est trop complexe pour être vérifié : ses données liées demanderaient trop de calcul."
)
NOT_JSON = gettext_noop("Le texte n’est pas un JSON lisible.")
IMAGE_TOO_BIG = gettext_noop("Le badge contenu dans cette image est trop gros pour être vérifié.")


class InputRefused(Exception):
    """An input over one of the caps; `message` is plain French (see the constants)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_text_size(text: str | bytes) -> None:
    """Refuse a credential text (JSON or JWS) longer than MAX_CREDENTIAL_BYTES."""
    if len(text) > MAX_CREDENTIAL_BYTES:  # characters: a cheap first look
        raise InputRefused(TOO_BIG)
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_CREDENTIAL_BYTES:
        raise InputRefused(TOO_BIG)


def load_json(text: str | bytes):
    """json.loads with the caps: size first, then depth, value count and contexts."""
    check_text_size(text)
    try:
        value = json.loads(text)
    except RecursionError:  # nested deeper than the interpreter allows: far over the cap
        raise InputRefused(TOO_DEEP) from None
    except ValueError as error:  # UnicodeDecodeError included
        raise InputRefused(NOT_JSON) from error
    check_json_value(value)
    return value


def check_json_value(value, *, shipped_contexts: frozenset[str] | None = None) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, with more than MAX_JSON_VALUES
    values or more than MAX_VALUES_PER_NODE values given to one node, or with an
    `@context` that is not one of the shipped context URLs.

    Walks with an explicit stack, never recursion.
    """
    if shipped_contexts is None:
        from comptoir.skills.openbadges.documents import CONTEXT_FILES

        shipped_contexts = frozenset(CONTEXT_FILES)
    stack = [(value, 1)]
    count = 0
    per_node: dict[object, int] = {}
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_JSON_VALUES:
            raise InputRefused(TOO_MANY_VALUES)
        if depth > MAX_JSON_DEPTH:
            raise InputRefused(TOO_DEEP)
        if isinstance(item, dict):
            context = item.get("@context")
            if context is not None:
                _check_context(context, shipped_contexts)
            node = item.get("@id", item.get("id"))
            node = node if isinstance(node, str) else id(item)
            per_node[node] = per_node.get(node, 0) + sum(
                _leaves(child) for key, child in item.items() if key != "@context"
            )
            if per_node[node] > MAX_VALUES_PER_NODE:
                raise InputRefused(TOO_MANY_VALUES)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _leaves(value) -> int:
    """How many values a key gives its node: JSON-LD flattens arrays in arrays."""
    if not isinstance(value, list):
        return 1
    total, stack = 0, [value]
    while stack:
        for child in stack.pop():
            if isinstance(child, list):
                stack.append(child)
            else:
                total += 1
                if total > MAX_JSON_VALUES:
                    return total
    return total


def _check_context(context, shipped: frozenset[str]) -> None:
    entries = context if isinstance(context, list) else [context]
    if not all(isinstance(entry, str) and entry in shipped for entry in entries):
        raise InputRefused(UNKNOWN_CONTEXT)
