"""Form helpers shared by every app's forms."""

import datetime

from django import forms
from django.utils.translation import gettext as _


class MultipleChoiceJSONField(forms.MultipleChoiceField):
    """A list of choice values stored in a JSONField, shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple


# Dates typed in a form or a URL stay within these bounds. Python's dates stop
# at years 1 and 9999, so the day before, the week after or the period before
# a date near either end raises OverflowError (a 500). No accompaniment,
# appointment or report of Comptoir lies outside these years.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2199, 12, 31)


def date_range_message() -> str:
    return _("Choisissez une date entre le %(min)s et le %(max)s.") % {
        "min": DATE_MIN.strftime("%d/%m/%Y"),
        "max": DATE_MAX.strftime("%d/%m/%Y"),
    }


def in_date_range(day: datetime.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


class BoundedDateField(forms.DateField):
    """A date field refusing, with a plain-French message, dates outside
    DATE_MIN..DATE_MAX."""

    def validate(self, value) -> None:
        super().validate(value)
        if value and not in_date_range(value):
            raise forms.ValidationError(date_range_message(), code="out_of_range")


def query_date(value: str | None) -> datetime.date | None:
    """A date read from a query string (ISO, 2025-03-14), or None when it is
    missing, garbage or outside DATE_MIN..DATE_MAX."""
    try:
        day = datetime.date.fromisoformat((value or "").strip())
    except (TypeError, ValueError):
        return None
    return day if in_date_range(day) else None
