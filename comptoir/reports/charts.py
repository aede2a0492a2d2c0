"""Charts of the reports as inline SVG, drawn on the server.

No chart library and no script: each chart is a small SVG string that the
dashboard, the PDF (WeasyPrint) and any page can include as is. Every chart is
`role="img"` with a `<title>` and a `<desc>` that says the figures in words, and
is always followed by its data table in the page. Only rect, line, text and a
stripe pattern are used, with presentation attributes (no `style`, so the
strict CSP allows it and WeasyPrint draws it the same). The viewBox makes a
chart scale to its container; text takes the page's font.

Series are never told apart by colour alone: the previous period is a thin
bar under the thick current one, the collective part of a month column is
striped, and a legend names both.

The number formatting helpers (`format_number`, `format_value`,
`format_change`) are shared with the templates (see templatetags/reports.py).
"""

import datetime
import math
from collections.abc import Iterable

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comptoir.reports.disclosure import Hidden, shown
from comptoir.reports.figures import MonthRow, Table

WIDTH = 360
INK = "#1d1d1b"
MUTED = "#4d4d4a"
CURRENT = "#0b5d6b"  # the accent colour: 7.4:1 on white
PREVIOUS = "#767671"  # grey: 4.5:1 on white, for the thin previous-period bar
COLLECTIVE = "#7a3b10"  # the brand colour, striped
LINE = "#6b6b66"
LABEL_SIZE = 14
VALUE_SIZE = 13
LINE_HEIGHT = 17
WRAP_AT = 44  # characters per label line (about the width at 14 units)


# --- Numbers, French style through Django's localisation.


def format_number(value) -> str:
    """1234 -> '1 234'; 12.5 -> '12,5'; None -> '—'; a withheld figure -> '< 5'
    or 'masqué' (disclosure.py)."""
    if value is None:
        return "—"
    if isinstance(value, Hidden):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return formats.number_format(value, decimal_pos=1, force_grouping=True)
    return formats.number_format(int(value), force_grouping=True)


def format_value(value, unit: str = "") -> str:
    """A figure with its unit: '12,5 %', '340 h', '1 234'."""
    if value is None:
        return "—"
    if isinstance(value, Hidden):
        return str(value)
    if unit in ("%", "h"):
        return f"{format_number(value)}\u00a0{unit}"
    return format_number(value)


def format_change(change) -> str:
    """A change in percent: '+12,5 %', '−3 %', '0 %'; '—' when not comparable."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return f"{sign}{format_number(abs(change))}\u00a0%"


def format_points(value, previous) -> str:
    """Change of a rate, in percentage points: '+2,5 pts'; '—' when not comparable."""
    value, previous = shown(value), shown(previous)
    if value is None or previous is None:
        return "—"
    delta = round(value - previous, 1)
    sign = "+" if delta > 0 else "−" if delta < 0 else ""
    return f"{sign}{format_number(abs(delta))}\u00a0" + _("pts")


def percent_change(value, previous) -> float | None:
    """Change from `previous` to `value` in percent (None when not comparable)."""
    value, previous = shown(value), shown(previous)
    if value is None or previous in (None, 0):
        return None
    return round(100 * (value - previous) / previous, 1)


# --- Small SVG helpers.


def _wrap(label: str, width: int = WRAP_AT, lines: int = 2) -> list[str]:
    """Split a label into at most `lines` lines of about `width` characters."""
    words = label.split()
    result: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        result.append(current)
    if len(result) > lines:
        kept = result[:lines]
        kept[-1] = kept[-1][: width - 1].rstrip() + "…"
        return kept
    return result or [""]


def _svg(prefix: str, title: str, desc: str, height: float, body: Iterable[str]) -> SafeString:
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        WIDTH,
        _num(height),
        prefix,
        prefix,
        prefix,
        title,
        prefix,
        desc,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every part went through format_html


def _num(value: float) -> str:
    """A coordinate for SVG: dot decimal, whatever the locale."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _rect(x, y, width, height, fill, css_class, **extra) -> str:
    attrs = "".join(
        format_html(' {}="{}"', key.replace("_", "-"), value) for key, value in extra.items()
    )
    return format_html(
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        css_class,
        _num(x),
        _num(y),
        _num(max(width, 0)),
        _num(height),
        fill,
        mark_safe(attrs),  # built with format_html
    )


