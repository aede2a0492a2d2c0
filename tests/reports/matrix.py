"""The reports' URLs in the permission matrix (see tests/test_permission_matrix.py):
the venue's report page (staff), the network-wide pages under /rapports/ (login, no
venue in the address) and the open data (public)."""

import datetime

from django.utils import timezone

from comptoir.reports.models import FunderReport

POST_ONLY: set[str] = set()


def build_world(venue) -> dict:
    """A funder report on the venue alone, written by nobody in particular."""
    today = timezone.localdate()
    report = FunderReport.objects.create(
        title=f"Bilan {venue.name}",
        funder="Conseil départemental",
        start=today - datetime.timedelta(days=90),
        end=today,
    )
    report.venues.set([venue])
    return {"funder_report": report}


URL_ARGS = {
    "reports:venue": lambda w: [],
}

PUBLIC_URLS = {
    "reports:opendata": lambda w: [],
    "reports:opendata_csv": lambda w: [w["venue"].network.slug],
    "reports:opendata_json": lambda w: [w["venue"].network.slug],
}

# Expected answers per persona (see ACCOUNT_URLS in tests/test_permission_matrix.py).
# Reports at venue a are read by its coordinator, mediator and viewer (view_reports);
# the intruder, coordinator at b, reads b's figures only.
READERS = {"default": 200, "facilitator": 403, "volunteer": 403}
# Row-level exports need export_journal: not the viewer.
EXPORTERS = READERS | {"viewer": 403}
# A's funder report: hidden (404) from whoever may not read a's reports.
ONE_REPORT = {"default": 200, "facilitator": 404, "volunteer": 404, "intruder": 404}
ONE_REPORT_EDIT = {"default": 404, "coordinator": 200, "mediator": 403, "viewer": 403}
# Writing a funder report needs write_reports somewhere: the coordinators.
NEW_REPORT = {"default": 403, "coordinator": 200, "intruder": 200}

ACCOUNT_URLS = {
    "reports:dashboard": (lambda w: [], READERS),
    "reports:diagnostic": (lambda w: [], READERS),
    "reports:export_pdf": (lambda w: [], READERS),
    "reports:export_xlsx": (lambda w: [], READERS),
    "reports:activities_csv": (lambda w: [], EXPORTERS),
    "reports:activities_xlsx": (lambda w: [], EXPORTERS),
    "reports:funder_reports": (lambda w: [], READERS),
    "reports:funder_report_new": (lambda w: [], NEW_REPORT),
    "reports:funder_report": (lambda w: [w["funder_report"].pk], ONE_REPORT),
    "reports:funder_report_edit": (lambda w: [w["funder_report"].pk], ONE_REPORT_EDIT),
    "reports:funder_report_pdf": (lambda w: [w["funder_report"].pk], ONE_REPORT),
    "reports:funder_report_xlsx": (lambda w: [w["funder_report"].pk], ONE_REPORT),
}
