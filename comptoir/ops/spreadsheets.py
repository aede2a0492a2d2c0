"""Every CSV and XLSX file Comptoir writes goes through here, so that no cell typed by
someone (a commune, a procedure name, a workshop title, an ORDS field…) reaches a
spreadsheet as a live formula ("CSV injection", OWASP).

- A text cell that a spreadsheet would evaluate (it starts with `=`, `+`, `-`, `@`,
  a tab, a carriage return or a line feed) is neutralised. In a CSV file it gets a
  leading single quote, as OWASP advises: `=HYPERLINK(…)` is written `'=HYPERLINK(…)`.
  In an XLSX file its text is kept as typed, stored as text (never as a formula) and
  marked "quote prefix", so that the spreadsheet shows it as text and keeps it text
  when someone edits the cell.
- A text that is a plain signed number (`-12`, `+33612345678`, `-1,5`) is left alone:
  a spreadsheet reads it as a number, which runs nothing; this keeps the telephone
  numbers of the open-data schema valid.
- Numbers, dates and empty values are never touched: a negative number stays a number.

Use `csv_writer()` / `csv_dict_writer()` instead of `csv.writer()` / `csv.DictWriter()`,
`new_workbook()` and `workbook_bytes()` for a workbook, and `xlsx_row()` to append a
row to a write-only sheet (whose cells cannot be walked once written).
tests/ops/test_spreadsheets.py checks that no other module writes CSV or XLSX directly,
and tests/security/test_formula_injection.py runs every export with hostile values.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell

# The first characters OWASP lists (= + - @, tab, carriage return), and the line feed.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet could evaluate this text as a formula."""
    return (
        isinstance(value, str)
        and value[:1] in FORMULA_TRIGGERS
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def neutralise(value: Any) -> Any:
    """The value to write in a CSV cell: a formula-like text gets a leading `'`."""
    return "'" + value if is_formula_like(value) else value


def restore(value: Any) -> Any:
    """The inverse of `neutralise()`, for a file read back (an ORDS import of another
    venue's export): `'=HYPERLINK(…)` gives `=HYPERLINK(…)` again."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


class SafeCsvWriter:
    """`csv.writer` whose cells are neutralised (same `writerow` and `writerows`)."""

    def __init__(self, out: IO[str] | Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeCsvDictWriter:
    """`csv.DictWriter` whose cells are neutralised."""

    def __init__(self, out: IO[str] | Any, fieldnames: Sequence[str], **options: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(out, fieldnames=self.fieldnames, **options)

    def writeheader(self) -> Any:
        return self._writer.writerow({name: neutralise(name) for name in self.fieldnames})

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({name: neutralise(value) for name, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str] | Any, **options: Any) -> SafeCsvWriter:
    """Like `csv.writer(out, **options)`, with every cell neutralised."""
    return SafeCsvWriter(out, **options)


def csv_dict_writer(
    out: IO[str] | Any, fieldnames: Sequence[str], **options: Any
) -> SafeCsvDictWriter:
    """Like `csv.DictWriter(out, fieldnames, **options)`, with every cell neutralised."""
    return SafeCsvDictWriter(out, fieldnames, **options)


# --- XLSX


def protect_cell(cell: Cell) -> None:
    """Make a cell that holds text inert: stored as text, never as a formula.

    openpyxl stores any text starting with `=` as a formula; the text itself is kept.
    """
    value = cell.value
    if not isinstance(value, str):
        return
    if cell.data_type == "f" or value.startswith("="):
        cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


def xlsx_cell(sheet, value: Any) -> Any:
    """A cell for a write-only sheet: text made inert, anything else as is."""
    if isinstance(value, Cell):
        protect_cell(value)
        return value
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    protect_cell(cell)
    return cell


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row to `append()` to a write-only sheet, every text cell made inert."""
    return [xlsx_cell(sheet, value) for value in values]


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A new openpyxl workbook. Save it with `workbook_bytes()`."""
    return Workbook(write_only=write_only)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The XLSX file's bytes. Every cell of an ordinary workbook is made inert here;
    the rows of a write-only workbook must have gone through `xlsx_row()`."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    protect_cell(cell)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
