"""Forms of the Open Badges pages: badge definitions, issuer, award, revoke, verify."""

import io
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from comptoir.skills.forms import CompetenceGroupsMixin, pix_competences_field
from comptoir.skills.models import Achievement, IssuerProfile
from comptoir.skills.openbadges import limits

MAX_IMAGE_BYTES = 300 * 1024
# A badge file to verify: its picture (MAX_IMAGE_BYTES at most, a third more as SVG)
# and the credential baked in it. docs/security.md, "Input caps".
MAX_VERIFY_BYTES = 1024 * 1024
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class AchievementForm(CompetenceGroupsMixin, forms.ModelForm):
    competences = pix_competences_field(
        label=_("Compétences Pix concernées"),
        help_text=_("Le badge les reprend : un recruteur ou Pix les reconnaît."),
    )
    image = forms.FileField(
        label=_("Image du badge (PNG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png"}),
        help_text=_(
            "Facultatif. Une image PNG carrée de 300 Ko au plus. Sans image, le badge "
            "est dessiné dans la couleur choisie."
        ),
    )
    remove_image = forms.BooleanField(
        label=_("Revenir à l’image dessinée dans la couleur choisie"), required=False
    )

    class Meta:
        model = Achievement
        fields = [
            "name",
            "description",
            "criteria",
            "competences",
            "colour",
            "validity_days",
            "active",
        ]
        labels = {
            "name": _("Nom du badge"),
            "description": _("Ce que la personne sait faire"),
            "criteria": _("Critères d’obtention"),
            "colour": _("Couleur"),
            "validity_days": _("Durée de validité, en jours"),
            "active": _("Ce badge peut être délivré"),
        }
        help_texts = {
            "name": _("Court et parlant, par exemple « Premiers pas sur smartphone »."),
            "colour": _("La couleur de l’image dessinée quand il n’y a pas d’image."),
        }
        error_messages = {
            "name": {"required": _("Donnez un nom au badge.")},
            "description": {
                "required": _("Dites en une ou deux phrases ce que la personne sait faire.")
            },
            "criteria": {"required": _("Dites ce qu’il faut faire pour obtenir le badge.")},
            "validity_days": {"invalid": _("Indiquez un nombre de jours, par exemple 730.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
            "colour": forms.TextInput(attrs={"type": "color"}),
            "validity_days": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"].strip()
        if not COLOUR_RE.match(colour):
            raise forms.ValidationError(_("Choisissez une couleur, par exemple #1d5fa8."))
        return colour.lower()

    def clean_validity_days(self):
        days = self.cleaned_data["validity_days"]
        if days is not None and days < 1:
            raise forms.ValidationError(
                _("Indiquez au moins un jour, ou laissez vide pour un badge qui n’expire pas.")
            )
        return days

    def clean_image(self) -> bytes | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                _("L’image pèse %(size)s Ko : 300 Ko au plus. Réduisez-la et recommencez.")
                % {"size": upload.size // 1024}
            )
        data = upload.read()
        if not is_png(data):
            raise forms.ValidationError(
                _("Ce fichier n’est pas une image PNG. Enregistrez l’image au format PNG.")
            )
        return data

    def new_image(self) -> bytes | None:
        """The picture to store: new bytes, b"" to go back to the drawn one, None to keep it."""
        if self.cleaned_data.get("image"):
            return self.cleaned_data["image"]
        if self.cleaned_data.get("remove_image"):
            return b""
        return None


def is_png(data: bytes) -> bool:
    """Whether the bytes are a PNG that Pillow can read through."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


class IssuerForm(forms.ModelForm):
    class Meta:
        model = IssuerProfile
        fields = ["description"]
        labels = {"description": _("Présentation du lieu comme émetteur de badges")}
        help_texts = {
            "description": _(
                "Quelques phrases sur la page publique des badges : qui vous êtes, "
                "pourquoi vous délivrez des badges."
            )
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AwardForm(forms.Form):
    person = forms.IntegerField(
        label=_("La personne"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choisissez la personne : cherchez-la par son prénom ci-dessus."),
            "invalid": _("Choisissez la personne : cherchez-la par son prénom ci-dessus."),
        },
    )
    evidence_note = forms.CharField(
        label=_("Ce qui le montre"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif. Par exemple : « Atelier du 3 mars, a envoyé sa première photo »."),
    )


class PersonPickForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher la personne (prénom ou téléphone)"), required=False, max_length=100
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Il est affiché sur la page de vérification du badge."),
        error_messages={"required": _("Indiquez pourquoi le badge est révoqué.")},
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Indiquez pourquoi le badge est révoqué."))
        return reason


class CredentialFilterForm(forms.Form):
    achievement = forms.ModelChoiceField(
        label=_("Badge"), queryset=Achievement.objects.none(), required=False, empty_label=_("Tous")
    )
    revoked = forms.BooleanField(label=_("Montrer aussi les badges révoqués"), required=False)

    def __init__(self, *args, venue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achievement"].queryset = Achievement.objects.filter(venue=venue).order_by(
            "name", "pk"
        )


class VerifyForm(forms.Form):
    """A credential pasted (JSON or JWT) or a file (.json, .jwt, baked .png or .svg)."""

    text = forms.CharField(
        label=_("Coller le badge (JSON ou JWT)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        max_length=limits.MAX_CREDENTIAL_BYTES,
        error_messages={
            "max_length": _(
                "Ce texte est trop long pour être un badge (%(limit_value)d caractères au plus)."
            )
        },
    )
    upload = forms.FileField(
        label=_("Ou choisir le fichier du badge"),
        required=False,
        help_text=_("Un fichier .json, .jwt, ou l’image du badge (.png ou .svg)."),
        widget=forms.FileInput(
            attrs={"accept": ".json,.jwt,.png,.svg,application/json,image/png,image/svg+xml"}
        ),
    )

    def clean_upload(self) -> bytes | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(
                _("Ce fichier est trop gros pour être un badge (1 Mo au plus).")
            )
        return upload.read()

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not (cleaned.get("text") or "").strip()
            and not cleaned.get("upload")
        ):
            raise forms.ValidationError(
                _("Collez le contenu du badge, ou choisissez le fichier du badge.")
            )
        return cleaned


def parse_pasted(text: str) -> dict | str:
    """A pasted credential: a JSON object as a dict, anything else as a (JWT) string.

    JSON over the caps of `openbadges.limits` stays a string: the verifier then
    refuses it with the reason.
    """
    text = text.strip()
    if text.startswith("{"):
        try:
            value = limits.load_json(text)
        except limits.InputRefused:
            return text
        return value if isinstance(value, dict) else text
    return text
