"""Template helpers of the reports: French numbers, changes, and the SVG charts."""

from django import template
from django.utils.safestring import SafeString

from comptoir.reports import charts, disclosure
from comptoir.reports.figures import KeyFigure, MonthRow, Row, Table

register = template.Library()


@register.filter
def report_number(value) -> str:
    """1234 -> '1 234'; 12.5 -> '12,5'; None -> '—'."""
    return charts.format_number(value)


@register.filter
def report_value(value, unit: str = "") -> str:
    """A value with its unit: `{{ kf.value|report_value:kf.unit }}` -> '12,5 %'."""
    return charts.format_value(value, unit)


@register.filter
def report_change(figure: KeyFigure | Row) -> str:
    """Change from the previous period: '+12,5 %' (a rate changes in points: '+2 pts')."""
    if getattr(figure, "unit", "") == "%":
        return charts.format_points(figure.value, figure.previous)
    return charts.format_change(charts.percent_change(figure.value, figure.previous))


@register.filter
def report_date(day) -> str:
    """'1er janvier 2026', '15 mars 2026' (French); the locale's long date otherwise."""
    return charts.format_date(day)


@register.filter
def month_name(month) -> str:
    """'janvier 2025'."""
    return charts.month_label(month)


@register.simple_tag
def bar_chart(table: Table, compare: bool = True, id_prefix: str = "") -> SafeString:
    return charts.bar_chart(table, compare=compare, id_prefix=id_prefix or None)


@register.simple_tag
def month_chart(months: list[MonthRow], id_prefix: str = "chart-months") -> SafeString:
    return charts.month_chart(months, id_prefix=id_prefix)


@register.simple_tag
def protected_legend() -> str:
    """What "< 5" and "masqué" mean, above a report with small counts withheld."""
    return disclosure.legend()


@register.simple_tag
def withheld_text() -> str:
    return disclosure.withheld_text()


@register.filter
def is_hidden(value) -> bool:
    """Whether a figure is withheld from the reader (disclosure.py)."""
    return disclosure.is_hidden(value)
