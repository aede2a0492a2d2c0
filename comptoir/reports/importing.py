"""Import the communes of the territory from INSEE and ANCT files (see
docs/territory.md for where to download them).

Three files, read here and written by `import_communes()` in one transaction:

- the communes with their population ("populations légales"): a code, a name
  and the municipal population per row;
- optionally the priority neighbourhoods (QPV) of the ANCT: one or several
  commune codes per row; the communes named get `has_priority_area`;
- optionally the population by single year of age (INSEE's detail tables, one
  row per commune, age and sex: `CODGEO;AGED100;SEXE;NB`), summed into the age
  brackets of the activity report; or, simpler, one row per commune with one
  column per bracket (our bracket values as column names).

Files come from a download or from a spreadsheet: `;`, `,` or tab separators,
UTF-8 with or without BOM, or Latin-1; column names are matched without regard
to case or accents; a code that lost its leading zero ("1001") gets it back.
"""

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from comptoir.people.enums import AgeBracket
from comptoir.reports.models import Commune, department_of

BATCH_SIZE = 1000
# The largest file read, checked before parsing (docs/security.md, "Input caps"):
# INSEE's communes are ~3 MB, the comparateur de territoires base ~40 MB. The
# population by single year of age of all France (~300 MB, millions of rows held
# in memory) is cut to the départements served first (docs/territory.md).
MAX_FILE_BYTES = 64 * 1024 * 1024
# More inhabitants than this in one commune (or age bracket) is a misread cell.
MAX_COUNT = 100_000_000
PROGRESS_EVERY = 5000
INSEE_CODE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")

# Column names, compared once normalised (lower case, no accents, "_" for spaces).
CODE_COLUMNS = ("com", "codgeo", "depcom", "code_commune", "insee_com", "code_insee", "codarm")
NAME_COLUMNS = ("libelle", "libgeo", "com_libelle", "commune", "nom_de_la_commune", "nom", "arm")
POPULATION_COLUMNS = ("pmun", "population_municipale", "population")
POPULATION_PATTERN = re.compile(r"^p\d\d_pop$")  # P21_POP in INSEE's thematic bases
DEPARTMENT_COLUMNS = ("dep", "coddep", "code_departement")
QPV_COLUMNS = (
    "insee_com",
    "code_commune",
    "codes_insee",
    "code_insee",
    "insee_commune",
    "codgeo",
    "depcom",
    "com",
)
AGE_CODE_COLUMNS = ("codgeo", "com", "depcom", "code_commune", "codarm")
AGE_COLUMNS = ("aged100", "agerev", "aged", "age", "agerevq")
AGE_COUNT_COLUMNS = ("nb", "population", "effectif")
AGE_LEVEL_COLUMN = "nivgeo"
AGE_LEVELS = {"com", "arm"}
SEVERAL_CODES = re.compile(r"[,;|/\s]+")

# The brackets of the activity report, by age in completed years.
KNOWN_BRACKETS = [b for b in AgeBracket if b != AgeBracket.NOT_GIVEN]
_BRACKET_LIMITS = [  # (first age, bracket)
    (0, AgeBracket.UNDER_12),
    (12, AgeBracket.FROM_12_TO_17),
    (18, AgeBracket.FROM_18_TO_24),
    (25, AgeBracket.FROM_25_TO_39),
    (40, AgeBracket.FROM_40_TO_59),
    (60, AgeBracket.FROM_60_TO_69),
    (70, AgeBracket.OVER_70),
]


def bracket_of_age(age: int) -> AgeBracket:
    """The report's bracket of an age in completed years (100 means 100 or more)."""
    if age < 0:
        raise ValueError(age)
    result = _BRACKET_LIMITS[0][1]
    for first, bracket in _BRACKET_LIMITS:
        if age >= first:
            result = bracket
    return result


class UnreadableFile(Exception):
    """The file is not one we can import; nothing was written."""


@dataclass
class Table:
    """A CSV file read whole: normalised column names and (line number, row) pairs."""

    path: str
    columns: dict[str, str]  # normalised name → name as written in the file
    rows: list[tuple[int, dict[str, str]]]

    def find(self, candidates: Iterable[str], pattern: re.Pattern | None = None) -> str | None:
        """The file's column matching the first candidate found (normalised), or None."""
        for candidate in candidates:
            if candidate in self.columns:
                return self.columns[candidate]
        if pattern is not None:
            matching = sorted(name for name in self.columns if pattern.match(name))
            if matching:
                return self.columns[matching[-1]]  # the most recent year
        return None


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(path: str | Path) -> Table:
    """Read a CSV file whatever its separator and encoding."""
    try:
        with Path(path).open("rb") as handle:
            too_big = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            data = b"" if too_big else handle.read(MAX_FILE_BYTES + 1)  # a pipe has no size
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path}: {exc.strerror}") from exc
    if too_big or len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: keep only the rows "
            "of the départements you serve (see docs/territory.md)."
        )
    text = _decode(data)
    text = text.replace("\x00", "")  # never meaningful, and PostgreSQL refuses it
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        header = [name.strip().lstrip("\ufeff") for name in header]
        columns = {}
        for name in header:
            columns.setdefault(normalise(name), name)
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows.append(
                (reader.line_num, dict(zip(header, (cell.strip() for cell in row), strict=False)))
            )
    except StopIteration:
        raise UnreadableFile(f"{path} is empty") from None
    except csv.Error as exc:  # e.g. a cell longer than the CSV reader accepts
        raise UnreadableFile(f"{path} is not a readable CSV file: {exc}") from None
    return Table(str(path), columns, rows)


