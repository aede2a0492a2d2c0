"""Open data of the venues in the national schema of digital-mediation places (v1.0.2).

Every file we publish (the command's, the public URL's) is validated against our copy
of the schema with frictionless, as a reuser (the national cartography) would.
"""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.reports.opendata import (
    FIELDS,
    PIVOT_UNKNOWN,
    build_export,
    opendata_rows,
    opendata_venues,
    publishable,
)
from comptoir.venues.models import OpeningPeriod
from comptoir.venues.opendata import (
    SCHEMA_VERSION,
    AccessMode,
    Fee,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)
from comptoir.venues.roles import Role
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)
from tests.queries import query_budget

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "comptoir" / "reports" / "data" / "schema-lieux-mediation-numerique.json"
EXAMPLE_PATH = ROOT / "tests" / "data" / "opendata" / "exemple-lieux-mediation-numerique.csv"


def schema_descriptor() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def assert_valid(report: frictionless.Report) -> None:
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, "\n".join(str(error) for error in errors)


def validate_csv(content: bytes) -> frictionless.Report:
    schema = frictionless.Schema.from_descriptor(schema_descriptor())
    resource = frictionless.Resource(data=content, format="csv", encoding="utf-8", schema=schema)
    return resource.validate()


def validate_json(content: bytes) -> frictionless.Report:
    """The JSON file is an array of objects with the schema's keys: validated as keyed rows."""
    objects = json.loads(content)
    schema = frictionless.Schema.from_descriptor(schema_descriptor())
    resource = frictionless.Resource(data=objects, schema=schema)
    return resource.validate()


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def full_venue(network, **kwargs):
    """A venue with every field a coordinator can fill."""
    venue = VenueFactory(
        network=network,
        name="La Quincaillerie numérique",
        slug="quincaillerie",
        siret="43493312300029",
        address="12 bis rue Leclercq",
        address_complement="Le patio, 1er étage",
        postal_code="51100",
        commune="Reims",
        insee_code="51454",
        latitude=Decimal("49.258300"),
        longitude=Decimal("4.031700"),
        phone="03 26 00 00 00",
        email="contact@quincaillerie.example",
        website="https://quincaillerie.example/",
        summary="Aide au numérique, sans rendez-vous, autour d’un café.",
        description="Ateliers, permanences et matériel en libre accès.\nCafé offert.",
        services=[Service.EVERYDAY_TOOLS, Service.ADMIN_PROCEDURES, Service.ACCESS],
        publics=[Public.SENIORS, Public.YOUNG],
        specific_support=[SpecificSupport.DEAFNESS, SpecificSupport.ENGLISH],
        fees=[Fee.FREE, Fee.FREE_UNDER_CONDITIONS],
        access_modes=[AccessMode.WALK_IN, AccessMode.PHONE, AccessMode.ONLINE_BOOKING],
        support_modes=[SupportMode.INDIVIDUAL, SupportMode.WORKSHOP, SupportMode.SELF_SERVICE],
        accessibility="Accès de plain-pied.",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/51-reims/a/espace/erp/quincaillerie/",
        **kwargs,
    )
    for weekday in range(5):
        OpeningPeriod.objects.create(
            venue=venue, weekday=weekday, opens=datetime.time(9), closes=datetime.time(12)
        )
        OpeningPeriod.objects.create(
            venue=venue, weekday=weekday, opens=datetime.time(14), closes=datetime.time(18, 30)
        )
    OpeningPeriod.objects.create(
        venue=venue, weekday=5, opens=datetime.time(9), closes=datetime.time(12)
    )
    return venue


@pytest.fixture
def network(db):
    return NetworkFactory(name="Réseau du Port", slug="reseau-du-port")


@pytest.fixture
def full(network):
    return full_venue(network)


@pytest.fixture
def minimal(network):
    """Only what the model requires: name, address, postal code, commune."""
    return VenueFactory(
        network=network,
        name="Permanence de la médiathèque",
        slug="mediatheque",
        outreach=True,
        insee_code="",
    )


def export_with_command(tmp_path, *args) -> tuple[bytes, str]:
    out = io.StringIO()
    call_command("export_opendata", *args, stdout=out, stderr=io.StringIO())
    output = Path(args[args.index("--output") + 1])
    return output.read_bytes(), out.getvalue()


# --- the reference itself ------------------------------------------------------------


def test_the_official_example_validates_with_our_copy_of_the_schema():
    report = validate_csv(EXAMPLE_PATH.read_bytes())
    assert_valid(report)


def test_our_copy_of_the_schema_is_the_version_the_venues_follow():
    descriptor = schema_descriptor()
    assert descriptor["version"] == f"v{SCHEMA_VERSION}"
    assert [f["name"] for f in descriptor["fields"]] == list(FIELDS)


