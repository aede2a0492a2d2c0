"""Staff forms of reuse. They only parse what was typed: the rules (an unknown
category, a drive without a serial, an illegal move…) are the actions' and come
back as their plain message (ReuseError)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.reuse.categories import CATEGORY_CHOICES
from comptoir.reuse.models import (
    AllocationPrice,
    DeviceState,
    DonorKind,
    DriveKind,
    ErasureMethod,
    PartCondition,
)
from comptoir.workshops.models import Session

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CATEGORY_SELECT = [("", _("— choisir —")), *CATEGORY_CHOICES]
DRIVE_SELECT = [("", _("— aucun —")), *DriveKind.choices]


class DeviceFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Étape"), required=False, choices=[("", _("Toutes")), *DeviceState.choices]
    )
    category = forms.TypedChoiceField(
        label=_("Catégorie"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Toutes")), *CATEGORY_CHOICES],
    )
    q = forms.CharField(
        label=_("Numéro d’inventaire, marque, modèle ou n° de série"),
        required=False,
        max_length=100,
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher une personne suivie (prénom ou téléphone)"),
        required=False,
        max_length=100,
    )


class PartSearchForm(forms.Form):
    q = forms.CharField(label=_("Pièce ou modèle compatible"), required=False, max_length=100)


# --- Donation ------------------------------------------------------------------------------------


class DonationForm(forms.Form):
    donor_kind = forms.ChoiceField(
        label=_("Qui donne ?"),
        choices=DonorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez qui donne.")},
    )
    donor_name = forms.CharField(
        label=_("Nom de l’entreprise ou de l’association"), required=False, max_length=200
    )
    received_on = forms.DateField(
        label=_("Reçu le"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Indiquez la date du don."), "invalid": _("Date invalide.")},
    )
    place = forms.CharField(
        label=_("Lieu de collecte"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : « bac de la médiathèque »"),
    )
    notes = forms.CharField(
        label=_("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_received_on(self) -> datetime.date:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Le don ne peut pas être daté de demain."))
        return day

    def received_at(self) -> datetime.datetime:
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class _NoInstance:
    """What includes/formset_table.html asks a row for: nothing saved yet."""

    pk = None


class DeviceRowForm(forms.Form):
    """One device of a donation, with at most one drive (more on the device page)."""

    instance = _NoInstance()

    # Not a ChoiceField: an unknown category gets the action's message.
    category_id = forms.IntegerField(
        label=_("Catégorie"), required=False, widget=forms.Select(choices=CATEGORY_SELECT)
    )
    brand = forms.CharField(label=_("Marque"), required=False, max_length=100)
    model = forms.CharField(label=_("Modèle"), required=False, max_length=150)
    serial_number = forms.CharField(label=_("N° de série"), required=False, max_length=100)
    processor = forms.CharField(label=_("Processeur"), required=False, max_length=150)
    memory_gb = forms.DecimalField(
        label=_("Mémoire (Go)"), required=False, min_value=0, max_digits=6, decimal_places=1
    )
    drive_kind = forms.CharField(
        label=_("Stockage"), required=False, widget=forms.Select(choices=DRIVE_SELECT)
    )
    drive_model = forms.CharField(label=_("Modèle du disque"), required=False, max_length=150)
    drive_serial = forms.CharField(label=_("N° de série du disque"), required=False, max_length=100)
    drive_capacity_gb = forms.IntegerField(
        label=_("Capacité (Go)"), required=False, min_value=1, max_value=1_000_000
    )

    def device_spec(self) -> dict:
        data = self.cleaned_data
        spec = {
            "category_id": data["category_id"],
            "brand": data["brand"],
            "model": data["model"],
            "serial_number": data["serial_number"],
            "processor": data["processor"],
            "memory_gb": data["memory_gb"],
            "drives": [],
        }
        if data["drive_kind"] or data["drive_serial"] or data["drive_model"]:
            spec["drives"].append(
                {
                    "kind": data["drive_kind"],
                    "serial": data["drive_serial"],
                    "model": data["drive_model"],
                    "capacity_gb": data["drive_capacity_gb"],
                }
            )
        return spec


DeviceRowFormSet = forms.formset_factory(DeviceRowForm, extra=3, max_num=30, validate_max=True)


def device_specs(formset) -> list[dict]:
    """The filled rows of a valid formset (untouched rows are left out)."""
    return [form.device_spec() for form in formset if form.has_changed()]


# --- Device page ---------------------------------------------------------------------------------


class DriveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DriveKind.choices)
    model = forms.CharField(label=_("Modèle"), required=False, max_length=150)
    serial = forms.CharField(
        label=_("Numéro de série"),
        required=False,
        max_length=100,
        help_text=_("Pour un téléphone ou une tablette : son IMEI ou son numéro de série."),
    )
    capacity_gb = forms.IntegerField(
        label=_("Capacité (Go)"), required=False, min_value=1, max_value=1_000_000
    )


class ErasureForm(forms.Form):
    drive = forms.TypedChoiceField(label=_("Support de stockage"), coerce=int)
    method = forms.ChoiceField(
        label=_("Méthode"), choices=ErasureMethod.choices, widget=forms.RadioSelect
    )
    tool = forms.CharField(
        label=_("Outil utilisé"),
        required=False,
        max_length=150,
        help_text=_("Par exemple : ShredOS, nwipe, hdparm, broyeur."),
    )
    result = forms.ChoiceField(
        label=_("Vérification"),
        choices=[("passed", _("Réussie")), ("failed", _("Échec"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, drives, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drive"].choices = [
            (drive.pk, f"{drive.get_kind_display()} — {drive.serial}") for drive in drives
        ]


class ReconditionForm(forms.Form):
    operating_system = forms.CharField(
        label=_("Système installé"),
        required=False,
        max_length=150,
        help_text=_("Par exemple : « Linux Mint 22 »."),
    )
    tests_passed = forms.BooleanField(label=_("Tous les tests ont réussi"), required=False)
    accessories = forms.CharField(
        label=_("Accessoires fournis"),
        required=False,
        max_length=250,
        help_text=_("Par exemple : chargeur, souris."),
    )
    session = forms.ModelChoiceField(
        label=_("Séance d’install party (facultatif)"),
        queryset=Session.objects.none(),
        required=False,
    )
    notes = forms.CharField(
        label=_("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, venue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.now() - datetime.timedelta(days=180)
        field = self.fields["session"]
        field.queryset = (
            Session.objects.filter(venue=venue, starts_at__gte=since)
            .select_related("workshop")
            .order_by("-starts_at", "pk")
        )
        field.label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at):%d/%m/%Y} — {s.workshop.title}"
        )


class AllocationForm(forms.Form):
    partner_name = forms.CharField(
        label=_("Ou une association partenaire"),
        required=False,
        max_length=200,
        help_text=_("Laissez vide quand l’appareil est remis à une personne."),
    )
    eligibility_reason = forms.CharField(
        label=_("Motif d’éligibilité"),
        required=False,
        max_length=250,
        help_text=_("Par exemple : minima sociaux, demandeur d’emploi, étudiant boursier."),
    )
    agreement_signed = forms.BooleanField(
        label=_("La convention de don est signée"), required=False
    )
    price_kind = forms.ChoiceField(
        label=_("Contrepartie"),
        choices=AllocationPrice.choices,
        initial=AllocationPrice.FREE,
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Montant (€)"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("Pour un prix solidaire ou des pass numériques."),
    )


class RecycleForm(forms.Form):
    receipt = forms.CharField(
        label=_("Référence du bordereau DEEE"),
        required=False,
        max_length=100,
        help_text=_("Remise par l’éco-organisme ou le point de collecte."),
    )
    note = forms.CharField(
        label=_("Remarques"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PartForm(forms.Form):
    kind = forms.CharField(
        label=_("Pièce"),
        required=False,
        max_length=150,
        help_text=_("Par exemple : « Barrette mémoire 4 Go »"),
    )
    compatible_models = forms.CharField(
        label=_("Modèles compatibles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    condition = forms.ChoiceField(
        label=_("État"), choices=PartCondition.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(label=_("Rangement"), required=False, max_length=150)
