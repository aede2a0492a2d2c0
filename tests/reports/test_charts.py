"""The server-drawn SVG charts: accessible, escaped, one bar per row, printable."""

import datetime
import re

import pytest
from django.utils import translation

from comptoir.reports.charts import (
    bar_chart,
    format_change,
    format_date,
    format_number,
    format_value,
    month_chart,
)
from comptoir.reports.figures import MonthRow, Row, Table


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def communes(previous=True):
    rows = [
        Row("69266", "Villeurbanne", 12, 8 if previous else None),
        Row("x", "<script>alert(1)</script>", 3, 0 if previous else None),
        Row("non_communique", "Non communiquée", 0, 2 if previous else None),
    ]
    return Table("communes", "Communes de résidence", "Personnes", rows)


def test_a_bar_chart_is_an_image_named_by_its_title_and_description():
    svg = str(bar_chart(communes()))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-communes-title chart-communes-desc"' in svg
    assert '<title id="chart-communes-title">Communes de résidence</title>' in svg
    desc = re.search(r'<desc id="chart-communes-desc">(.*?)</desc>', svg).group(1)
    assert "Villeurbanne : 12 (période précédente : 8)" in desc
    assert re.search(r'viewBox="0 0 \d+ \d+(\.\d)?"', svg)
    assert "style=" not in svg


def test_it_draws_one_bar_per_row_and_a_thin_one_for_the_previous_period():
    svg = str(bar_chart(communes()))
    assert svg.count('class="bar"') == 3
    assert svg.count('class="bar-previous"') == 3
    assert "Période précédente" in svg  # the legend says which bar is which


def test_without_comparison_there_is_no_previous_bar_nor_legend():
    for svg in (str(bar_chart(communes(), compare=False)), str(bar_chart(communes(False)))):
        assert svg.count('class="bar"') == 3
        assert "bar-previous" not in svg
        assert "Période précédente" not in svg


def test_labels_are_escaped():
    svg = str(bar_chart(communes()))
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_bars_are_proportional_and_values_are_written():
    svg = str(bar_chart(communes(previous=False)))
    widths = [float(w) for w in re.findall(r'class="bar" x="0" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] == pytest.approx(widths[0] * 3 / 12, abs=0.2)
    assert ">12</text>" in svg and ">3</text>" in svg


def test_an_id_prefix_keeps_ids_unique_when_a_table_is_drawn_twice():
    svg = str(bar_chart(communes(), id_prefix="pdf-communes"))
    assert 'id="pdf-communes-title"' in svg and 'id="pdf-communes-desc"' in svg


def test_an_empty_table_says_so():
    svg = str(bar_chart(Table("referrals", "Réorientations", "Activités", [])))
    assert "Aucune donnée sur cette période." in svg
    assert 'class="bar"' not in svg


def test_the_month_chart_has_one_stacked_column_per_month():
    months = [
        MonthRow(datetime.date(2026, 1, 1), 10, 2, 15),
        MonthRow(datetime.date(2026, 2, 1), 4, 0, 0),
        MonthRow(datetime.date(2026, 3, 1), 0, 0, 0),
    ]
    svg = str(month_chart(months))
    assert 'role="img"' in svg and '<title id="chart-months-title">' in svg
    assert svg.count('<g class="month">') == 3
    assert svg.count('class="bar bar-collective"') == 3
    assert ">25</text>" in svg  # 10 individual + 15 participants
    assert "janvier 2026 : 10 individuels, 15 participations collectives" in svg
    assert "hachuré" in svg  # the collective part is told by its stripes, not its colour
    assert "style=" not in svg


def test_a_long_period_labels_fewer_months_but_draws_them_all():
    months = [MonthRow(datetime.date(2022 + i // 12, i % 12 + 1, 1), i, 0, 0) for i in range(48)]
    svg = str(month_chart(months))
    assert svg.count('<g class="month">') == 48
    assert svg.count('text-anchor="middle" font-weight="normal">') < 48


def test_numbers_are_written_the_french_way():
    assert format_number(1234) == "1\xa0234"
    assert format_number(12.5) == "12,5"
    assert format_number(12.0) == "12"
    assert format_number(None) == "—"
    assert format_value(18.2, "%") == "18,2\xa0%"
    assert format_value(340, "h") == "340\xa0h"
    assert format_change(12.5) == "+12,5\xa0%"
    assert format_change(-3) == "−3\xa0%"
    assert format_change(None) == "—"
    assert format_date(datetime.date(2026, 1, 1)) == "1er janvier 2026"


def test_weasyprint_draws_the_charts():
    weasyprint = pytest.importorskip("weasyprint")
    html = f"<html><body>{bar_chart(communes())}{month_chart([])}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