def test_a_wrong_row_does_fail_the_validation():
    """The validation used below can fail: a bad phone and no commune are caught."""
    header = ",".join(FIELDS)
    values = dict.fromkeys(FIELDS, "") | {
        "id": "x",
        "pivot": PIVOT_UNKNOWN,
        "nom": "Lieu",
        "code_postal": "69100",
        "adresse": "1 rue",
        "date_maj": "2024-01-01",
        "telephone": "04 78 00 00 00",
    }
    content = f"{header}\n{','.join(values[name] for name in FIELDS)}\n".encode()
    report = validate_csv(content)
    assert not report.valid
    assert {error.field_name for error in report.tasks[0].errors} >= {"telephone", "commune"}


# --- the command -------------------------------------------------------------------


def test_the_command_writes_a_csv_valid_against_the_schema(tmp_path, full, minimal):
    content, summary = export_with_command(
        tmp_path, "--output", str(tmp_path / "lieux.csv"), "--network", "reseau-du-port"
    )
    assert_valid(validate_csv(content))
    rows = csv_rows(content)
    assert [row["nom"] for row in rows] == [full.name, minimal.name]
    assert "2 venue(s) written" in summary
    assert f"v{SCHEMA_VERSION}" in summary


def test_the_command_writes_a_json_valid_against_the_schema(tmp_path, full, minimal):
    content, _summary = export_with_command(tmp_path, "--output", str(tmp_path / "lieux.json"))
    assert_valid(validate_json(content))
    objects = json.loads(content)
    assert [list(obj) for obj in objects] == [list(FIELDS)] * 2
    assert objects[0]["latitude"] == 49.2583 and objects[0]["longitude"] == 4.0317
    assert objects[1]["latitude"] is None
    assert objects[1]["telephone"] is None


def test_the_format_can_be_forced_and_an_unknown_extension_is_refused(tmp_path, full):
    content, _summary = export_with_command(
        tmp_path, "--output", str(tmp_path / "lieux.txt"), "--format", "json"
    )
    assert json.loads(content)[0]["nom"] == full.name
    with pytest.raises(CommandError, match=r"name it \.csv or \.json"):
        call_command("export_opendata", "--output", str(tmp_path / "lieux.txt"))


def test_an_unknown_network_is_refused(tmp_path, full):
    with pytest.raises(CommandError, match="No network"):
        call_command("export_opendata", "--output", str(tmp_path / "x.csv"), "--network", "nope")


def test_a_venue_missing_a_required_field_is_skipped_and_named(tmp_path, full, network):
    VenueFactory(network=network, name="Sans adresse", slug="sans-adresse", address="")
    VenueFactory(network=network, name="Code faux", slug="code-faux", postal_code="691")
    content, summary = export_with_command(tmp_path, "--output", str(tmp_path / "lieux.csv"))
    assert_valid(validate_csv(content))
    assert [row["nom"] for row in csv_rows(content)] == [full.name]
    assert "1 venue(s) written" in summary
    assert "2 venue(s) skipped" in summary
    assert "Sans adresse (sans-adresse): adresse manquante" in summary
    assert "Code faux (code-faux): code postal invalide" in summary


def test_without_network_every_network_is_exported_and_said(tmp_path, full):
    other = VenueFactory(network=NetworkFactory(name="Autre réseau", slug="autre"), slug="x")
    err = io.StringIO()
    path = tmp_path / "tout.csv"
    call_command("export_opendata", "--output", str(path), stdout=io.StringIO(), stderr=err)
    assert "All networks (2)" in err.getvalue()
    rows = csv_rows(path.read_bytes())
    assert {row["nom"] for row in rows} == {full.name, other.name}
    assert len({row["id"] for row in rows}) == 2


# --- the values --------------------------------------------------------------------


