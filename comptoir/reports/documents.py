"""The files a report is handed over as: the funder report in PDF (WeasyPrint, A4)
and XLSX (the same tables), and the activity-report export in XLSX (one row per
accompaniment, the CRA columns of the journal's CSV export).

Every figure comes from `figures.build_report()`, so the PDF, the XLSX and the
dashboard always agree. As for the other printed documents (workshop poster,
reuse receipts), the PDF's HTML holds everything (charts are inline SVG, the
print CSS is read from this package), printed by the kernel's `render_pdf`,
which never touches the network.
"""

import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from comptoir.journal.export import COLUMNS, Roles, activity_row, export_queryset
from comptoir.journal.models import Activity
from comptoir.kernel.pdf import render_pdf
from comptoir.ops import spreadsheets
from comptoir.reports import charts
from comptoir.reports.charts import format_change, format_date, format_number, format_value
from comptoir.reports.disclosure import legend, plain, withheld_text
from comptoir.reports.figures import KeyFigure, Report, Table
from comptoir.reports.scope import Period
from comptoir.venues.models import Venue

PRINT_CSS = Path(__file__).parent / "templates" / "reports" / "pdf" / "report.css"
MONTH_COLUMNS = ("individual", "collective", "participants", "accompaniments")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
# Excel refuses these in a sheet name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


# --- Shared helpers


def report_venues(report: Report) -> list[Venue]:
    return list(Venue.objects.filter(pk__in=report.scope.venue_ids).order_by("name"))


def period_label(period: Period) -> str:
    """'du 1 janvier 2026 au 30 juin 2026' in the active language."""
    return _("du %(start)s au %(end)s") % {
        "start": format_date(period.start),
        "end": format_date(period.end),
    }


def period_slug(period: Period) -> str:
    """For file names: 2026-01-01-2026-06-30."""
    return f"{period.start.isoformat()}-{period.end.isoformat()}"


def chart_svgs(report: Report, compare: bool = True) -> dict[str, str]:
    """The inline SVG charts of the report: 'months' and one per table key."""
    svgs = {"months": charts.month_chart(report.months)}
    for table in report.tables:
        svgs[table.key] = charts.bar_chart(table, compare=compare)
    return svgs


# --- PDF


def _key_rows(key_figures: Sequence[KeyFigure]) -> list[dict]:
    return [
        {
            "label": figure.label,
            "value": format_value(figure.value, figure.unit),
            "previous": format_value(figure.previous, figure.unit),
            "change": format_change(figure.change),
        }
        for figure in key_figures
    ]


def _table_rows(table: Table) -> list[dict]:
    return [
        {
            "label": row.label,
            "value": format_number(row.value),
            "previous": format_number(row.previous),
        }
        for row in table.rows
    ]


def report_html(
    report: Report,
    *,
    title: str,
    context_text: str = "",
    funder: str = "",
    venues: Iterable[Venue] | None = None,
) -> str:
    """The report as HTML, for WeasyPrint (never served to a browser)."""
    venues = list(venues) if venues is not None else report_venues(report)
    compare = report.previous is not None
    with translation.override("fr"):
        charts = chart_svgs(report, compare=compare)
        period = report.scope.period
        return render_to_string(
            "reports/pdf/report.html",
            {
                "title": title,
                "funder": funder,
                "context_text": context_text.strip(),
                "venues": venues,
                "period": period_label(period),
                "previous_period": period_label(period.previous()) if compare else "",
                "compare": compare,
                "generated": format_date(timezone.localdate()),
                "key_figures": _key_rows(report.key_figures),
                "month_chart": charts.get("months", ""),
                "months": [
                    {
                        "label": formats.date_format(row.month, "F Y"),
                        **{name: format_number(getattr(row, name)) for name in MONTH_COLUMNS},
                    }
                    for row in report.months
                ],
                "months_total": {
                    name: format_number(report.month_total(name)) for name in MONTH_COLUMNS
                },
                "protected": report.protected,
                "protected_legend": legend(),
                "withheld_text": withheld_text(),
                "tables": [
                    {
                        "table": table,
                        "chart": charts.get(table.key, ""),
                        "rows": _table_rows(table),
                        "total": format_number(table.total),
                        "previous_total": format_number(table.previous_total),
                    }
                    for table in report.tables
                ],
            },
        )


def report_pdf(
    report: Report,
    *,
    title: str,
    context_text: str = "",
    funder: str = "",
    venues: Iterable[Venue] | None = None,
) -> bytes:
    """The A4 PDF of a report: cover, context text, key figures, months, tables."""
    html = report_html(report, title=title, context_text=context_text, funder=funder, venues=venues)
    return render_pdf(html, stylesheets=[PRINT_CSS])


# --- XLSX of a report


