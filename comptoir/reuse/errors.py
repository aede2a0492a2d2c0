class ReuseError(Exception):
    """A change that cannot be made; the message is plain French for the person at hand."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
