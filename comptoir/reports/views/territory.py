"""The territorial diagnostic: `/rapports/diagnostic/?lieu=<slug>&periode=…`.

One venue at a time (the area is drawn around it). Without exactly one `lieu`
the page asks to choose one among the venues the user may see. Only aggregates
are shown, so viewers (funders) see it too; a venue not given is a 403
(read_filters). The communes come from `manage.py import_communes`; before
that, the page says how to import them.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.reports import charts
from comptoir.reports.figures import Row, Table
from comptoir.reports.filters import DEFAULT_PRESET, ReportFilterForm, read_filters, reader_scope
from comptoir.reports.territory import AgeRow, Diagnostic, build_diagnostic

CHART_COMMUNES = 15  # communes drawn in the reach chart (the table has them all)
UNVISITED_SHOWN = 20  # communes listed before "the others"
PEOPLE_COLOUR = charts.CURRENT
INHABITANTS_COLOUR = "#7a3b10"  # the brand colour: 8.6:1 on white


class DiagnosticForm(ReportFilterForm):
    """The report filters with exactly one venue."""

    lieu = forms.ChoiceField(  # type: ignore[assignment]
        label=gettext_lazy("Lieu"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez le lieu du diagnostic.")},
        help_text=gettext_lazy(
            "Le diagnostic porte sur un lieu : les communes de son département et celles "
            "d’où viennent les personnes accompagnées."
        ),
    )


def diagnostic(request: HttpRequest) -> HttpResponse:
    filters = read_filters(request)  # 403 for a venue not given
    asked = request.GET.getlist("lieu")
    data = request.GET.copy()
    several = len(asked) > 1
    if several:
        data.pop("lieu")
    elif not asked and len(filters.venues) == 1:
        data["lieu"] = filters.venues[0].slug
    bound = bool(data) and not several
    form = DiagnosticForm(
        data if bound else None, venues=filters.venues, today=timezone.localdate()
    )
    if not bound:
        form.fields["periode"].initial = request.GET.get("periode") or DEFAULT_PRESET
    result, asked, widened = None, None, False
    if bound and form.is_valid():
        venue = next(v for v in filters.venues if v.slug == form.cleaned_data["lieu"])
        asked = form.cleaned_data["period"]
        # When read_filters() read the same filters, it saw this one venue: its
        # answer on exact figures holds (one query less).
        known = filters.exact if filters.scope is not None else None
        scope, exact = reader_scope(request.user, [venue.pk], asked, exact=known)
        result = build_diagnostic(scope, venue, exact=exact)
        widened = scope.period != asked
    context = {
        "form": form,
        "several": several,
        "diagnostic": result,
        "unvisited_shown": UNVISITED_SHOWN,
        "asked": asked,
        "widened": widened,
    }
    if result is not None:
        context.update(
            reach_chart=reach_chart(result),
            age_chart=age_chart(result) if result.has_population_ages else "",
            age_sentences=age_sentences(result.under_represented),
            unvisited_first=result.unvisited[:UNVISITED_SHOWN],
            unvisited_rest=result.unvisited[UNVISITED_SHOWN:],
        )
    return render(request, "reports/diagnostic.html", context)


def reach_chart(result: Diagnostic) -> SafeString:
    rows = [
        Row(row.code, row.name, row.per_thousand)  # type: ignore[arg-type]
        for row in result.reached[:CHART_COMMUNES]
        if row.per_thousand is not None
    ]
    table = Table(
        "reach",
        _("Personnes accompagnées pour 1 000 habitants, par commune"),
        _("Personnes accompagnées pour 1 000 habitants"),
        rows,
    )
    return charts.bar_chart(table, compare=False, id_prefix="chart-reach")


def age_sentences(rows: list[AgeRow]) -> list[str]:
    """ "Les 18 - 24 ans représentent 12 % des habitants mais 3 % des personnes accompagnées.\""""
    return [
        _(
            "Les %(bracket)s représentent %(inhabitants)s des habitants mais %(people)s "
            "des personnes accompagnées."
        )
        % {
            "bracket": _lowercase_first(row.label),
            "inhabitants": charts.format_value(row.inhabitants_share, "%"),
            "people": charts.format_value(row.people_share, "%"),
        }
        for row in rows
    ]


def _lowercase_first(label: str) -> str:
    return label[:1].lower() + label[1:] if label[:1].isupper() else label


# --- The age chart: two bars per bracket (people reached, inhabitants).

WIDTH = charts.WIDTH
LABEL_SIZE = 13
VALUE_SIZE = 12


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, size: int = LABEL_SIZE, weight: str = "normal") -> str:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" font-weight="{}">{}</text>',
        _num(x),
        _num(y),
        size,
        charts.INK,
        weight,
        content,
    )


def _bar(x: float, y: float, width: float, height: float, fill: str) -> str:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        _num(x),
        _num(y),
        _num(max(width, 0)),
        _num(height),
        fill,
    )


def age_chart(result: Diagnostic) -> SafeString:
    """Per age bracket, a thick bar for the share among the people reached and a
    thin one for the share among the inhabitants (told apart by thickness and
    by the legend, not by colour alone)."""
    people_label = _("Personnes accompagnées (barre épaisse)")
    inhabitants_label = _("Habitants de la zone (barre fine)")
    parts = [
        _bar(0, 0, 24, 14, PEOPLE_COLOUR),
        _text(30, 12, people_label, VALUE_SIZE),
        _bar(0, 24, 24, 7, INHABITANTS_COLOUR),
        _text(30, 32, inhabitants_label, VALUE_SIZE),
    ]
    y = 46.0
    highest = max(
        [row.people_share or 0 for row in result.ages]
        + [row.inhabitants_share or 0 for row in result.ages]
        + [1]
    )
    room = WIDTH - 60
    items = []
    for row in result.ages:
        people, inhabitants = row.people_share or 0, row.inhabitants_share or 0
        y += 16
        parts.append(
            _text(0, y - 4, row.label, weight="bold" if row.under_represented else "normal")
        )
        y += 2
        # A withheld share has no bar, only the mark of the withheld count.
        people_text = str(row.people) if row.withheld else charts.format_value(people, "%")
        length = 0 if row.withheld else room * people / highest
        if not row.withheld:
            parts.append(_bar(0, y, length, 14, PEOPLE_COLOUR))
        parts.append(_text(length + 5, y + 11.5, people_text, VALUE_SIZE, "bold"))
        y += 16
        length = room * inhabitants / highest
        parts.append(_bar(0, y, length, 7, INHABITANTS_COLOUR))
        parts.append(_text(length + 5, y + 7, charts.format_value(inhabitants, "%"), 11))
        y += 7 + 10
        items.append(
            _("%(bracket)s : %(people)s des personnes accompagnées, %(inhabitants)s des habitants")
            % {
                "bracket": row.label,
                "people": people_text,
                "inhabitants": charts.format_value(inhabitants, "%"),
            }
        )
    title = _("Âge des personnes accompagnées et des habitants de la zone")
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="chart-ages-title chart-ages-desc">'
        '<title id="chart-ages-title">{}</title><desc id="chart-ages-desc">{}</desc>',
        WIDTH,
        _num(y),
        title,
        " ; ".join(items) + ".",
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # every part went through format_html


urlpatterns = [path("rapports/diagnostic/", diagnostic, name="diagnostic")]
