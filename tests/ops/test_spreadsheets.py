"""The one helper every CSV and XLSX export writes through (comptoir/ops/spreadsheets.py),
and the rule that no other module writes a spreadsheet by itself."""

import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from comptoir.ops import spreadsheets

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x","y")',
        "+1+1",
        "-1+1",
        "@SUM(1)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "-",
        "+33 6 12 34 56 78",
        "=1",
    ],
)
def test_a_text_a_spreadsheet_would_evaluate_gets_a_leading_quote(value):
    assert spreadsheets.neutralise(value) == "'" + value
    assert spreadsheets.restore(spreadsheets.neutralise(value)) == value


@pytest.mark.parametrize(
    "value",
    [
        "Villeurbanne",
        "",
        " =1+1",
        "a=1+1",
        "'=1+1",
        "-12",
        "+33612345678",
        "-1,5",
        "3.25",
        -3,
        2.5,
        0,
        None,
        datetime.date(2026, 1, 1),
    ],
)
def test_plain_text_numbers_and_dates_are_left_alone(value):
    assert spreadsheets.neutralise(value) == value


def test_the_csv_writers_neutralise_every_cell_header_included():
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, lineterminator="\n")
    writer.writerow(["=A1", -1, "ok"])
    writer.writerows([["@x"]])
    assert out.getvalue() == "'=A1,-1,ok\n'@x\n"
    out = io.StringIO()
    writer = spreadsheets.csv_dict_writer(out, ["-name"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"-name": "+1+1"})
    assert out.getvalue() == "'-name\n'+1+1\n"


def _reload(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_an_ordinary_workbook_stores_no_formula_and_keeps_numbers():
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet["A1"] = "=1+1"
    sheet["A2"] = "+1+1"
    sheet["A3"] = -5
    sheet["A4"] = "Villeurbanne"
    sheet = _reload(spreadsheets.workbook_bytes(workbook))
    a1, a2, a3, a4 = (sheet[f"A{n}"] for n in range(1, 5))
    assert (a1.value, a1.data_type, a1.quotePrefix) == ("=1+1", "s", True)
    assert (a2.value, a2.data_type, a2.quotePrefix) == ("+1+1", "s", True)
    assert (a3.value, a3.data_type) == (-5, "n")
    assert (a4.value, a4.quotePrefix) == ("Villeurbanne", False)


def test_a_write_only_workbook_row_stores_no_formula():
    workbook = spreadsheets.new_workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(spreadsheets.xlsx_row(sheet, ["=1+1", -5, "ok", None]))
    row = next(_reload(spreadsheets.workbook_bytes(workbook)).iter_rows())
    assert [(c.value, c.data_type) for c in row[:3]] == [("=1+1", "s"), (-5, "n"), ("ok", "s")]
    assert row[0].quotePrefix


# Writing CSV or XLSX anywhere else would skip the neutralisation.
DIRECT_WRITERS = re.compile(
    r"csv\.writer\(|csv\.DictWriter\(|from openpyxl import .*Workbook\b|openpyxl\.Workbook\("
    r"|\bWorkbook\(|\.save\(out\)"
)


def test_no_module_writes_a_spreadsheet_without_the_helper():
    offenders = []
    for path in sorted((ROOT / "comptoir").rglob("*.py")):
        if path == ROOT / "comptoir" / "ops" / "spreadsheets.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DIRECT_WRITERS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "write through comptoir.ops.spreadsheets:\n" + "\n".join(offenders)
