"""Open Repair Data Standard (ORDS v0.3): export rows, validate them, read a file.

Columns are those of the Open Repair Alliance's published CSV files, in their order.

Field rules (from ords-fields.json / the 2025-07 tableschema), with our decisions:
- `id`: the standard's pattern is ^[a-z]+-[0-9]+$, but every published partner file
  uses an underscore ("fixitclinic_1171"). We accept both separators on import and
  keep imported ids as they are; our own ids are "<provider>-<pk>" (hyphen).
- `country`: ^[A-Z]{3}$ (ISO 3166 alpha-3). Ours: FRA.
- `product_category_id`: 1..40, and `product_category` must be its English name.
- `brand`: "Unknown" is the published missing value; we store it as empty and write
  "Unknown" back.
- `year_of_manufacture`: empty or four digits; `product_age`: empty or a number ≥ 0
  (written without a trailing ".0").
- `repair_status`: one of the codelist texts; `repair_barrier_if_end_of_life`: empty,
  or (only with "End of life") one of the six barrier texts — the variants "Too worn
  out" and "Product too worn out" are read as "Item too worn out", which we write.
- `event_date`: ISO date yyyy-mm-dd. `data_provider` and `partner_product_category`
  are required; `group_identifier` and `problem` optional.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comptoir.ops import spreadsheets
from comptoir.repair.reference import (
    BARRIER_TO_ORDS,
    ORDS_TO_BARRIER,
    ORDS_TO_STATUS,
    STATUS_TO_ORDS,
    RepairStatus,
    categories,
    category_label,
)

COLUMNS = (
    "id",
    "data_provider",
    "country",
    "partner_product_category",
    "product_category",
    "product_category_id",
    "brand",
    "year_of_manufacture",
    "product_age",
    "repair_status",
    "repair_barrier_if_end_of_life",
    "group_identifier",
    "event_date",
    "problem",
)
ID_PATTERN = re.compile(r"^[a-z]+[-_][0-9]+$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{3}$")
YEAR_PATTERN = re.compile(r"^[0-9]{4}$")
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_AGE = Decimal(999)
MAX_ID_LENGTH = 64  # RepairItem.ords_id
OUR_COUNTRY = "FRA"
MISSING_BRAND = "Unknown"


def provider_slug(venue) -> str:
    """Letters only, so that "<slug>-<pk>" matches the standard's id pattern."""
    letters = re.sub(r"[^a-z]", "", slugify(venue.network.slug if venue.network_id else venue.slug))
    return letters or "comptoir"


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return f"{value:f}"


def export_row(item) -> dict[str, str]:
    event, venue = item.event, item.venue
    event_date = timezone.localdate(event.starts_at)
    year = item.year_of_manufacture
    age = item.age_years
    if not item.ords_id:  # our own records: derive one estimate from the other
        if age is None and year is not None:
            age = Decimal(max(0, event_date.year - year))
        elif year is None and age is not None:
            year = event_date.year - int(age)
    status = item.repair_status or RepairStatus.UNKNOWN
    return {
        "id": item.ords_id or f"{provider_slug(venue)}-{item.pk}",
        "data_provider": item.data_provider or venue.network.name,
        "country": item.country or OUR_COUNTRY,
        "partner_product_category": item.partner_category or category_label(item.category_id),
        "product_category": categories()[item.category_id],
        "product_category_id": str(item.category_id),
        "brand": item.brand or MISSING_BRAND,
        "year_of_manufacture": str(year) if year is not None else "",
        "product_age": _number(age),
        "repair_status": STATUS_TO_ORDS[RepairStatus(status)],
        "repair_barrier_if_end_of_life": BARRIER_TO_ORDS[item.barrier] if item.barrier else "",
        "group_identifier": item.group_identifier or event.where.name,
        "event_date": event_date.isoformat(),
        "problem": item.problem,
    }


def export_rows(items: Iterable) -> Iterator[dict[str, str]]:
    """ORDS rows for items (select_related event, event__place, venue__network)."""
    for item in items:
        yield export_row(item)


