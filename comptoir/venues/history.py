"""The audit trail of a venue, for coordinators.

A venue staff page, so it lives here rather than in `audit`: `audit` (the entries and
`record_change()`) sits below `venues` and imports no other app (docs/architecture.md)."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import ForeignObjectRel
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from comptoir.audit.models import AuditEntry
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability

PAGE_SIZE = 50
OBJECT_TYPES = {
    "people.person",
    "journal.activity",
    "venues.membership",
    "venues.invitation",
    "skills.recognisedskill",
}


# Changes recorded under a name that is not a field of the model (or whose field has
# no French name of its own).
EXTRA_LABELS = {
    "themes": _("thématiques"),
    "recipient": _("destinataire"),
    "attended": _("présent·es"),
    "no_show": _("absent·es"),
    "parts": _("pièces utilisées"),
    "ords_import": _("import ORDS"),
    "status_index": _("rang dans la liste de révocation"),
}


def _field_label(object_type: str, name: str) -> str:
    """The French name of a recorded change: the field's verbose name; for a relation
    that has none of its own (a reverse relation, `device`…), the related model's."""
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name.replace("_", " ")
    if isinstance(field, ForeignObjectRel):  # a reverse relation has no name of its own
        return str(field.related_model._meta.verbose_name_plural)
    plain = name.replace("_", " ")
    verbose_name = str(getattr(field, "verbose_name", None) or plain)
    if field.is_relation and field.related_model and verbose_name == field.name.replace("_", " "):
        meta = field.related_model._meta
        return str(meta.verbose_name_plural if field.many_to_many else meta.verbose_name)
    return verbose_name


@venue_view(Capability.VIEW_AUDIT)
def audit_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    entries = AuditEntry.objects.filter(venue=membership.venue).select_related("actor")
    object_type = request.GET.get("type", "")
    if object_type in OBJECT_TYPES:
        entries = entries.filter(object_type=object_type)
    object_id = request.GET.get("id", "")
    if object_type and object_id.isdigit():
        entries = entries.filter(object_id=int(object_id))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.rows = [
            (_field_label(entry.object_type, name), values[0], values[1])
            for name, values in entry.changes.items()
        ]
    return render(
        request,
        "audit/list.html",
        {"venue": membership.venue, "page": page, "object_type": object_type, "nav": "audit"},
    )
