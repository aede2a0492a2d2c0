"""Writing a funder report, with its audit entry."""

from django.db import transaction

from comptoir.audit.actions import diff, record_change
from comptoir.audit.models import AuditAction
from comptoir.reports.forms import FunderReportForm
from comptoir.reports.models import FunderReport

AUDITED = ("title", "funder", "start", "end", "context")


def _state(report: FunderReport) -> dict:
    state = {name: getattr(report, name) for name in AUDITED}
    state["start"], state["end"] = report.start.isoformat(), report.end.isoformat()
    state["venues"] = sorted(venue.name for venue in report.venues.all())
    return state


@transaction.atomic
def save_funder_report(*, actor, form: FunderReportForm) -> FunderReport:
    """Create or update the report of a valid form, with its audit entry (filed
    under the report's first venue)."""
    creating = form.instance.pk is None
    before = {} if creating else _state(FunderReport.objects.get(pk=form.instance.pk))
    report = form.save(commit=False)
    if creating:
        report.created_by = actor
    report.save()
    form.save_m2m()
    after = _state(report)
    record_change(
        actor=actor,
        venue=report.venues.order_by("name").first(),
        instance=report,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        changes=diff(before, after),
    )
    return report
