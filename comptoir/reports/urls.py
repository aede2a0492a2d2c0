"""Reports are not under one venue: a report covers the venues a user was given
(/rapports/…), and the open data is public (/donnees-ouvertes/…). Each page
module keeps its own patterns."""

from comptoir.reports.views import dashboard, exports, funders, opendata, territory

app_name = "reports"

urlpatterns = [
    *dashboard.urlpatterns,
    *funders.urlpatterns,
    *exports.urlpatterns,
    *territory.urlpatterns,
    *opendata.urlpatterns,
]