def clean_code(value: str, department: str = "") -> str | None:
    """An INSEE commune code, or None. "1001" (a spreadsheet ate the zero) gives
    "01001"; a three-digit code with its département column gives the full code."""
    value = value.strip().upper()
    if value.endswith(".0"):  # a spreadsheet turned it into a number
        value = value[:-2]
    department = department.strip().upper()
    if department and value.isdigit() and len(value) <= 3:
        if department.isdigit() and len(department) == 1:
            department = "0" + department
        value = (
            department[:2] + value.zfill(3)[-3:]
            if department.startswith("97")
            else (department + value.zfill(3))
        )
    if value.isdigit() and len(value) == 4:
        value = "0" + value
    return value if INSEE_CODE.match(value) else None


def parse_count(value: str) -> Decimal | None:
    """A population figure: "1 234", "1234", "1234,5" or "1234.56" (weighted counts)."""
    text = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number > MAX_COUNT:
        return None
    return number


# --- The three files ------------------------------------------------------------------


@dataclass
class CommuneRow:
    code: str
    name: str
    population: int


@dataclass
class CommunesFile:
    rows: dict[str, CommuneRow] = field(default_factory=dict)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _expected(kind: str, names: Iterable[str]) -> str:
    return f"{kind}: {', '.join(names)}"


def read_communes(path: str | Path) -> CommunesFile:
    """The communes of a "populations légales" file. Rows with a bad code or
    population are listed (line, reason); a file without a code or a population
    column is refused whole."""
    table = read_table(path)
    code_column = table.find(CODE_COLUMNS)
    department_column = table.find(DEPARTMENT_COLUMNS)
    name_column = table.find(NAME_COLUMNS)
    population_column = table.find(POPULATION_COLUMNS, POPULATION_PATTERN)
    # INSEE's own "donnees_communes.csv" has DEP + CODCOM (3 digits) and the
    # name in COM; COG files have the code in COM and the name in LIBELLE.
    if "codcom" in table.columns and department_column:
        code_column = table.columns["codcom"]
        name_column = table.columns.get("com") or name_column
    elif "code_commune" in table.columns and department_column:
        code_column = table.columns["code_commune"]
    missing = []
    if not code_column:
        missing.append(_expected("code", ["COM", "CODGEO", "DEPCOM", "Code commune"]))
    if not population_column:
        missing.append(
            _expected("population", ["PMUN", "Population municipale", "P21_POP (Pxx_POP)"])
        )
    if missing:
        raise UnreadableFile(
            f"{table.path}: no column recognised for the "
            + " and the ".join(missing)
            + f". Columns found: {', '.join(table.columns.values()) or 'none'}."
        )
    result = CommunesFile()
    for line, row in table.rows:
        raw_code = row.get(code_column) or ""
        department = row.get(department_column, "") if department_column else ""
        code = clean_code(raw_code, department if len(raw_code.strip()) <= 3 else "")
        if code is None:
            result.rejected.append((line, f"invalid commune code {raw_code!r}"))
            continue
        population = parse_count(row.get(population_column) or "")
        if population is None:
            result.rejected.append(
                (line, f"invalid population {row.get(population_column) or ''!r} for {code}")
            )
            continue
        name = (row.get(name_column) or "").strip() if name_column else ""
        result.rows[code] = CommuneRow(code, (name or code)[:120], int(population.to_integral()))
    return result


def read_priority_codes(path: str | Path) -> set[str]:
    """The codes of the communes holding a priority neighbourhood (QPV)."""
    table = read_table(path)
    column = table.find(QPV_COLUMNS)
    if not column:
        raise UnreadableFile(
            f"{table.path}: no commune code column recognised ("
            + ", ".join(["insee_com", "code_commune", "codes_insee", "CODGEO"])
            + f"). Columns found: {', '.join(table.columns.values()) or 'none'}."
        )
    codes = set()
    for _line, row in table.rows:
        for part in SEVERAL_CODES.split(row.get(column) or ""):
            code = clean_code(part) if part else None
            if code:
                codes.add(code)
    return codes