def _text(
    x, y, content, *, size=LABEL_SIZE, fill=INK, anchor="start", weight="normal", css_class=""
) -> str:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}" font-weight="{}"{}>{}</text>',
        _num(x),
        _num(y),
        size,
        fill,
        anchor,
        weight,
        format_html(' class="{}"', css_class) if css_class else "",
        content,
    )


def _legend(items: list[tuple[str, str, str]]) -> tuple[list[str], float]:
    """A legend from the top left: items are (kind, fill, label), kind "block" (a
    12-high swatch), "thin" (a 5-high bar) or "striped" (outlined). Goes to a new
    line when the next item would not fit. Returns the parts and its height."""
    parts = []
    x = y = 0.0
    for kind, fill, label in items:
        width = 30 + len(label) * 7.2
        if x and x + width > WIDTH:
            x, y = 0.0, y + 18
        if kind == "thin":
            parts.append(_rect(x, y + 4, 24, 5, fill, "legend-swatch"))
        elif kind == "striped":
            parts.append(_rect(x, y, 24, 12, fill, "legend-swatch", stroke=COLLECTIVE))
        else:
            parts.append(_rect(x, y, 24, 12, fill, "legend-swatch"))
        parts.append(_text(x + 30, y + 11, label, size=VALUE_SIZE))
        x += width + 16
    return parts, y + 26


# --- Horizontal bars: one table, current period and previous period.


def bar_chart(table: Table, *, compare: bool = True, id_prefix: str | None = None) -> SafeString:
    """Horizontal bars, one row of `table` each; the previous period as a thin
    grey bar under the current one when `compare` and it is known."""
    prefix = id_prefix or f"chart-{table.key}"
    rows = table.rows
    show_previous = compare and any(row.previous is not None for row in rows)
    highest = max(
        [shown(row.value) or 0 for row in rows]
        + [shown(row.previous) or 0 for row in rows if show_previous]
        + [0]
    )
    value_space = 64
    bar_width = WIDTH - value_space
    parts: list[str] = []
    y = 0.0
    if show_previous:
        parts, y = _legend(
            [
                ("block", CURRENT, _("Période")),
                ("thin", PREVIOUS, _("Période précédente (barre fine)")),
            ]
        )
    if not rows:
        parts.append(_text(0, y + 16, _("Aucune donnée sur cette période."), fill=MUTED))
        y += 26
    for row in rows:
        lines = _wrap(row.label)
        parts.append('<g class="chart-row">')
        for line in lines:
            y += LINE_HEIGHT
            parts.append(_text(0, y - 4, line))
        y += 2
        # A withheld figure has no bar: only its mark ("< 5", "masqué").
        length = bar_width * (shown(row.value) or 0) / highest if highest else 0
        if shown(row.value) is not None:
            parts.append(_rect(0, y, length, 14, CURRENT, "bar"))
        parts.append(
            _text(length + 5, y + 11.5, format_number(row.value), size=VALUE_SIZE, weight="bold")
        )
        y += 14
        if show_previous:
            y += 2
            before = shown(row.previous) or 0
            length = bar_width * before / highest if highest else 0
            if shown(row.previous) is not None:
                parts.append(_rect(0, y, length, 5, PREVIOUS, "bar-previous"))
            parts.append(_text(length + 5, y + 6, format_number(row.previous), size=11, fill=MUTED))
            y += 5
        parts.append("</g>")
        y += 10
    return _svg(prefix, table.title, _bar_description(table, show_previous), y, parts)


def _bar_description(table: Table, show_previous: bool) -> str:
    if not table.rows:
        return _("Aucune donnée sur cette période.")
    items = []
    for row in table.rows:
        text = f"{row.label} : {format_number(row.value)}"
        if show_previous:
            text += " " + _("(période précédente : %(n)s)") % {"n": format_number(row.previous)}
        items.append(text)
    return f"{table.value_label}. " + " ; ".join(items) + "."


