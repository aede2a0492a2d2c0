"""The documents say who may do what with a person's data exactly as the code decides it:
the role tables of docs/privacy.md and docs/architecture.md against ROLE_CAPABILITIES."""

import re
from pathlib import Path

import pytest

from comptoir.venues.roles import Capability, Role, role_allows

DOCS = Path(__file__).resolve().parents[2] / "docs"
PERSON_DATA = {
    Capability.VIEW_PEOPLE,
    Capability.EDIT_PEOPLE,
    Capability.EXPORT_PEOPLE,
    Capability.ERASE_PEOPLE,
}
ROW = re.compile(r"^\|\s*`(?P<capability>[a-z_]+)`[^|]*\|(?P<cells>.*)\|\s*$")


def role_table(document: str) -> dict[str, set[str]]:
    """{capability: roles ticked} from the document's table with one column per role."""
    rows: dict[str, set[str]] = {}
    roles: list[str] = []
    for line in (DOCS / document).read_text(encoding="utf-8").splitlines():
        if line.startswith("| capability |"):
            roles = [cell.strip() for cell in line.strip().strip("|").split("|")][1:]
            continue
        match = ROW.match(line)
        if roles and match:
            cells = [cell.strip() for cell in match["cells"].split("|")]
            assert len(cells) == len(roles), f"{document}: {line}"
            rows[match["capability"]] = {
                role for role, cell in zip(roles, cells, strict=True) if cell == "✓"
            }
        elif not line.startswith("|"):
            roles = []
    return rows


def in_code(capability: str) -> set[str]:
    return {role for role in Role.values if role_allows(role, capability)}


def test_the_privacy_page_lists_who_may_see_export_and_erase_a_persons_data():
    table = role_table("privacy.md")
    assert set(table) == {str(c) for c in PERSON_DATA}
    for capability, roles in table.items():
        assert roles == in_code(capability), f"docs/privacy.md, {capability}"


@pytest.mark.parametrize("document", ["privacy.md", "architecture.md"])
def test_each_documented_capability_is_given_to_the_roles_the_code_gives_it_to(document):
    table = role_table(document)
    assert set(table) >= PERSON_DATA
    for capability, roles in table.items():
        assert roles == in_code(capability), f"docs/{document}, {capability}"
