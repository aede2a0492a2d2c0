"""Skills and badges refuse an erased person (tests/people/closed.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from comptoir.skills.actions import SkillError, recognise_skill
from comptoir.skills.issuing import BadgeError, award_credential
from comptoir.skills.models import RecognisedSkill, SkillKind
from tests.people.closed import assert_refused, refusal_shown
from tests.skills.badge_world import make_achievement

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def staff_recognise_a_skill_with_evidence(closed):
    assert_refused(
        SkillError,
        recognise_skill,
        actor=closed.staff,
        venue=closed.venue,
        person=closed.person,
        label="Répare des portables",
        kind=SkillKind.REPAIR,
        evidence_note="Josiane a changé trois disques.",
        evidence_date=YESTERDAY,
    )


def staff_recognise_a_skill_from_their_page(closed):
    count = RecognisedSkill.objects.count()
    url = reverse("skills:recognise", args=[closed.venue.slug, closed.person.pk])
    response = closed.client.post(
        url,
        {
            "label": "Répare des portables",
            "kind": SkillKind.REPAIR,
            "evidence_note": "Josiane a changé trois disques.",
            "evidence_date": YESTERDAY.isoformat(),
        },
    )
    assert response.status_code == 200 and refusal_shown(response)
    assert RecognisedSkill.objects.count() == count


def staff_award_them_a_badge(closed):
    assert_refused(
        BadgeError,
        award_credential,
        actor=closed.staff,
        achievement=make_achievement(closed.venue, name="Mes e-mails"),
        person=closed.person,
        evidence_note="Atelier e-mails de Josiane",
    )


def staff_pick_them_to_award_a_badge(closed):
    achievement = make_achievement(closed.venue, name="Mes e-mails")
    url = reverse("skills:award", args=[closed.venue.slug, achievement.pk])
    response = closed.client.post(url, {"person": closed.person.pk, "evidence_note": "Josiane"})
    assert response.status_code == 200  # asked again: nobody was chosen
    assert not achievement.credentials.exists()


ATTEMPTS = {
    "skills": [staff_recognise_a_skill_with_evidence, staff_recognise_a_skill_from_their_page],
    "badges": [staff_award_them_a_badge, staff_pick_them_to_award_a_badge],
}