@dataclass
class AgesFile:
    by_commune: dict[str, dict[str, int]] = field(default_factory=dict)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def read_population_by_age(path: str | Path) -> AgesFile:
    """Inhabitants per commune and age bracket.

    Long format (INSEE's detail tables): a code column (CODGEO), an age column in
    completed years (AGED100, AGEREV) and a count (NB, possibly weighted, so
    decimal); other columns (SEXE…) are summed over. Wide format: a code column
    and one column per bracket value (`moins_de_douze`, `douze_dix_huit`…).
    """
    table = read_table(path)
    code_column = table.find(AGE_CODE_COLUMNS)
    age_column = table.find(AGE_COLUMNS)
    count_column = table.find(AGE_COUNT_COLUMNS)
    wide = {b.value: table.columns[b.value] for b in KNOWN_BRACKETS if b.value in table.columns}
    if not code_column or not ((age_column and count_column) or len(wide) == len(KNOWN_BRACKETS)):
        raise UnreadableFile(
            f"{table.path}: expected a commune code column (CODGEO), an age column "
            "(AGED100 or AGEREV) and a count column (NB), or one column per age bracket ("
            + ", ".join(b.value for b in KNOWN_BRACKETS)
            + f"). Columns found: {', '.join(table.columns.values()) or 'none'}."
        )
    level_column = table.columns.get(AGE_LEVEL_COLUMN)
    sums: dict[str, dict[str, Decimal]] = {}
    result = AgesFile()
    for line, row in table.rows:
        if level_column and (row.get(level_column) or "").strip().lower() not in AGE_LEVELS:
            continue  # a département or region total
        raw_code = row.get(code_column) or ""
        code = clean_code(raw_code)
        if code is None:
            result.rejected.append((line, f"invalid commune code {raw_code!r}"))
            continue
        brackets = sums.setdefault(code, dict.fromkeys((b.value for b in KNOWN_BRACKETS), 0))
        if age_column and count_column:
            raw_age = (row.get(age_column) or "").strip()
            count = parse_count(row.get(count_column) or "")
            if not (raw_age.isascii() and raw_age.isdigit()) or count is None:
                result.rejected.append((line, f"invalid age {raw_age!r} or count for {code}"))
                continue
            brackets[bracket_of_age(int(raw_age)).value] += count
        else:
            for value, column in wide.items():
                count = parse_count(row.get(column) or "")
                if count is None:
                    result.rejected.append((line, f"invalid count in {column} for {code}"))
                    break
                brackets[value] += count
    result.by_commune = {
        code: {
            value: int(n.to_integral()) if isinstance(n, Decimal) else n for value, n in b.items()
        }
        for code, b in sums.items()
    }
    return result


# --- Writing ------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    priority_flagged: int | None = None  # None: no QPV list given
    priority_unknown: list[str] = field(default_factory=list)
    with_ages: int | None = None  # None: no age file given
    ages_unknown: list[str] = field(default_factory=list)
    ages_rejected: list[tuple[int, str]] = field(default_factory=list)


def _batches(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def import_communes(
    *,
    communes: CommunesFile,
    priority_codes: set[str] | None = None,
    ages: AgesFile | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Upsert the communes (by code); with a QPV list, reset every commune's flag
    then set it for those listed; with an age file, replace the population by
    age of the communes it covers. One transaction; `dry_run` rolls it back."""
    summary = ImportSummary(rejected=list(communes.rejected))
    existing = set(Commune.objects.values_list("pk", flat=True))
    now = timezone.now()
    objects = [
        Commune(
            insee_code=row.code,
            name=row.name,
            department=department_of(row.code),
            population=row.population,
            updated_at=now,
        )
        for row in communes.rows.values()
    ]
    done = 0
    for batch in _batches(objects):
        Commune.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["insee_code"],
            update_fields=["name", "department", "population", "updated_at"],
        )
        done += len(batch)
        crossed = done // PROGRESS_EVERY > (done - len(batch)) // PROGRESS_EVERY
        if progress and (crossed or done == len(objects)):
            progress(done, len(objects))
    summary.created = sum(1 for code in communes.rows if code not in existing)
    summary.updated = len(communes.rows) - summary.created
    known = existing | set(communes.rows)

    if priority_codes is not None:
        Commune.objects.filter(has_priority_area=True).update(has_priority_area=False)
        flagged = sorted(priority_codes & known)
        for batch in _batches(flagged):
            Commune.objects.filter(pk__in=batch).update(has_priority_area=True)
        summary.priority_flagged = len(flagged)
        summary.priority_unknown = sorted(priority_codes - known)

    if ages is not None:
        summary.ages_rejected = list(ages.rejected)
        covered = sorted(set(ages.by_commune) & known)
        for batch in _batches(covered):
            rows = list(Commune.objects.filter(pk__in=batch))
            for commune in rows:
                commune.population_by_age = ages.by_commune[commune.pk]
                commune.updated_at = now
            Commune.objects.bulk_update(rows, ["population_by_age", "updated_at"])
        summary.with_ages = len(covered)
        summary.ages_unknown = sorted(set(ages.by_commune) - known)

    if dry_run:
        transaction.set_rollback(True)
    return summary
