"""Template filters of the repair café."""

from django import template

from comptoir.repair.reference import fault_type_label as _fault_type_label

register = template.Library()


@register.filter
def fault_type_label(item) -> str:
    """A repair item's fault type as shown: French label in French, ORDS title otherwise."""
    return _fault_type_label(item.category_id, item.fault_type)