def validate_row(row: dict) -> list[str]:
    """The reasons (in French) why a row breaks the ORDS v0.3 rules; empty when valid."""
    errors = []

    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    missing = [c for c in COLUMNS if row.get(c) is None]
    if missing:
        return [_("valeurs manquantes : %(columns)s") % {"columns": ", ".join(missing)}]
    if row.get(None):
        return [_("trop de valeurs sur la ligne")]
    if any("\x00" in (row.get(c) or "") for c in COLUMNS):
        return [_("caractère nul (0x00) dans la ligne : le fichier est abîmé")]
    if not ID_PATTERN.match(value("id")) or len(value("id")) > MAX_ID_LENGTH:
        errors.append(
            _("identifiant « %(v)s » invalide (attendu : lettres-chiffres)") % {"v": value("id")}
        )
    if not value("data_provider"):
        errors.append(_("fournisseur des données (data_provider) manquant"))
    if not COUNTRY_PATTERN.match(value("country")):
        errors.append(
            _("pays « %(v)s » invalide (code ISO à 3 lettres majuscules)") % {"v": value("country")}
        )
    if not value("partner_product_category"):
        errors.append(_("catégorie d’origine (partner_product_category) manquante"))
    category_id = value("product_category_id")
    if (
        not (category_id.isascii() and category_id.isdigit())
        or int(category_id) not in categories()
    ):
        errors.append(_("catégorie ORDS « %(v)s » inconnue (1 à 40)") % {"v": category_id})
    elif value("product_category") and value("product_category") != categories()[int(category_id)]:
        errors.append(
            _(
                "la catégorie « %(name)s » ne correspond pas à l’identifiant %(id)s (« %(expected)s »)"
            )
            % {
                "name": value("product_category"),
                "id": category_id,
                "expected": categories()[int(category_id)],
            }
        )
    year = value("year_of_manufacture")
    if year and not YEAR_PATTERN.match(year):
        errors.append(_("année de fabrication « %(v)s » invalide (4 chiffres)") % {"v": year})
    age = value("product_age")
    if age:
        try:
            # The column holds 999.9 at most; no object brought to a repair café is older.
            if not Decimal(age).is_finite() or not 0 <= Decimal(age) < MAX_AGE:
                raise ValueError
        except (ArithmeticError, ValueError):
            errors.append(_("âge « %(v)s » invalide (nombre positif)") % {"v": age})
    status = value("repair_status")
    if status not in ORDS_TO_STATUS:
        errors.append(
            _("résultat « %(v)s » inconnu (Fixed, Repairable, End of life, Unknown)")
            % {"v": status}
        )
    barrier = value("repair_barrier_if_end_of_life")
    if barrier:
        if barrier not in ORDS_TO_BARRIER:
            errors.append(_("obstacle « %(v)s » inconnu") % {"v": barrier})
        elif status != STATUS_TO_ORDS[RepairStatus.END_OF_LIFE]:
            errors.append(_("un obstacle n’est permis qu’avec le résultat « End of life »"))
    event_date = value("event_date")
    try:
        if not DATE_PATTERN.match(event_date):
            raise ValueError
        datetime.date.fromisoformat(event_date)
    except ValueError:
        errors.append(_("date « %(v)s » invalide (AAAA-MM-JJ)") % {"v": event_date})
    return errors


def iter_csv_lines(rows: Iterable[dict[str, str]]) -> Iterator[str]:
    """The CSV text, line by line (header first), for streaming."""
    buffer = io.StringIO()
    writer = spreadsheets.csv_dict_writer(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


class MalformedFile(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The largest ORDS file read, from the staff page or by `import_ords`, and its
# number of lines (a venue's history is a few thousand rows; 20 MB of real rows
# is about 100,000). docs/security.md, "Input caps".
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINES = 250_000


def check_file_size(size: int) -> None:
    """Refuse a file over MAX_FILE_BYTES before reading it."""
    if size > MAX_FILE_BYTES:
        raise MalformedFile(
            _("Le fichier est trop gros (%(limit)d Mo au plus).")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )


def _capped_lines(handle) -> Iterator[str]:
    """The lines of `handle`, refused past MAX_LINES (a file of empty rows would
    otherwise fill the memory with dictionaries)."""
    for number, line in enumerate(handle, start=1):
        if number > MAX_LINES:
            raise MalformedFile(
                _("Le fichier a trop de lignes (%(limit)d au plus) : découpez-le.")
                % {"limit": MAX_LINES}
            )
        yield line


def read_rows(handle) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each record of an ORDS CSV text stream.

    Raises MalformedFile when it is not a CSV with the ORDS header.
    """
    try:
        reader = csv.DictReader(_capped_lines(handle), strict=True)
        header = reader.fieldnames
        if not header:
            raise MalformedFile(_("Le fichier est vide."))
        header = [name.strip().lstrip("\ufeff") for name in header]
        if set(header) != set(COLUMNS) or len(header) != len(COLUMNS):
            missing = [c for c in COLUMNS if c not in header]
            extra = [c for c in header if c not in COLUMNS]
            raise MalformedFile(
                _(
                    "Ce n’est pas un fichier ORDS v0.3 : l’en-tête ne correspond pas "
                    "(manquantes : %(missing)s ; en trop : %(extra)s)."
                )
                % {"missing": ", ".join(missing) or "—", "extra": ", ".join(extra[:5]) or "—"}
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            # A cell another export neutralised ("'=…") comes back as typed.
            rows.append((reader.line_num, {k: spreadsheets.restore(v) for k, v in row.items()}))
        return rows
    except UnicodeDecodeError:
        raise MalformedFile(
            _("Le fichier n’est pas un texte UTF-8 : est-ce bien un CSV ?")
        ) from None
    except csv.Error as error:
        raise MalformedFile(
            _("Le fichier n’est pas un CSV lisible : %(error)s") % {"error": error}
        ) from None


def exportable_items(venues):
    """The repair records of these venues: items whose repair was seen through (status done)."""
    from comptoir.repair.models import ItemStatus, RepairItem

    return (
        RepairItem.objects.filter(venue__in=venues, status=ItemStatus.DONE)
        .select_related("event__place", "event__venue", "venue__network")
        .order_by("event__starts_at", "pk")
    )
