"""The journal list with filters, its CSV export (page and command), and query budgets."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.journal.export import COLUMNS
from comptoir.journal.models import Activity, ActivityTheme
from tests.factories import ActivityFactory, MembershipFactory, PersonFactory, UserFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def journal(venue, mediator):
    second = UserFactory(username="second", first_name="Sam")
    MembershipFactory(user=second, venue=venue)
    return {
        "old_email": ActivityFactory(
            venue=venue,
            mediator=mediator,
            date=TODAY - datetime.timedelta(days=40),
            themes=["email"],
        ),
        "recent_health": ActivityFactory(
            venue=venue, mediator=second, date=TODAY - datetime.timedelta(days=2), themes=["sante"]
        ),
        "workshop": ActivityFactory(
            venue=venue, mediator=mediator, collective=True, date=TODAY, themes=["email", "sante"]
        ),
        "second": second,
    }


def _ids(client, venue, **params) -> set[int]:
    response = client.get(reverse("journal:list", args=[venue.slug]), params)
    assert response.status_code == 200
    return {a.pk for a in response.context["page"].object_list}


def test_filters_by_period_type_theme_and_mediator(mediator_client, venue, journal, mediator):
    j = journal
    assert _ids(mediator_client, venue) == {
        j["old_email"].pk,
        j["recent_health"].pk,
        j["workshop"].pk,
    }
    since = (TODAY - datetime.timedelta(days=7)).isoformat()
    assert _ids(mediator_client, venue, start=since) == {j["recent_health"].pk, j["workshop"].pk}
    assert _ids(mediator_client, venue, type="collectif") == {j["workshop"].pk}
    assert _ids(mediator_client, venue, theme="email") == {j["old_email"].pk, j["workshop"].pk}
    assert _ids(mediator_client, venue, mediator=j["second"].pk) == {j["recent_health"].pk}
    assert _ids(mediator_client, venue, theme="sante", mediator=mediator.pk) == {j["workshop"].pk}


def test_an_invalid_filter_is_explained_and_not_applied(mediator_client, venue, journal):
    response = mediator_client.get(
        reverse("journal:list", args=[venue.slug]), {"start": "2026-12-01", "end": "2026-01-01"}
    )
    assert "Un filtre est invalide" in response.content.decode()
    assert response.context["page"].paginator.count == 3


def test_the_list_never_shows_another_venues_activities(mediator_client, venue, other_venue):
    ActivityFactory(venue=other_venue)
    assert _ids(mediator_client, venue) == set()


def test_the_export_has_one_column_per_cra_field_and_follows_the_filters(
    mediator_client, venue, journal
):
    person = PersonFactory(venue=venue)
    ActivityFactory(
        venue=venue, person=person, date=TODAY, themes=["email"], equipment=["telephone"]
    )
    response = mediator_client.get(reverse("journal:export", args=[venue.slug]), {"theme": "email"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 3  # old_email, workshop, the new one
    by_id = {int(r["ID CRA"]): r for r in rows}
    workshop = by_id[journal["workshop"].pk]
    assert workshop["Type"] == "Atelier collectif"
    assert workshop["Participants"] == "8"
    assert workshop["Thématique(s) d’accompagnement"] == "E-mail, Santé"
    assert workshop["Nom du lieu"] == venue.name
    assert workshop["Code Insee"] == venue.insee_code
    followed = next(r for r in rows if r["Bénéficiaire"] == "Suivi")
    assert followed["Matériel numérique utilisé"] == "Téléphone"
    assert followed["Tranche d’âge du bénéficiaire"] == "40 - 59 ans"
    assert person.first_name not in str(rows)  # no names in the export


def test_an_export_for_an_empty_period_is_a_valid_file_with_headers_only(
    mediator_client, venue, journal
):
    response = mediator_client.get(
        reverse("journal:export", args=[venue.slug]), {"start": "2020-01-01", "end": "2020-01-31"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [COLUMNS]


def test_the_export_command_writes_the_same_file(venue, journal, tmp_path):
    output = tmp_path / "journal.csv"
    err = io.StringIO()
    call_command("export_activities", venue=venue.slug, output=str(output), stderr=err)
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert {int(r["ID CRA"]) for r in rows} == set(Activity.objects.values_list("pk", flat=True))
    assert "Wrote 3 activities" in err.getvalue()

    call_command(
        "export_activities",
        venue=venue.slug,
        output=str(output),
        start="2020-01-01",
        end="2020-01-02",
        stderr=err,
    )
    assert list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig")))) == [COLUMNS]


def test_the_export_command_explains_bad_arguments(venue, tmp_path):
    with pytest.raises(CommandError, match="No venue 'nowhere'"):
        call_command("export_activities", venue="nowhere", output=str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Invalid date"):
        call_command(
            "export_activities",
            venue=venue.slug,
            output=str(tmp_path / "x.csv"),
            start="01/02/2026",
        )


def _bulk_activities(venue, mediator, count):
    activities = Activity.objects.bulk_create(
        [
            Activity(
                venue=venue,
                mediator=mediator,
                type="individuel",
                date=TODAY - datetime.timedelta(days=i % 180),
                duration_minutes=30,
            )
            for i in range(count)
        ]
    )
    ActivityTheme.objects.bulk_create(
        [ActivityTheme(activity=a, code=code) for a in activities for code in ("email", "sante")]
    )


@pytest.mark.parametrize("rows", [10, 500])
def test_the_journal_list_stays_within_its_query_budget(mediator_client, mediator, venue, rows):
    _bulk_activities(venue, mediator, rows)
    url = reverse("journal:list", args=[venue.slug])
    with query_budget(9):
        assert mediator_client.get(url).status_code == 200
    with query_budget(9):
        assert mediator_client.get(url, {"theme": "email", "page": "2"}).status_code == 200


@pytest.mark.parametrize("rows", [10, 500])
def test_the_venue_home_and_audit_pages_stay_within_their_query_budgets(
    coordinator_client, coordinator, venue, rows
):
    _bulk_activities(venue, coordinator, rows)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                venue=venue,
                actor=coordinator,
                action="update",
                object_type="journal.activity",
                object_id=i,
                object_repr=f"accompagnement #{i}",
                changes={"duration_minutes": [30, 45]},
            )
            for i in range(rows)
        ]
    )
    # Each service's panel adds its own constant cost (journal, café numérique,
    # appointments, workshops, repair café, reuse).
    with query_budget(14):
        assert coordinator_client.get(reverse("venues:home", args=[venue.slug])).status_code == 200
    with query_budget(8):
        assert coordinator_client.get(reverse("audit:list", args=[venue.slug])).status_code == 200
