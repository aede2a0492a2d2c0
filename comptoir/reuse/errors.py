from comptoir.kernel.errors import ActionRefused


class ReuseError(ActionRefused):
    """A change that cannot be made; the message is plain French for the person at hand."""
