"""Staff forms of appointments: reasons, hours and absences, booking, moving, closing.

(The visitors' forms live in public_forms.py.)
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.appointments.models import (
    AppointmentMode,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    WeeklyAvailability,
)
from comptoir.journal.cra import MAX_DURATION_MINUTES, Autonomy, Theme
from comptoir.kernel.phone import french_mobile
from comptoir.venues.models import Venue, VenueKind, Weekday
from comptoir.venues.roles import Role

MOBILE_MESSAGE = _(
    "Indiquez un numéro de portable (06 ou 07…) pour recevoir les rappels par SMS, ou laissez vide."
)
DURATIONS = range(15, 241, 15)
DATE_WIDGET = {"type": "date"}


def venue_mediators(venue: Venue):
    """Who can receive appointments at the venue: its mediators and coordinators."""
    return (
        get_user_model()
        .objects.filter(
            memberships__venue=venue, memberships__role__in=[Role.MEDIATOR, Role.COORDINATOR]
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def staff_label(user) -> str:
    return user.get_full_name() or user.username


def format_minutes(minutes: int) -> str:
    if minutes < 60:
        return _("%(n)s min") % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def clean_mobile_phone(raw: str) -> str:
    """'' or a mobile number (France or overseas) in E.164; ValidationError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    phone = french_mobile(raw)
    if phone is None:
        raise forms.ValidationError(MOBILE_MESSAGE)
    return phone


def parse_slot(value: str) -> datetime.datetime | None:
    """A slot's value (its start, ISO 8601 with an offset) as an aware datetime."""
    try:
        start = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(start):
        return None
    return start.astimezone(datetime.UTC)


class MediatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return staff_label(obj)


# --- Configuration ---------------------------------------------------------------------------


