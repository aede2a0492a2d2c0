"""Open data: the venues in the national schema of digital-mediation places.

Schema: LaMednum, "Schéma de données des lieux de médiation numérique" v1.0.2
(a copy with its source and licence is in `reports/data/`). One row per venue, the
schema's 32 columns in its order, multi-valued fields joined with `|`. The same
bytes are written by `manage.py export_opendata` and served at
`/donnees-ouvertes/<network>/lieux.csv|json` (both call `build_export()`).

What the schema asks and Comptoir does not store is left empty when the schema
allows it (`dispositif_programmes_nationaux`, `formations_labels`,
`autres_formations_labels`); `pivot` (required) falls back to the placeholder the
national cartography uses for a place without SIRET. Only venue data is read:
no person, no staff member, no service table.
"""

import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.kernel.phone import normalise_french_phone
from comptoir.ops import spreadsheets
from comptoir.venues.models import Network, Venue, VenueKind
from comptoir.venues.opendata import (
    SCHEMA_VERSION,
    AccessMode,
    Fee,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)

__all__ = [
    "FIELDS",
    "FORMATS",
    "PIVOT_UNKNOWN",
    "SCHEMA_VERSION",
    "OpendataExport",
    "build_export",
    "opendata_row",
    "opendata_rows",
    "opendata_venues",
    "publishable",
    "write_csv",
    "write_json",
]

# The schema's fields, in its order (a test compares them with the schema file).
FIELDS = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)
NUMBER_FIELDS = ("latitude", "longitude")
SEPARATOR = "|"

# `pivot` is required (SIRET, or RNA for an association without SIRET). The schema
# gives no default; the national cartography (ANCT) publishes places without one
# with fourteen zeros, which passes the schema's pattern. We do the same.
PIVOT_UNKNOWN = "00000000000000"

# The schema's patterns for the fields we fill from free input.
_PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_INSEE_CODE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
_PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
SUMMARY_MAX_LENGTH = 280

# data.inclusion's structure typology: a tiers-lieu is "TIERS_LIEUX". We do not know
# the type of an outreach partner place (library, town hall…): left empty.
_TYPOLOGY = {VenueKind.TIERS_LIEU: "TIERS_LIEUX"}
# Every Comptoir venue has a fixed address: "Fixe" (a bus numérique would be
# "Itinérant", which Comptoir does not model).
_FIXED = "Fixe"

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def opendata_venues(network: Network | None = None) -> QuerySet[Venue]:
    """The venues to publish, with what the rows read, in two queries whatever their number."""
    venues = Venue.objects.select_related("network").prefetch_related("opening_periods")
    if network is not None:
        venues = venues.filter(network=network)
    return venues.order_by("network__name", "name", "pk")


def publishable(venue: Venue) -> list[str]:
    """Why the venue cannot be published: the schema's required fields it lacks.

    `id`, `pivot` and `date_maj` are always produced; the others come from the venue.
    """
    reasons = []
    if not venue.name.strip():
        reasons.append(_("nom manquant"))
    if not venue.address.strip():
        reasons.append(_("adresse manquante"))
    if not venue.postal_code.strip():
        reasons.append(_("code postal manquant"))
    elif not _POSTAL_CODE.match(venue.postal_code.strip()):
        reasons.append(_("code postal invalide (5 chiffres attendus)"))
    if not venue.commune.strip():
        reasons.append(_("commune manquante"))
    return reasons


def _choices(values: Iterable[str], enum) -> str:
    """Known values only, in the schema's order, joined with `|`."""
    chosen = set(values or [])
    return SEPARATOR.join(value for value in enum.values if value in chosen)


def _number(value) -> float | None:
    return None if value is None else float(value)


def _booking_url(venue: Venue) -> str:
    """The venue's public booking page, when its coordinator says it books online.

    Reports read no service table, so the venue's own "Prendre un RDV en ligne"
    access mode decides; the URL is Comptoir's public booking page.
    """
    if AccessMode.ONLINE_BOOKING not in (venue.access_modes or []):
        return ""
    try:
        path = reverse("appointments:public_start", args=[venue.slug])
    except NoReverseMatch:
        return ""
    return settings.SITE_URL.rstrip("/") + path


