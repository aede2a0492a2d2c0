"""Forms and input checks of the public booking pages (visitors, no account):
the form, the `start` parameter, why a slot cannot be booked (and what else
can), and the rate limit on booking attempts."""

import datetime

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comptoir.appointments.models import BLOCK, AppointmentMode, AppointmentType
from comptoir.appointments.slots import Slot, booking_window, find_slot, free_slots, policy_for
from comptoir.ops import ratelimit
from comptoir.people.forms import NO_CONTACT, VisitorContactForm

PHONE_NEEDED = _(
    "Pour un rendez-vous par téléphone, donnez le numéro de portable où nous pouvons vous appeler."
)

# Booking attempts (form submissions) allowed per IP address and clock hour.
# Counted in Django's cache: with several server processes, the cache must be
# shared between them (see docs/environment.md) or each process counts alone.
BOOKING_ATTEMPTS_PER_HOUR = 10
# Complete booking requests allowed per mobile number or e-mail address and clock
# hour, whatever the address they come from (a script rotating addresses).
BOOKINGS_PER_CONTACT_PER_HOUR = 5
# Slots offered in place of one that is no longer free.
ALTERNATIVES = 6

# Far enough for any booking horizon (365 days at most), near enough to keep
# date arithmetic safe from absurd values typed into the address bar.
_START_RANGE = datetime.timedelta(days=400)


def format_start(moment: datetime.datetime) -> str:
    """The `start` parameter of a slot: ISO 8601 in UTC, e.g. '2026-12-01T09:00:00Z'."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_start(raw: str | None) -> datetime.datetime:
    """The slot start from a URL, as an aware UTC datetime.

    Raises ValueError when it is missing, unreadable or cannot be a slot start
    (not on a quarter hour, absurdly far): the address was cut or edited by hand.
    """
    if not raw or len(raw) > 40:
        raise ValueError("missing or too long")
    moment = datetime.datetime.fromisoformat(raw.strip())
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    moment = moment.astimezone(datetime.UTC)
    if moment.second or moment.microsecond or moment.minute % (BLOCK.seconds // 60):
        raise ValueError("not on a quarter hour")
    if abs(moment - timezone.now()) > _START_RANGE:
        raise ValueError("out of range")
    return moment


def parse_day(raw: str | None) -> datetime.date | None:
    """A day from the URL (YYYY-MM-DD), or None when absent or unreadable."""
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


class BookingForm(VisitorContactForm):
    """Who is coming: a first name, a mobile phone or an e-mail, consent to reminders."""

    topic = forms.CharField(
        label=_("En quelques mots, de quoi s’agit-il ?"),
        required=False,
        max_length=300,
        help_text=_("Facultatif. Par exemple : « mon téléphone n’envoie plus de photos »."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, mode: str = AppointmentMode.ON_SITE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.fields["consent_to_reminders"].help_text = _(
            "Vous recevrez alors un rappel la veille et deux heures avant."
        )
        if mode == AppointmentMode.PHONE:
            self.fields["phone"].help_text = _(
                "Nous vous appellerons à ce numéro. Par exemple : 06 12 34 56 78"
            )

    def clean_topic(self) -> str:
        return " ".join(self.cleaned_data["topic"].split())

    def clean(self) -> dict:
        data = forms.Form.clean(self)
        has_phone = bool(data.get("phone")) or "phone" in self.errors
        if self.mode == AppointmentMode.PHONE and not has_phone:
            self.add_error("phone", PHONE_NEEDED)
        elif not self.has_contact():
            self.add_error("phone", NO_CONTACT)
        return data


# --- Is the chosen slot still bookable? -----------------------------------------------------------


def last_bookable_day(venue) -> datetime.date:
    _earliest, latest = booking_window(venue)
    return timezone.localtime(latest).date()


def slot_problem(appointment_type: AppointmentType, start: datetime.datetime) -> str | None:
    """Why the slot starting at `start` cannot be booked online, in plain words; None if free."""
    venue = appointment_type.venue
    now = timezone.now()
    policy = policy_for(venue)
    earliest, latest = booking_window(venue, now)
    if start <= now:
        return gettext("Cette heure est déjà passée. Choisissez un autre créneau.")
    if start < earliest:
        hours = policy.min_notice_hours
        return ngettext(
            "Ce créneau est trop proche : il faut réserver au moins %(n)s heure à l’avance. "
            "Choisissez un autre créneau.",
            "Ce créneau est trop proche : il faut réserver au moins %(n)s heures à l’avance. "
            "Choisissez un autre créneau.",
            hours,
        ) % {"n": hours}
    if start > latest:
        days = policy.horizon_days
        return ngettext(
            "Ce jour est trop loin : on peut réserver jusqu’à %(n)s jour à l’avance.",
            "Ce jour est trop loin : on peut réserver jusqu’à %(n)s jours à l’avance.",
            days,
        ) % {"n": days}
    day = timezone.localtime(start).date()
    if venue.closures.filter(start_date__lte=day, end_date__gte=day).exists():
        return gettext("Le lieu est fermé ce jour-là. Choisissez un autre jour.")
    if find_slot(appointment_type, start) is None:
        return gettext("Ce créneau vient d’être pris ou n’est plus libre. Choisissez-en un autre.")
    return None


def other_slots(appointment_type: AppointmentType, start: datetime.datetime) -> list[Slot]:
    """A few free slots near `start`, to choose instead: the first ones from its
    day on (from today for a past day), the last ones for a day beyond the horizon."""
    today = timezone.localdate()
    last = last_bookable_day(appointment_type.venue)
    day = timezone.localtime(start).date()
    window = datetime.timedelta(days=13)
    if day > last:
        free = free_slots(appointment_type, max(last - window, today), last)
        return [slot for d in sorted(free) for slot in free[d]][-ALTERNATIVES:]
    first = max(day, today)
    free = free_slots(appointment_type, first, min(first + window, last))
    return [slot for d in sorted(free) for slot in free[d]][:ALTERNATIVES]


# --- Rate limit -----------------------------------------------------------------------------------


def too_many_attempts(request: HttpRequest) -> bool:
    """Count this booking attempt; True once the address has made too many this hour."""
    return ratelimit.too_many_attempts(request, "appointments:book", BOOKING_ATTEMPTS_PER_HOUR)


def too_many_for_contact(data: dict) -> bool:
    """Count this booking request for its phone and e-mail; True once one was used too often."""
    return ratelimit.too_many_for_contact(
        "appointments:book", [data["phone"], data["email"]], BOOKINGS_PER_CONTACT_PER_HOUR
    )
