"""The two families of errors every service raises.

`ActionRefused`: an action that cannot be done. Its `message` is plain French
(or a lazy translation of it), written for the person at hand, and views show it
as it is. Each service keeps its own subclass (HelpdeskError, BookingError, …),
so a view may catch the service's error or, in one place, the base.

`InvalidLink`: a signed link (a visitor's appointment, registration or badge
page) that is unknown, tampered with, expired or out of date. Its argument is the
reason, for logs and tests (never shown: the page says only that the link no
longer works).
"""


class ActionRefused(Exception):
    """An action that cannot be done; `message` is shown as it is."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class InvalidLink(Exception):
    """The link is unknown, tampered with, expired or out of date."""

    @property
    def reason(self) -> str:
        return str(self.args[0]) if self.args else ""