def opendata_row(venue: Venue) -> dict[str, Any]:
    """One venue as a row of the schema: strings, numbers for latitude/longitude."""
    network = venue.network
    phone = normalise_french_phone(venue.phone) if venue.phone else None
    insee = venue.insee_code.strip()
    siret = venue.siret.strip()
    is_tiers_lieu = venue.kind == VenueKind.TIERS_LIEU
    return {
        "id": f"comptoir-{network.slug}-{venue.pk}",
        "pivot": siret if _PIVOT.match(siret) else PIVOT_UNKNOWN,
        "nom": venue.name.strip(),
        "commune": venue.commune.strip(),
        "code_postal": venue.postal_code.strip(),
        "code_insee": insee if _INSEE_CODE.match(insee) else "",
        "adresse": venue.address.strip(),
        "complement_adresse": venue.address_complement.strip(),
        "latitude": _number(venue.latitude),
        "longitude": _number(venue.longitude),
        "typologie": _TYPOLOGY.get(venue.kind, ""),
        "telephone": phone if phone and _PHONE.match(phone) else "",
        "courriels": venue.email.strip(),
        "site_web": venue.website.strip(),
        "horaires": venue.osm_opening_hours(),
        "presentation_resume": venue.summary.strip()[:SUMMARY_MAX_LENGTH],
        "presentation_detail": venue.description.strip(),
        # The network collected the data; a tiers-lieu belongs to it. An outreach
        # partner place (a library, a town hall) has its own parent we do not know.
        "source": network.name,
        "itinerance": _FIXED,
        "structure_parente": network.name if is_tiers_lieu else "",
        "date_maj": timezone.localdate(venue.updated_at).isoformat(),
        "services": _choices(venue.services, Service),
        "publics_specifiquement_adresses": _choices(venue.publics, Public),
        "prise_en_charge_specifique": _choices(venue.specific_support, SpecificSupport),
        "frais_a_charge": _choices(venue.fees, Fee),
        # Not stored by Comptoir (optional in the schema).
        "dispositif_programmes_nationaux": "",
        "formations_labels": "",
        "autres_formations_labels": "",
        "modalites_acces": _choices(venue.access_modes, AccessMode),
        "modalites_accompagnement": _choices(venue.support_modes, SupportMode),
        "fiche_acces_libre": venue.accessibility_url.strip(),
        "prise_rdv": _booking_url(venue),
    }


def opendata_rows(venues: Iterable[Venue]) -> list[dict[str, Any]]:
    """The rows of the publishable venues (see `publishable()`), in the given order."""
    return [opendata_row(venue) for venue in venues if not publishable(venue)]


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """CSV, UTF-8, comma-separated, header = the schema's field names, `\\n` line ends.
    A text a spreadsheet would run as a formula gets a leading `'` (docs/security.md).

    Open `out` with `newline=""`.
    """
    writer = spreadsheets.csv_writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_csv_value(name, row[name]) for name in FIELDS])


def _csv_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name == "presentation_resume" and spreadsheets.is_formula_like(value):
        return value[: SUMMARY_MAX_LENGTH - 1]  # room for the quote, within the schema's limit
    return value


def write_json(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """A JSON array of objects with the schema's keys in order; an empty value is null,
    latitude and longitude are numbers, `date_maj` an ISO date string."""
    objects = [{name: (row[name] if row[name] != "" else None) for name in FIELDS} for row in rows]
    json.dump(objects, out, ensure_ascii=False, indent=2)
    out.write("\n")


@dataclass
class OpendataExport:
    fmt: str
    content: bytes
    written: int
    skipped: list[tuple[Venue, list[str]]] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return FORMATS[self.fmt]

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.content).hexdigest()[:32] + '"'


def build_export(venues: Iterable[Venue], fmt: str = "csv") -> OpendataExport:
    """The file's bytes for `venues` (use `opendata_venues()`), and what was left out.

    The command and the public URL both call this, so they give the same bytes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown open-data format {fmt!r}: use one of {', '.join(FORMATS)}.")
    rows, skipped = [], []
    for venue in venues:
        reasons = publishable(venue)
        if reasons:
            skipped.append((venue, reasons))
            continue
        rows.append(opendata_row(venue))
    buffer = io.StringIO(newline="")
    (write_csv if fmt == "csv" else write_json)(rows, buffer)
    return OpendataExport(
        fmt=fmt,
        content=buffer.getvalue().encode("utf-8"),
        written=len(rows),
        skipped=skipped,
    )
