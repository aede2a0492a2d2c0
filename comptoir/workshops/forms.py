"""Staff forms of workshops: the catalogue, scheduling a session, registering at the
counter, cancelling a session, closing it."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import Theme
from comptoir.kernel.phone import french_mobile
from comptoir.ops.forms import MultipleChoiceJSONField
from comptoir.people.models import Person
from comptoir.people.pickers import PersonChoiceField, set_peer_choices
from comptoir.skills.forms import CompetenceGroupsMixin, pix_competences_field
from comptoir.skills.models import Achievement, SkillKind, people_with_skill
from comptoir.venues.models import Venue
from comptoir.venues.pickers import (
    DATE_WIDGET,
    StaffChoiceField,
    set_place_choices,
    to_aware,
    venue_staff,
)
from comptoir.workshops.models import MAX_CAPACITY, PriceKind, Session, Workshop

# --- Catalogue -----------------------------------------------------------------------------------


class WorkshopForm(CompetenceGroupsMixin, forms.ModelForm):
    themes = MultipleChoiceJSONField(
        label=_("Thématiques"),
        choices=Theme.choices,
        help_text=_("Celles du journal : elles y sont notées à la clôture de chaque séance."),
        error_messages={"required": _("Cochez au moins une thématique.")},
    )
    competences = pix_competences_field(
        label=_("Compétences Pix travaillées"),
        help_text=_("Facultatif. Le cadre de référence des compétences numériques."),
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "description",
            "format",
            "audience",
            "level",
            "themes",
            "competences",
            "price_kind",
            "price_amount",
            "duration_minutes",
            "default_capacity",
            "badge",
            "active",
        ]
        labels = {"active": _("Au catalogue (on peut programmer des séances)")}
        help_texts = {
            "title": _("Ce que les visiteurs liront, par exemple « Premiers pas sur smartphone »."),
            "price_amount": _("Seulement pour un atelier payant. Par exemple 5 ou 2,50."),
        }
        error_messages = {
            "title": {"required": _("Donnez un titre à l’atelier.")},
            "description": {"required": _("Décrivez l’atelier en quelques mots simples.")},
            "duration_minutes": {
                "min_value": _("Au moins 15 minutes."),
                "max_value": _("Au plus 8 heures (480 minutes)."),
            },
            "default_capacity": {
                "min_value": _("Au moins une place."),
                "max_value": _("Au plus %(limit_value)s places."),
            },
        }
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "format": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "level": forms.RadioSelect,
            "price_kind": forms.RadioSelect,
            "price_amount": forms.NumberInput(
                attrs={"min": 0, "step": "0.5", "inputmode": "decimal"}
            ),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 15, "step": 15, "inputmode": "numeric"}
            ),
            "default_capacity": forms.NumberInput(
                attrs={"min": 1, "max": MAX_CAPACITY, "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args, venue: Venue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("format", "audience", "level", "price_kind"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        badges = Achievement.objects.filter(venue=venue, active=True)
        if self.instance.badge_id:
            # A badge made inactive since stays shown, so that saving keeps it.
            badges = Achievement.objects.filter(venue=venue).filter(
                pk__in=[*badges.values_list("pk", flat=True), self.instance.badge_id]
            )
        self.fields["badge"].queryset = badges.order_by("name")
        self.fields["badge"].empty_label = _("— Aucun badge —")
        self.fields["badge"].help_text = _(
            "Facultatif. Remis automatiquement à chaque personne présente, à la clôture de la "
            "séance. Seuls les badges actifs de votre lieu sont proposés."
        )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        kind, amount = cleaned.get("price_kind"), cleaned.get("price_amount")
        if kind == PriceKind.FREE:
            if amount:
                self.add_error(
                    "price_amount",
                    _(
                        "Un atelier gratuit n’a pas de prix : videz ce champ ou choisissez « Payant »."
                    ),
                )
            else:
                cleaned["price_amount"] = None
        elif kind and amount is None and "price_amount" not in self.errors:
            self.add_error("price_amount", _("Indiquez le prix : l’atelier est payant."))
        elif kind and amount is not None and amount <= 0:
            self.add_error(
                "price_amount",
                _("Un atelier payant coûte plus de 0 € ; sinon, choisissez « Gratuit »."),
            )
        return cleaned


# --- Sessions ------------------------------------------------------------------------------------


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("Jour"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le jour de la séance."),
            "invalid": _("Indiquez une date, par exemple 14/03/2026."),
        },
    )
    start_time = forms.TimeField(
        label=_("Début"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l’heure de début."),
            "invalid": _("Indiquez une heure, par exemple 14:00."),
        },
    )
    end_time = forms.TimeField(
        label=_("Fin"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        error_messages={"invalid": _("Indiquez une heure, par exemple 15:30.")},
    )
    place = forms.ModelChoiceField(
        label=_("Où"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Un lieu partenaire pour une séance hors les murs ; sinon, chez vous."),
    )
    room = forms.CharField(
        label=_("Salle ou précision"),
        required=False,
        max_length=120,
        help_text=_("Par exemple : « à l’étage »"),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Indiquez le nombre de places."),
            "min_value": _("Il faut au moins une place."),
            "max_value": _("Au plus %(limit_value)s places."),
        },
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Inscriptions ouvertes à partir du"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Facultatif. Vide : dès maintenant."),
        error_messages={"invalid": _("Indiquez une date et une heure.")},
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Inscriptions closes le"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Facultatif. Vide : jusqu’au début de la séance."),
        error_messages={"invalid": _("Indiquez une date et une heure.")},
    )
    animators = StaffChoiceField(
        label=_("Animé par (équipe)"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    peer_animators = PersonChoiceField(
        label=_("Animé par (pairs)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Seules les personnes dont la compétence « animer un atelier entre pairs » a été "
            "reconnue sont proposées."
        ),
    )

    def __init__(self, *args, workshop: Workshop, session: Session | None = None, **kwargs):
        venue = workshop.venue
        if session is not None and "initial" not in kwargs:
            start = timezone.localtime(session.starts_at)
            kwargs["initial"] = {
                "date": start.date(),
                "start_time": start.time(),
                "end_time": timezone.localtime(session.ends_at).time(),
                "place": session.place_id,
                "room": session.room,
                "capacity": session.capacity,
                "registration_opens_at": session.registration_opens_at
                and timezone.localtime(session.registration_opens_at),
                "registration_closes_at": session.registration_closes_at
                and timezone.localtime(session.registration_closes_at),
                "animators": [u.pk for u in session.animators.all()],
                "peer_animators": [p.pk for p in session.peer_animators.all()],
            }
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.initial.setdefault("capacity", workshop.default_capacity)
        self.fields["end_time"].help_text = _(
            "Vide : le début plus la durée habituelle de l’atelier (%(minutes)s minutes)."
        ) % {"minutes": workshop.duration_minutes}
        set_place_choices(self.fields["place"], venue)
        self.fields["animators"].queryset = venue_staff(venue)
        self.has_peer_choices = set_peer_choices(
            self.fields["peer_animators"],
            venue,
            people_with_skill(venue, SkillKind.PEER_ANIMATION),
            session.peer_animators.all() if session is not None else (),
        )

    def clean(self):
        cleaned = super().clean()
        day, start = cleaned.get("date"), cleaned.get("start_time")
        if day is None or start is None:
            return cleaned
        starts_at = to_aware(day, start)
        end = cleaned.get("end_time")
        if end is None and "end_time" not in self.errors:
            ends_at = starts_at + datetime.timedelta(minutes=self.workshop.duration_minutes)
        elif end is not None:
            ends_at = to_aware(day, end)
            if ends_at <= starts_at:
                self.add_error("end_time", _("La fin de la séance doit être après son début."))
        else:
            return cleaned
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "capacity": data["capacity"],
            "place": data["place"],
            "room": data["room"],
            "registration_opens_at": data["registration_opens_at"],
            "registration_closes_at": data["registration_closes_at"],
            "animators": data["animators"],
            "peer_animators": data["peer_animators"],
        }


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l’annulation"),
        max_length=200,
        help_text=_("Il est envoyé aux personnes inscrites, par exemple « animatrice malade »."),
        error_messages={
            "required": _("Indiquez le motif : il est envoyé aux personnes inscrites.")
        },
    )


# --- At the counter ------------------------------------------------------------------------------


class CounterRegistrationForm(forms.Form):
    """Register someone at the counter: a known person (hidden `person`) or a new contact."""

    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("Prénom ou surnom"), max_length=100, required=False)
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
        error_messages={"invalid": _("Indiquez une adresse e-mail, par exemple nom@exemple.fr.")},
    )
    consent_to_reminders = forms.BooleanField(
        label=_("La personne accepte de recevoir un rappel la veille"), required=False
    )
    over_capacity = forms.BooleanField(
        label=_("Place en plus de la capacité (personne venue sans inscription)"),
        required=False,
        help_text=_("Sinon, quand la séance est complète, la personne va en liste d’attente."),
    )

    def __init__(self, *args, person: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        phone = french_mobile(raw)
        if phone is None:
            raise forms.ValidationError(
                _(
                    "Indiquez un numéro de portable (06 ou 07…), ou laissez vide et donnez un e-mail."
                )
            )
        return phone

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        if self.person is not None:
            return cleaned
        if not cleaned.get("first_name") and "first_name" not in self.errors:
            self.add_error("first_name", _("Indiquez un prénom ou un surnom."))
        if not (cleaned.get("phone") or cleaned.get("email")) and not (
            {"phone", "email"} & set(self.errors)
        ):
            self.add_error(
                "phone",
                _("Donnez un numéro de portable ou une adresse e-mail pour la confirmation."),
            )
        return cleaned


# --- Closing -------------------------------------------------------------------------------------


class CloseSessionForm(forms.Form):
    extra_head_count = forms.IntegerField(
        label=_("Personnes venues sans s’inscrire"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        help_text=_("Elles comptent dans le nombre de participants noté au journal."),
        error_messages={"min_value": _("Indiquez 0 ou plus.")},
    )

    def clean_extra_head_count(self) -> int:
        return self.cleaned_data["extra_head_count"] or 0
