"""The account URLs in the permission matrix (see tests/test_permission_matrix.py).

None shows a venue's data. The personas are logged in with a password alone, at a
venue that does not require a second factor, and have no authenticator app.
"""

POST_ONLY = {"accounts:turn_off"}


def build_world(venue) -> dict:
    return {}


PUBLIC_URLS = {
    # Without a password given first, the code step only offers to start again.
    "accounts:verify": lambda w: [],
}

ACCOUNT_URLS = {
    "accounts:security": (lambda w: [], 200),
    "accounts:setup": (lambda w: [], 200),
    # No app yet: nothing to show, back to the account page.
    "accounts:recovery_codes": (lambda w: [], 302),
    # No app and no password: the form is shown again, nothing changes.
    "accounts:turn_off": (lambda w: [], 200),
}
