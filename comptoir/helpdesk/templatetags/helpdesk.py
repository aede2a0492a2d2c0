"""Template helpers of the café numérique."""

from django import template
from django.utils.safestring import SafeString

from comptoir.helpdesk import topics

register = template.Library()


@register.simple_tag
def pictogram(name: str, css_class: str = "picto") -> SafeString:
    """{% pictogram help_request.topic %}: the topic's drawing, hidden from screen readers."""
    return topics.pictogram(name, css_class)
