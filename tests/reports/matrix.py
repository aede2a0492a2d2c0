"""The reports' venue URL in the permission matrix (see tests/test_permission_matrix.py)."""

POST_ONLY: set[str] = set()


def build_world(venue) -> dict:
    return {}


URL_ARGS = {
    "reports:venue": lambda w: [],
}
