import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.skills.actions import SkillError, check_evidence_date
from comptoir.skills.models import PixCompetence, RecognisedSkill, SkillKind


def pix_competences_field(*, label, help_text) -> forms.ModelMultipleChoiceField:
    """Checkboxes of the 16 Pix competences (optional), to show grouped by area."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=PixCompetence.objects.select_related("area").order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class CompetenceGroupsMixin:
    """The Pix competences' checkboxes grouped by area, for
    `skills/includes/pix_competences.html`."""

    def competence_groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for choice in self["competences"]:  # type: ignore[index]
            competence = choice.data["value"].instance
            groups.setdefault(str(competence.area), []).append(choice)
        return list(groups.items())


class RecogniseSkillForm(CompetenceGroupsMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Ce que cette compétence permet"),
        choices=SkillKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez ce que cette compétence permet.")},
        help_text=_(
            "Seule une compétence reconnue permet d’animer un atelier entre pairs "
            "ou de réparer au repair café."
        ),
    )
    competences = pix_competences_field(
        label=_("Compétences Pix concernées"),
        help_text=_("Facultatif. Le cadre de référence des compétences numériques."),
    )

    class Meta:
        model = RecognisedSkill
        fields = ["label", "kind", "evidence_note", "evidence_date", "competences"]
        labels = {
            "label": _("La compétence, en quelques mots"),
            "evidence_note": _("Ce qui a été constaté"),
            "evidence_date": _("Constatée le"),
        }
        help_texts = {
            "label": _(
                "Par exemple : « peut animer un atelier smartphone débutant », "
                "« répare des ordinateurs portables »."
            ),
            "evidence_note": _(
                "Par exemple : l’atelier qu’elle a animé, la réparation qu’elle a faite."
            ),
        }
        error_messages = {
            "label": {"required": _("Décrivez la compétence en quelques mots.")},
            "evidence_note": {
                "required": _("Notez ce que vous avez constaté : un atelier animé, une réparation…")
            },
            "evidence_date": {
                "required": _("Indiquez le jour où la compétence a été constatée."),
                "invalid": _("Indiquez une date, par exemple 04/03/2025."),
            },
        }
        widgets = {
            "label": forms.TextInput(attrs={"autocomplete": "off"}),
            "evidence_note": forms.Textarea(attrs={"rows": 3}),
            "evidence_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("evidence_date", timezone.localdate())

    def clean_evidence_date(self) -> datetime.date:
        value = self.cleaned_data["evidence_date"]
        try:
            check_evidence_date(value)
        except SkillError as error:
            raise forms.ValidationError(error.message) from error
        return value
