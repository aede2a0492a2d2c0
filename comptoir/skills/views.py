"""Staff pages of skills recognition: the Pix framework, recognise a skill, withdraw it."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.people.lookups import get_person_for
from comptoir.skills import actions
from comptoir.skills.forms import RecogniseSkillForm
from comptoir.skills.lookups import get_skill_for
from comptoir.skills.models import PixArea, PixCompetence
from comptoir.skills.service import SkillCapability
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view


@venue_view(SkillCapability.VIEW_SKILLS)
def framework(request: HttpRequest, membership: Membership) -> HttpResponse:
    areas = PixArea.objects.prefetch_related(
        Prefetch("competences", queryset=PixCompetence.objects.order_by("code"))
    ).order_by("code")
    return render(
        request,
        "skills/framework.html",
        {"venue": membership.venue, "areas": list(areas), "nav": "skills"},
    )


@venue_view(SkillCapability.RECOGNISE_SKILLS)
def recognise(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    person = get_person_for(membership, pk)
    form = RecogniseSkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.recognise_skill(
                actor=request.user,
                venue=membership.venue,
                person=person,
                label=data["label"],
                kind=data["kind"],
                evidence_note=data["evidence_note"],
                evidence_date=data["evidence_date"],
                competences=data["competences"],
            )
        except actions.SkillError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("La compétence de %(name)s est reconnue.") % {"name": person.first_name},
            )
            return redirect("people:detail", membership.venue.slug, person.pk)
    return render(
        request,
        "skills/recognise.html",
        {"venue": membership.venue, "person": person, "form": form, "nav": "people"},
    )


@require_POST
@venue_view(SkillCapability.RECOGNISE_SKILLS)
def withdraw(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    skill = get_skill_for(membership, pk)
    try:
        actions.withdraw_skill(actor=request.user, skill=skill)
    except actions.SkillError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("La compétence « %(label)s » est retirée.") % {"label": skill.label}
        )
    return redirect("people:detail", membership.venue.slug, skill.person_id)