def _sheet_title(title: str, taken: set[str]) -> str:
    base = title.translate(SHEET_NAME_FORBIDDEN).strip()[:31] or "Tableau"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _header(sheet, row: int, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD


def _widths(sheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _unit_label(figure: KeyFigure) -> str:
    return f"{figure.label} ({figure.unit})" if figure.unit else figure.label


def _summary_sheet(sheet, report: Report, title: str, context_text: str, venues) -> None:
    period = report.scope.period
    compare = report.previous is not None
    sheet.title = _("Synthèse")
    sheet["A1"] = title
    sheet["A1"].font = TITLE
    details = [
        (_("Période"), period_label(period)),
        (_("Période précédente"), period_label(period.previous()) if compare else "—"),
        (_("Lieux"), ", ".join(venue.name for venue in venues)),
    ]
    if report.protected:
        details.append((_("Petits effectifs"), legend()))
    row = 3
    for label, value in details:
        sheet.cell(row=row, column=1, value=label).font = BOLD
        sheet.cell(row=row, column=2, value=value)
        row += 1
    if context_text.strip():
        sheet.cell(row=row, column=1, value=_("Contexte")).font = BOLD
        cell = sheet.cell(row=row, column=2, value=context_text.strip())
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        lines = sum(max(1, len(line) // 80 + 1) for line in context_text.strip().splitlines())
        sheet.row_dimensions[row].height = min(400, 15 * lines)
        row += 1
    row += 1
    _header(sheet, row, [_("Indicateur"), _("Période"), _("Période précédente"), _("Évolution")])
    for figure in report.key_figures:
        row += 1
        sheet.cell(row=row, column=1, value=_unit_label(figure))
        value = sheet.cell(row=row, column=2, value=plain(figure.value))
        previous = sheet.cell(row=row, column=3, value=plain(figure.previous))
        for cell in (value, previous):
            cell.number_format = "0" if isinstance(cell.value, int) else "0.0"
        if figure.change is not None:
            change = sheet.cell(row=row, column=4, value=figure.change / 100)
            change.number_format = "+0.0%;-0.0%;0.0%"
    _widths(sheet, [48, 26, 26, 14])


def _months_sheet(sheet, report: Report) -> None:
    sheet.title = _("Par mois")
    _header(
        sheet,
        1,
        [
            _("Mois"),
            _("Accompagnements individuels"),
            _("Séances collectives"),
            _("Participations aux séances collectives"),
            _("Accompagnements"),
        ],
    )
    for index, month in enumerate(report.months, start=2):
        cell = sheet.cell(row=index, column=1, value=month.month)
        cell.number_format = "mm/yyyy"
        for column, value in enumerate(
            (month.individual, month.collective, month.participants, month.accompaniments),
            start=2,
        ):
            sheet.cell(row=index, column=column, value=plain(value))
    total = len(report.months) + 2
    sheet.cell(row=total, column=1, value=_("Total")).font = BOLD
    for column, attribute in enumerate(
        ("individual", "collective", "participants", "accompaniments"), start=2
    ):
        cell = sheet.cell(row=total, column=column, value=plain(report.month_total(attribute)))
        cell.font = BOLD
    _widths(sheet, [12, 28, 20, 36, 18])
    sheet.freeze_panes = "A2"


def _table_sheet(sheet, table: Table, compare: bool) -> None:
    labels = [table.title, f"{table.value_label} — {_('période')}"]
    if compare:
        labels.append(f"{table.value_label} — {_('période précédente')}")
    _header(sheet, 1, labels)
    row = 1
    for item in table.rows:
        row += 1
        sheet.cell(row=row, column=1, value=item.label)
        sheet.cell(row=row, column=2, value=plain(item.value))
        if compare:
            sheet.cell(row=row, column=3, value=plain(item.previous))
    if table.withheld:
        row += 1
        sheet.cell(row=row, column=1, value=withheld_text())
    row += 1
    sheet.cell(row=row, column=1, value=_("Total")).font = BOLD
    sheet.cell(row=row, column=2, value=plain(table.total)).font = BOLD
    if compare:
        sheet.cell(row=row, column=3, value=plain(table.previous_total)).font = BOLD
    if table.note:
        sheet.cell(row=row + 2, column=1, value=table.note)
    _widths(sheet, [max(30, min(60, len(table.title) + 4)), 26, 30])
    sheet.freeze_panes = "A2"


def report_xlsx(
    report: Report, *, title: str, context_text: str = "", venues: Iterable[Venue] | None = None
) -> bytes:
    """The report's tables in a workbook: a summary, the months, one sheet per table."""
    venues = list(venues) if venues is not None else report_venues(report)
    compare = report.previous is not None
    workbook = spreadsheets.new_workbook()
    with translation.override("fr"):
        _summary_sheet(workbook.active, report, title, context_text, venues)
        _months_sheet(workbook.create_sheet(), report)
        taken = {_("Synthèse").casefold(), _("Par mois").casefold()}
        for table in report.tables:
            _table_sheet(workbook.create_sheet(_sheet_title(table.title, taken)), table, compare)
        workbook.properties.title = title
    return spreadsheets.workbook_bytes(workbook)


# --- XLSX of the activity report (CRA)

# Columns of the CRA export that are numbers or dates, not text.
_INTEGER_COLUMNS = {COLUMNS.index(name) for name in ("Participants", "Durée (min)", "ID CRA")}
_DATE_COLUMN = COLUMNS.index("Date")


def _typed(row: list[str]) -> list:
    values: list = list(row)
    for index in _INTEGER_COLUMNS:
        if values[index].isdigit():
            values[index] = int(values[index])
    values[_DATE_COLUMN] = datetime.date.fromisoformat(values[_DATE_COLUMN])
    return values


def activities_xlsx(activities: QuerySet[Activity], roles: Roles) -> bytes:
    """The CRA export (same columns as the journal's CSV) as a workbook, written row
    by row (openpyxl's write-only mode) so a long journal stays light in memory."""
    workbook = spreadsheets.new_workbook(write_only=True)
    sheet = workbook.create_sheet(title="Accompagnements")
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(40, len(name) + 4))
    sheet.freeze_panes = "A2"
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = BOLD
        header.append(cell)
    sheet.append(header)
    with translation.override("fr"):
        for activity in export_queryset(activities).iterator(chunk_size=1000):
            values = _typed(activity_row(activity, roles))
            date = WriteOnlyCell(sheet, value=values[_DATE_COLUMN])
            date.number_format = "yyyy-mm-dd"
            values[_DATE_COLUMN] = date
            sheet.append(spreadsheets.xlsx_row(sheet, values))
    return spreadsheets.workbook_bytes(workbook)