def test_every_field_a_coordinator_fills_is_published_in_the_schema_format(full):
    (row,) = opendata_rows(opendata_venues())
    assert row["id"] == f"comptoir-reseau-du-port-{full.pk}"
    assert row["pivot"] == "43493312300029"
    assert row["telephone"] == "+33326000000"
    assert row["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00"
    # Multi-valued fields: the schema's strings joined by "|", in the schema's order.
    assert row["services"] == (
        "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"
        "|Accès internet et matériel informatique"
    )
    assert row["publics_specifiquement_adresses"] == "Jeunes|Seniors"
    assert row["prise_en_charge_specifique"] == "Surdité|Langues étrangères (anglais)"
    assert row["frais_a_charge"] == "Gratuit|Gratuit sous condition"
    assert row["modalites_acces"] == "Se présenter|Téléphoner|Prendre un RDV en ligne"
    assert row["modalites_accompagnement"] == (
        "En autonomie|Accompagnement individuel|Dans un atelier collectif"
    )
    assert row["typologie"] == "TIERS_LIEUX"
    assert row["itinerance"] == "Fixe"
    assert row["source"] == row["structure_parente"] == "Réseau du Port"
    assert row["date_maj"] == timezone.localdate(full.updated_at).isoformat()
    assert row["fiche_acces_libre"] == full.accessibility_url
    assert row["prise_rdv"].endswith(reverse("appointments:public_start", args=[full.slug]))
    assert row["prise_rdv"].startswith("http")
    assert row["latitude"] == 49.2583


def test_a_minimal_venue_gets_the_documented_defaults(minimal):
    (row,) = opendata_rows(opendata_venues())
    assert publishable(minimal) == []
    assert row["pivot"] == PIVOT_UNKNOWN
    assert row["telephone"] == row["horaires"] == row["code_insee"] == row["prise_rdv"] == ""
    # An outreach partner place: a fixed place whose type and parent we do not know.
    assert row["itinerance"] == "Fixe"
    assert row["typologie"] == row["structure_parente"] == ""


def test_a_value_outside_the_schema_is_left_out_rather_than_publishing_an_invalid_file(
    network,
):
    VenueFactory(
        network=network, phone="12", services=["Réparer", Service.ACCESS], insee_code="00000"
    )
    content = build_export(opendata_venues(), "csv").content
    assert_valid(validate_csv(content))
    (row,) = csv_rows(content)
    assert row["services"] == "Accès internet et matériel informatique"
    assert row["telephone"] == ""


def test_no_personal_data_is_published(tmp_path, full):
    user = UserFactory(
        username="c.dupont", first_name="Clémence", last_name="Dupont", email="cd@perso.example"
    )
    MembershipFactory(user=user, venue=full, role=Role.COORDINATOR)
    PersonFactory(venue=full, first_name="Aïcha", reachable=True)
    for fmt in ("csv", "json"):
        text = build_export(opendata_venues(), fmt).content.decode("utf-8")
        for personal in ("Clémence", "Dupont", "c.dupont", "cd@perso.example", "Aïcha", "+33600"):
            assert personal not in text


def test_the_query_count_does_not_grow_with_the_venues(network):
    def export_queries(count: int) -> int:
        for _ in range(count):
            VenueFactory(network=network)
        for venue in opendata_venues():
            OpeningPeriod.objects.create(
                venue=venue, weekday=1, opens=datetime.time(9), closes=datetime.time(12)
            )
        with query_budget(2) as captured:
            export = build_export(opendata_venues(network), "csv")
        assert export.written == opendata_venues().count()
        return len(captured.captured_queries)

    assert export_queries(2) == export_queries(8)


# --- the public URL -----------------------------------------------------------------


def test_the_public_csv_is_the_commands_file_byte_for_byte(tmp_path, full, minimal):
    response = Client().get(reverse("reports:opendata_csv", args=[full.network.slug]))
    assert response.status_code == 200
    command_bytes, _summary = export_with_command(
        tmp_path, "--output", str(tmp_path / "lieux.csv"), "--network", full.network.slug
    )
    assert response.content == command_bytes
    assert_valid(validate_csv(response.content))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'inline; filename="lieux-mediation-numerique-reseau-du-port.csv"'
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


def test_the_public_json_is_valid_and_the_commands_file(tmp_path, full, minimal):
    response = Client().get(reverse("reports:opendata_json", args=[full.network.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_valid(validate_json(response.content))
    command_bytes, _summary = export_with_command(
        tmp_path, "--output", str(tmp_path / "lieux.json"), "--network", full.network.slug
    )
    assert response.content == command_bytes


def test_a_network_file_holds_only_that_networks_venues(full):
    VenueFactory(network=NetworkFactory(name="Autre", slug="autre"), name="Ailleurs")
    response = Client().get(reverse("reports:opendata_csv", args=["autre"]))
    assert [row["nom"] for row in csv_rows(response.content)] == ["Ailleurs"]


def test_an_unchanged_file_answers_not_modified(full):
    url = reverse("reports:opendata_csv", args=[full.network.slug])
    first = Client().get(url)
    again = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    full.phone = "04 78 00 00 00"
    full.save()
    changed = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert csv_rows(changed.content)[0]["telephone"] == "+33478000000"


def test_an_unknown_network_is_not_found(db):
    assert Client().get(reverse("reports:opendata_csv", args=["nope"])).status_code == 404
    assert Client().get(reverse("reports:opendata_json", args=["nope"])).status_code == 404


def test_the_public_file_query_count_does_not_grow(network):
    url = reverse("reports:opendata_csv", args=[network.slug])
    counts = []
    for more in (2, 8):
        for _ in range(more):
            VenueFactory(network=network)
        with query_budget(3) as captured:
            assert Client().get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_open_data_page_is_public_and_links_each_network(full):
    response = Client().get(reverse("reports:opendata"))
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("reports:opendata_csv", args=["reseau-du-port"]) in text
    assert reverse("reports:opendata_json", args=["reseau-du-port"]) in text
    assert SCHEMA_VERSION in text
    assert "Licence Ouverte" in text


def test_the_front_page_links_to_the_open_data(full):
    response = Client().get(reverse("home"))
    assert reverse("reports:opendata") in response.content.decode()
