"""Form helpers shared by every app's forms."""

from django import forms


class AccessibleFormMixin:
    """Ties each field's error message to its input (aria-describedby), so a
    screen reader announces the error when the field gets focus."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            ids = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:  # type: ignore[attr-defined]
                ids.append(f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(ids)


class MultipleChoiceJSONField(forms.MultipleChoiceField):
    """A list of choice values stored in a JSONField, shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple
