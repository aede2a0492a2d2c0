"""Staff forms of the repair café: an event, the intake at the door, the outcome,
an ORDS import. Forms check the shape of what was typed; the rules (a peer's
repair skill, a category of the standard, ORDS outcome rules) are the actions'."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.people.models import Person
from comptoir.people.pickers import PersonChoiceField, set_peer_choices
from comptoir.repair.models import RepairEvent
from comptoir.repair.reference import (
    FAULT_LISTS,
    Barrier,
    NextStep,
    RepairStatus,
    category_choices,
    category_label,
    fault_type_choices,
)
from comptoir.skills.models import SkillKind, people_with_skill
from comptoir.venues.models import Venue
from comptoir.venues.pickers import (
    DATE_WIDGET,
    StaffChoiceField,
    set_place_choices,
    to_aware,
    venue_staff,
)

# The categories brought most often, offered as big buttons (ORDS ids).
COMMON_CATEGORIES = (16, 19, 30, 4, 25, 8)
OTHER = "other"
FAULT_GROUPS = {
    "computers": _("Ordinateurs (portable, bureau)"),
    "tablets": _("Tablettes"),
    "mobiles": _("Téléphones mobiles"),
    "printers": _("Imprimantes, scanners"),
}
TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


class EventForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        max_length=150,
        initial=_("Repair café"),
        error_messages={"required": _("Donnez un titre au repair café.")},
    )
    date = forms.DateField(
        label=_("Jour"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le jour du repair café."),
            "invalid": _("Indiquez une date, par exemple 14/03/2026."),
        },
    )
    start_time = forms.TimeField(
        label=_("Début"),
        widget=TIME_WIDGET,
        error_messages={
            "required": _("Indiquez l’heure de début."),
            "invalid": _("Indiquez une heure, par exemple 14:00."),
        },
    )
    end_time = forms.TimeField(
        label=_("Fin"),
        widget=TIME_WIDGET,
        error_messages={
            "required": _("Indiquez l’heure de fin."),
            "invalid": _("Indiquez une heure, par exemple 17:30."),
        },
    )
    place = forms.ModelChoiceField(
        label=_("Où"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Un lieu partenaire pour un repair café hors les murs ; sinon, chez vous."),
    )
    repairers = StaffChoiceField(
        label=_("Réparateur·rices de l’équipe"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    peer_repairers = PersonChoiceField(
        label=_("Réparateur·rices bénévoles"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seules les personnes dont la compétence de réparation a été reconnue."),
    )

    volunteer_hours = forms.DecimalField(
        label=_("Heures bénévoles comptées sur place"),
        required=False,
        min_value=0,
        max_value=2000,
        decimal_places=1,
        localize=True,  # "7,5" as well as "7.5"
        help_text=_(
            "Facultatif. Par exemple 7,5. Vide : la durée du repair café multipliée par le "
            "nombre de réparateur·rices."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, venue: Venue, event: RepairEvent | None = None, **kwargs):
        if event is not None and "initial" not in kwargs:
            start = timezone.localtime(event.starts_at)
            kwargs["initial"] = {
                "title": event.title,
                "date": start.date(),
                "start_time": start.time(),
                "end_time": timezone.localtime(event.ends_at).time(),
                "place": event.place_id,
                "repairers": [u.pk for u in event.repairers.all()],
                "peer_repairers": [p.pk for p in event.peer_repairers.all()],
                "volunteer_hours": (
                    Decimal(event.recorded_volunteer_minutes) / 60
                    if event.recorded_volunteer_minutes is not None
                    else None
                ),
            }
        super().__init__(*args, **kwargs)
        if event is None:
            # Counted once the event took place: only on the edit page.
            del self.fields["volunteer_hours"]
        set_place_choices(self.fields["place"], venue)
        self.fields["repairers"].queryset = venue_staff(venue)
        self.has_peer_choices = set_peer_choices(
            self.fields["peer_repairers"],
            venue,
            people_with_skill(venue, SkillKind.REPAIR),
            event.peer_repairers.all() if event is not None else (),
        )

    def clean(self):
        cleaned = super().clean()
        day, start, end = (cleaned.get(k) for k in ("date", "start_time", "end_time"))
        if day and start and end:
            cleaned["starts_at"] = to_aware(day, start)
            cleaned["ends_at"] = to_aware(day, end)
            if end <= start:
                self.add_error("end_time", _("La fin doit être après le début."))
        return cleaned

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "repairers": list(data["repairers"]),
            "peer_repairers": list(data["peer_repairers"]),
        }

    def volunteer_minutes(self) -> int | None:
        hours = self.cleaned_data.get("volunteer_hours")
        return None if hours is None else round(hours * 60)


def _fault_choices():
    """Grouped by ORDS list; the value is the English title, the label French (in French)."""
    choices: list = [("", _("— Pas précisé —"))]
    for name, label in FAULT_GROUPS.items():
        category = next(cid for cid, lst in FAULT_LISTS.items() if lst == name)
        choices.append((label, fault_type_choices(category)))
    return choices


class IntakeForm(forms.Form):
    # Not a ChoiceField: a category outside the list reaches the action, whose message
    # says what to do.
    category = forms.CharField(
        label=_("Quel objet ?"),
        required=False,
        widget=forms.RadioSelect,
    )
    other_category = forms.CharField(
        label=_("Autre catégorie"),
        required=False,
        widget=forms.Select,
        help_text=_("Si ce n’est aucun des objets ci-dessus."),
    )
    brand = forms.CharField(label=_("Marque"), max_length=100, required=False)
    model = forms.CharField(label=_("Modèle"), max_length=100, required=False)
    age_years = forms.CharField(
        label=_("Âge approximatif (années)"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    problem = forms.CharField(
        label=_("Le problème, avec les mots de la personne"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Notez le problème, avec les mots de la personne.")},
    )
    fault_type = forms.ChoiceField(
        label=_("Type de panne (facultatif)"),
        required=False,
        help_text=_("La liste de l’Open Repair Data Standard, pour la catégorie choisie."),
    )
    first_name = forms.CharField(
        label=_("Prénom de la personne (facultatif)"),
        max_length=80,
        required=False,
        help_text=_("Vide : anonyme."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        common = [(str(cid), category_label(cid)) for cid in COMMON_CATEGORIES]
        self.fields["category"].widget.choices = [*common, (OTHER, _("Autre objet…"))]
        self.fields["other_category"].widget.choices = [
            ("", _("— Choisir dans la liste complète —")),
            *((str(cid), label) for cid, label in category_choices()),
        ]
        self.fields["fault_type"].choices = _fault_choices()

    def chosen_category(self) -> str:
        data = self.cleaned_data
        if data["category"] in ("", OTHER):
            return data["other_category"]
        return data["category"]


class OutcomeForm(forms.Form):
    repair_status = forms.ChoiceField(
        label=_("Résultat"),
        choices=[
            (RepairStatus.FIXED, RepairStatus.FIXED.label),
            (RepairStatus.REPAIRABLE, RepairStatus.REPAIRABLE.label),
            (RepairStatus.END_OF_LIFE, RepairStatus.END_OF_LIFE.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le résultat.")},
    )
    next_steps = forms.ChoiceField(
        label=_("Suite à donner (si réparable)"),
        choices=[("", _("—")), *NextStep.choices],
        required=False,
    )
    barrier = forms.ChoiceField(
        label=_("Ce qui a empêché la réparation (si en fin de vie)"),
        choices=[("", _("—")), *Barrier.choices],
        required=False,
    )
    advice = forms.CharField(
        label=_("Conseils donnés"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parts = forms.ModelMultipleChoiceField(
        label=_("Pièces prises dans le stock"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Cette pièce n’est plus en stock.")},
    )
    left_for_parts = forms.BooleanField(
        label=_("La personne laisse l’objet pour pièces"),
        required=False,
        help_text=_("Il entre alors dans le stock de pièces du lieu."),
    )

    def __init__(self, *args, parts, shown_parts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["parts"]
        field.queryset = parts
        field.widget.choices = [(p.pk, part_label(p)) for p in shown_parts]
        self.has_parts = bool(shown_parts)


def part_label(part) -> str:
    text = part.kind
    if part.compatible_models:
        text += f" ({part.compatible_models})"
    text += f" — {part.get_condition_display()}"
    if part.location:
        text += f" · {part.location}"
    return text


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier ORDS (CSV)"),
        help_text=_(
            "Un fichier au format Open Repair Data Standard v0.3, exporté d’un autre outil."
        ),
        error_messages={"required": _("Choisissez le fichier à importer.")},
    )


def default_times() -> dict:
    today = timezone.localdate()
    return {"date": today, "start_time": datetime.time(14, 0), "end_time": datetime.time(17, 0)}
