"""The report filters: which venues, which period. They live in the URL (GET),
so a view can be bookmarked and shared; every report page reads them here.

Parameters: `lieu` (a venue slug, repeatable), `reseau` (a network slug: all its
venues the user may see), `periode` (a preset) or `du` / `au` (ISO dates).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.ops.forms import BoundedDateField
from comptoir.reports.scope import (
    Period,
    Scope,
    exact_figures,
    reportable_venues,
    whole_months,
)
from comptoir.venues.models import Venue
from comptoir.venues.pickers import DATE_WIDGET

PRESETS = {
    "mois": _("Ce mois-ci"),
    "mois-dernier": _("Le mois dernier"),
    "trimestre-dernier": _("Le trimestre dernier"),
    "annee": _("Cette année"),
    "annee-derniere": _("L’année dernière"),
    "12-mois": _("Les 12 derniers mois"),
}
DEFAULT_PRESET = "annee"
# A report over more than this is refused: it says nothing a funder can use
# and would scan the whole journal.
MAX_DAYS = 366 * 5


def preset_period(preset: str, today: datetime.date) -> Period:
    first_of_month = today.replace(day=1)
    if preset == "mois":
        return Period(first_of_month, today)
    if preset == "mois-dernier":
        end = first_of_month - datetime.timedelta(days=1)
        return Period(end.replace(day=1), end)
    if preset == "trimestre-dernier":
        quarter_start = first_of_month.replace(month=(today.month - 1) // 3 * 3 + 1)
        end = quarter_start - datetime.timedelta(days=1)
        return Period(end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), end)
    if preset == "annee-derniere":
        return Period(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))
    if preset == "12-mois":
        start = first_of_month.replace(year=first_of_month.year - 1)
        return Period(start, first_of_month - datetime.timedelta(days=1))
    return Period(datetime.date(today.year, 1, 1), today)


class ReportFilterForm(forms.Form):
    lieu = forms.MultipleChoiceField(
        label=_("Lieux"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun lieu coché : tous les lieux auxquels vous avez accès."),
    )
    periode = forms.ChoiceField(
        label=_("Période"),
        required=False,
        choices=[("", _("Dates choisies ci-dessous")), *PRESETS.items()],
    )
    du = BoundedDateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    au = BoundedDateField(label=_("Au (inclus)"), required=False, widget=DATE_WIDGET)

    def __init__(self, data, *, venues: list[Venue], today: datetime.date, **kwargs):
        super().__init__(data, **kwargs)
        self.venues = venues
        self.today = today
        self.fields["lieu"].choices = [(v.slug, v.name) for v in venues]

    def clean(self):
        data = super().clean()
        start, end, preset = data.get("du"), data.get("au"), data.get("periode")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError(
                    _("Indiquez les deux dates de la période, ou choisissez une période.")
                )
            if end < start:
                self.add_error("au", _("La fin de la période doit suivre son début."))
                return data
            if (end - start).days > MAX_DAYS:
                self.add_error("au", _("Choisissez une période de cinq ans au plus."))
                return data
            data["period"] = Period(start, end)
        else:
            data["period"] = preset_period(preset or DEFAULT_PRESET, self.today)
        return data

    def selected_venues(self) -> list[Venue]:
        slugs = set(self.cleaned_data.get("lieu") or [])
        return [v for v in self.venues if v.slug in slugs] or list(self.venues)


@dataclass
class ReportRequest:
    form: ReportFilterForm
    venues: list[Venue]  # every venue the user may see
    selected: list[Venue]  # those the report covers
    scope: Scope | None  # None when the filters are wrong (the form says why)
    # Whether the reader gets exact figures; if not, small counts are withheld
    # and the period asked for (`asked`) is widened to whole months.
    exact: bool = False  # fail closed: only read_filters() says True
    asked: Period | None = None

    @property
    def widened(self) -> bool:
        return self.scope is not None and self.asked is not None and self.asked != self.scope.period

    @property
    def networks(self) -> list:
        seen = {}
        for venue in self.venues:
            seen.setdefault(venue.network_id, venue.network)
        return list(seen.values())


def read_filters(request) -> ReportRequest:
    """The venues and period asked for in the URL, checked against what the user
    may see. A venue or network the user was not given is refused (403), never
    silently dropped: a shared link must not show a different report."""
    venues = list(reportable_venues(request.user))
    if not venues:
        raise PermissionDenied
    data = request.GET.copy()
    allowed = {v.slug for v in venues}
    asked = set(data.getlist("lieu"))
    if asked - allowed:
        raise PermissionDenied
    network = data.get("reseau")
    if network:
        in_network = [v.slug for v in venues if v.network.slug == network]
        if not in_network:
            raise PermissionDenied
        if not asked:
            data.setlist("lieu", in_network)
    form = ReportFilterForm(data, venues=venues, today=timezone.localdate())
    if not form.is_valid():
        return ReportRequest(form, venues, list(venues), None)
    selected = form.selected_venues()
    scope, exact = reader_scope(request.user, [v.pk for v in selected], form.cleaned_data["period"])
    return ReportRequest(form, venues, selected, scope, exact, form.cleaned_data["period"])


def reader_scope(user, venue_ids, period: Period, exact: bool | None = None) -> tuple[Scope, bool]:
    """The scope a reader gets for these venues and this period, and whether the
    figures are exact (`exact`: when already known): a reader without exact
    figures reads whole months."""
    if exact is None:
        exact = exact_figures(user, venue_ids)
    return Scope(tuple(venue_ids), period if exact else whole_months(period)), exact