# --- Columns per month: individual accompaniments + participants of sessions.


def format_date(day: datetime.date) -> str:
    """A long date: '1er janvier 2026' in French, 'January 1, 2026' in English."""
    text = formats.date_format(day, "DATE_FORMAT")
    if day.day == 1 and get_language() == "fr":
        text = text.replace("1 ", "1er ", 1)
    return text


def month_label(month: datetime.date, *, short: bool = False) -> str:
    if short:
        return formats.date_format(month, "N")
    return formats.date_format(month, "F Y")


def month_chart(months: list[MonthRow], *, id_prefix: str = "chart-months") -> SafeString:
    """One column per month, stacked: individual accompaniments (solid) and
    participations in collective sessions (striped)."""
    count = len(months)
    highest = max((shown(m.accompaniments) or 0 for m in months), default=0)
    plot_height, bottom = 170.0, 34.0
    pattern = f"{id_prefix}-stripes"
    parts = [
        format_html(
            '<defs><pattern id="{}" patternUnits="userSpaceOnUse" width="6" height="6" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            '<rect width="3" height="6" fill="{}"/></pattern></defs>',
            pattern,
            COLLECTIVE,
        )
    ]
    legend, legend_height = _legend(
        [
            ("block", CURRENT, _("Individuels")),
            ("striped", f"url(#{pattern})", _("Participations collectives (hachuré)")),
        ]
    )
    parts += legend
    top = legend_height + 18  # room for the value above the highest column
    height = top + plot_height + bottom
    baseline = top + plot_height
    slot = WIDTH / count if count else WIDTH
    column = min(slot * 0.7, 40)
    label_every = max(1, math.ceil(count / 12))
    show_values = count <= 12
    if highest and not show_values:
        parts.append(
            format_html(
                '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="3 3"/>',
                _num(top),
                WIDTH,
                _num(top),
                LINE,
            )
        )
        parts.append(_text(WIDTH, top - 3, format_number(highest), size=10, anchor="end"))
    for index, month in enumerate(months):
        x = slot * index + (slot - column) / 2
        # A month with a withheld figure has no column, only its mark or total.
        drawn = shown(month.individual) is not None and shown(month.participants) is not None
        individual = plot_height * month.individual / highest if highest and drawn else 0
        collective = plot_height * month.participants / highest if highest and drawn else 0
        parts.append('<g class="month">')
        parts.append(_rect(x, baseline - individual, column, individual, CURRENT, "bar"))
        parts.append(
            _rect(
                x,
                baseline - individual - collective,
                column,
                collective,
                f"url(#{pattern})",
                "bar bar-collective",
                stroke=COLLECTIVE if collective else "none",
            )
        )
        if show_values:
            parts.append(
                _text(
                    x + column / 2,
                    baseline - individual - collective - 4,
                    format_number(month.accompaniments),
                    size=11,
                    anchor="middle",
                    weight="bold",
                )
            )
        if index % label_every == 0:
            short = month_label(month.month, short=True)
            parts.append(_text(x + column / 2, baseline + 15, short, size=11, anchor="middle"))
            if index == 0 or month.month.month == 1 or label_every > 1:
                parts.append(
                    _text(
                        x + column / 2,
                        baseline + 29,
                        str(month.month.year),
                        size=10,
                        fill=MUTED,
                        anchor="middle",
                    )
                )
        parts.append("</g>")
    parts.append(
        format_html(
            '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            _num(baseline),
            WIDTH,
            _num(baseline),
            LINE,
        )
    )
    return _svg(id_prefix, _("Accompagnements par mois"), _month_description(months), height, parts)


def _month_description(months: list[MonthRow]) -> str:
    if not months:
        return _("Aucune donnée sur cette période.")
    items = [
        _("%(month)s : %(individual)s individuels, %(participants)s participations collectives")
        % {
            "month": month_label(m.month),
            "individual": format_number(m.individual),
            "participants": format_number(m.participants),
        }
        for m in months
    ]
    return " ; ".join(items) + "."