class AppointmentTypeForm(forms.ModelForm):
    duration_minutes = forms.TypedChoiceField(
        label=_("Durée"),
        coerce=int,
        choices=lambda: [(m, format_minutes(m)) for m in DURATIONS],
        initial=45,
        help_text=_("Par quart d’heure."),
    )
    theme = forms.ChoiceField(
        label=_("Thématique du journal"),
        required=False,
        help_text=_(
            "Proposée quand le rendez-vous a eu lieu ; sans choix, « Diagnostic numérique »."
        ),
    )

    class Meta:
        model = AppointmentType
        fields = [
            "name",
            "description",
            "duration_minutes",
            "mode",
            "outreach_venue",
            "mediators",
            "theme",
            "bookable_online",
            "active",
        ]
        field_classes = {"mediators": MediatorChoiceField}
        widgets = {
            "mode": forms.RadioSelect,
            "mediators": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Ce que les visiteurs liront, par exemple « Démarches en ligne »."),
            "active": _("Décochez pour ne plus le proposer, sans perdre l’historique."),
        }

    def __init__(self, *args, venue: Venue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.venue = venue
        self.fields["mode"].choices = list(AppointmentMode.choices)
        self.fields["outreach_venue"].queryset = Venue.objects.filter(
            network_id=venue.network_id, kind=VenueKind.OUTREACH
        ).order_by("name")
        self.fields["outreach_venue"].empty_label = _("— Choisir le lieu partenaire —")
        self.fields["mediators"].queryset = venue_mediators(venue)
        self.fields["mediators"].error_messages["required"] = _(
            "Cochez au moins une personne qui propose ce motif."
        )
        self.fields["theme"].choices = [("", _("— Choisir —")), *Theme.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == AppointmentMode.OUTREACH:
            if not cleaned.get("outreach_venue"):
                self.add_error(
                    "outreach_venue", _("Choisissez le lieu partenaire où a lieu le rendez-vous.")
                )
        else:
            cleaned["outreach_venue"] = None
        return cleaned

    def save(self, commit: bool = True) -> AppointmentType:
        self.instance.venue = self.venue
        return super().save(commit)


class WeeklyAvailabilityForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(
        label=_("Jour"),
        coerce=int,
        empty_value=None,
        choices=[("", _("— Jour —")), *Weekday.choices],
        error_messages={"required": _("Choisissez le jour.")},
    )

    class Meta:
        model = WeeklyAvailability
        fields = ["weekday", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("L’heure de fin doit suivre l’heure de début."))
        return cleaned


class BaseWeeklyAvailabilityFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        periods: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            weekday, start, end = data.get("weekday"), data.get("start"), data.get("end")
            if weekday is None or not start or not end or end <= start:
                continue
            for other_start, other_end in periods.get(weekday, []):
                if start < other_end and other_start < end:
                    form.add_error(
                        "start",
                        _("Cette plage chevauche une autre plage du %(day)s (%(a)s–%(b)s).")
                        % {
                            "day": Weekday(weekday).label,
                            "a": other_start.strftime("%H:%M"),
                            "b": other_end.strftime("%H:%M"),
                        },
                    )
                    break
            periods.setdefault(weekday, []).append((start, end))


WeeklyAvailabilityFormSet = forms.modelformset_factory(
    WeeklyAvailability,
    form=WeeklyAvailabilityForm,
    formset=BaseWeeklyAvailabilityFormSet,
    extra=2,
    can_delete=True,
)


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["start_date", "end_date", "kind"]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de l’absence ne peut pas précéder son début."))
        return cleaned


AbsenceFormSet = forms.modelformset_factory(
    AvailabilityException, form=AbsenceForm, extra=1, can_delete=True
)


class BookingPolicyForm(forms.ModelForm):
    class Meta:
        model = BookingPolicy
        fields = ["min_notice_hours", "horizon_days", "max_bookings_per_contact_per_day"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
            for name in ["min_notice_hours", "horizon_days", "max_bookings_per_contact_per_day"]
        }
        help_texts = {
            "min_notice_hours": _(
                "Pour les réservations en ligne ; l’équipe peut toujours réserver au dernier moment."
            ),
            "horizon_days": _("Au-delà, aucun créneau n’est proposé."),
            "max_bookings_per_contact_per_day": _(
                "Limite les abus : au-delà, le visiteur est invité à appeler le lieu."
            ),
        }


# --- Booking ---------------------------------------------------------------------------------


class SlotSearchForm(forms.Form):
    """Which slots to show: a reason, a day, optionally one mediator (a GET form)."""

    type = forms.ModelChoiceField(
        label=_("Motif"),
        queryset=AppointmentType.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un motif."),
            "invalid_choice": _("Ce motif n’est plus proposé : choisissez-en un autre."),
        },
    )
    date = forms.DateField(
        label=_("Jour"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choisissez un jour."),
            "invalid": _("Indiquez une date, par exemple 14/03/2026."),
        },
    )
    mediator = forms.TypedChoiceField(label=_("Avec"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, venue: Venue, mediators=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = AppointmentType.objects.filter(
            venue=venue, active=True
        ).order_by("name")
        self.fields["mediator"].choices = [("", _("Peu importe"))] + [
            (user.pk, staff_label(user)) for user in mediators
        ]

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Ce jour est passé : choisissez aujourd’hui ou après."))
        return day


class ContactFieldsMixin:
    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_phone(self) -> str:
        return clean_mobile_phone(self.cleaned_data.get("phone", ""))

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()


class StaffBookingForm(ContactFieldsMixin, SlotSearchForm):
    slot = forms.CharField(
        label=_("Créneau"),
        error_messages={"required": _("Choisissez un créneau parmi ceux qui sont libres.")},
    )
    first_name = forms.CharField(label=_("Prénom ou surnom"), max_length=100)
    phone = forms.CharField(
        label=_("Téléphone portable"),
        required=False,
        max_length=25,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("Pour la confirmation et les rappels par SMS. Par exemple 06 12 34 56 78."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Pour la confirmation, le lien pour déplacer ou annuler, et les rappels."),
    )
    consent_to_reminders = forms.BooleanField(
        label=_("La personne accepte de recevoir des rappels (la veille et 2 heures avant)"),
        required=False,
    )
    topic = forms.CharField(
        label=_("Ce dont il s’agit"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Quelques mots pour préparer le rendez-vous ; pas de données sensibles."),
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    from_help = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def clean_date(self) -> datetime.date:
        # A slot taken since the page was shown is reported by the booking itself.
        return self.cleaned_data["date"]

    def clean_slot(self) -> datetime.datetime:
        start = parse_slot(self.cleaned_data["slot"])
        if start is None:
            raise forms.ValidationError(_("Choisissez un créneau parmi ceux qui sont libres."))
        return start

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_to_reminders") and not (
            cleaned.get("phone") or cleaned.get("email")
        ):
            self.add_error(
                "consent_to_reminders",
                _("Pour envoyer des rappels, indiquez un téléphone portable ou un e-mail."),
            )
        return cleaned


class MoveForm(forms.Form):
    date = forms.DateField(
        label=_("Nouveau jour"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    slot = forms.CharField(
        label=_("Nouveau créneau"),
        error_messages={"required": _("Choisissez un créneau parmi ceux qui sont libres.")},
    )

    def clean_slot(self) -> datetime.datetime:
        start = parse_slot(self.cleaned_data["slot"])
        if start is None:
            raise forms.ValidationError(_("Choisissez un créneau parmi ceux qui sont libres."))
        return start


# --- After the appointment -------------------------------------------------------------------


OUTCOMES = [
    (AppointmentStatus.DONE, _("Il a eu lieu")),
    (AppointmentStatus.NO_SHOW, _("La personne n’est pas venue")),
    (AppointmentStatus.EXCUSED, _("La personne s’est excusée")),
]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Le rendez-vous"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez si le rendez-vous a eu lieu.")},
    )
    themes = forms.MultipleChoiceField(
        label=_("Thématiques abordées"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("S’il a eu lieu ; sans choix, celle du motif."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée réelle, en minutes"),
        required=False,
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("S’il a eu lieu ; sans valeur, la durée prévue."),
    )
    autonomy = forms.ChoiceField(
        label=_("Autonomie de la personne"),
        choices=[("", _("Non renseigné")), *Autonomy.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") != AppointmentStatus.DONE:
            cleaned["themes"], cleaned["duration_minutes"], cleaned["autonomy"] = [], None, ""
        return cleaned
