"""What a walk-in comes about, and what they brought: the café numérique's two fixed lists.

Each topic has a pictogram (our own inline SVG, drawn for this project, hidden
from screen readers: the text label always goes with it), a one-line hint for
the kiosk, and the national activity report (CRA) themes that closing the help
writes to the journal. The mediator can correct the themes when closing.

Topic → CRA theme (comptoir/journal/cra.py), and why:

| topic                  | CRA theme                            | why |
|------------------------|--------------------------------------|-----|
| smartphone             | prendre_en_main_du_materiel          | using one's own device |
| email                  | email                                | one-to-one |
| accounts_passwords     | securite_numerique                   | passwords, accounts recovery, double authentication are the CRA's "prévention en sécurité numérique" |
| admin_procedure        | aide_aux_demarches_administratives   | one-to-one (the sub-theme is left to the mediator) |
| printing_scanning      | bureautique                          | printing and scanning documents is office work in the CRA |
| photos                 | gere_ses_contenus_numeriques         | sorting, saving, sending one's files and photos |
| messaging_social       | reseaux_sociaux                      | "réseaux sociaux communication" covers messaging apps |
| online_payment         | banque_et_achats_en_ligne            | one-to-one |
| scam_security          | securite_numerique                   | one-to-one |
| other                  | navigation_sur_internet              | the broadest everyday theme; the mediator corrects it at closing |

Brought device → CRA equipment: smartphone → telephone, tablet → tablette,
laptop → ordinateur, nothing → aucun, other → autre; not said → none recorded.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from comptoir.journal.cra import Equipment, Theme


class Topic(models.TextChoices):
    SMARTPHONE = "smartphone", _("Smartphone")
    EMAIL = "email", _("E-mail")
    ACCOUNTS_PASSWORDS = "accounts_passwords", _("Comptes et mots de passe")
    ADMIN_PROCEDURE = "admin_procedure", _("Démarche en ligne")
    PRINTING_SCANNING = "printing_scanning", _("Imprimer, scanner")
    PHOTOS = "photos", _("Photos")
    MESSAGING_SOCIAL = "messaging_social", _("Messages et réseaux sociaux")
    ONLINE_PAYMENT = "online_payment", _("Payer en ligne")
    SCAM_SECURITY = "scam_security", _("Arnaque, sécurité")
    OTHER = "other", _("Autre chose")


class BroughtDevice(models.TextChoices):
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablette")
    LAPTOP = "laptop", _("Ordinateur portable")
    NOTHING = "nothing", _("Rien")
    OTHER = "other", _("Autre appareil")


TOPIC_THEMES: dict[str, tuple[str, ...]] = {
    Topic.SMARTPHONE: (Theme.GETTING_STARTED,),
    Topic.EMAIL: (Theme.EMAIL,),
    Topic.ACCOUNTS_PASSWORDS: (Theme.SECURITY,),
    Topic.ADMIN_PROCEDURE: (Theme.ADMIN_PROCEDURES,),
    Topic.PRINTING_SCANNING: (Theme.OFFICE,),
    Topic.PHOTOS: (Theme.CONTENT,),
    Topic.MESSAGING_SOCIAL: (Theme.SOCIAL,),
    Topic.ONLINE_PAYMENT: (Theme.BANKING,),
    Topic.SCAM_SECURITY: (Theme.SECURITY,),
    Topic.OTHER: (Theme.BROWSING,),
}

DEVICE_EQUIPMENT: dict[str, str] = {
    BroughtDevice.SMARTPHONE: Equipment.PHONE,
    BroughtDevice.TABLET: Equipment.TABLET,
    BroughtDevice.LAPTOP: Equipment.COMPUTER,
    BroughtDevice.NOTHING: Equipment.NONE,
    BroughtDevice.OTHER: Equipment.OTHER,
}

TOPIC_HINTS: dict[str, str] = {
    Topic.SMARTPHONE: _("Régler, comprendre, installer une application"),
    Topic.EMAIL: _("Lire, écrire, envoyer une pièce jointe"),
    Topic.ACCOUNTS_PASSWORDS: _("Mot de passe oublié, compte bloqué"),
    Topic.ADMIN_PROCEDURE: _("CAF, impôts, France Travail, Ameli, ANTS…"),
    Topic.PRINTING_SCANNING: _("Un document à imprimer ou à envoyer"),
    Topic.PHOTOS: _("Les retrouver, les ranger, les envoyer"),
    Topic.MESSAGING_SOCIAL: _("WhatsApp, SMS, Facebook…"),
    Topic.ONLINE_PAYMENT: _("Banque, achat, paiement sur internet"),
    Topic.SCAM_SECURITY: _("Un message bizarre, un doute, un piratage"),
    Topic.OTHER: _("On en parle ensemble"),
}

DEVICE_HINTS: dict[str, str] = {
    BroughtDevice.NOTHING: _("Je n’ai pas d’appareil avec moi"),
}

# Our own pictograms: a 48×48 drawing made of strokes in the text colour.
_PHONE = '<rect x="14" y="4" width="20" height="40" rx="4"/><path d="M21 38h6"/>'
_QUESTION = (
    '<circle cx="24" cy="24" r="19"/><path d="M18 19a6 6 0 1 1 8 5.7c-1.3.5-2 1.5-2 2.9V30"/>'
    '<path d="M24 36v.5"/>'
)
_ICONS: dict[str, str] = {
    "smartphone": _PHONE,
    "email": '<rect x="4" y="10" width="40" height="28" rx="3"/><path d="M5 12l19 15 19-15"/>',
    "accounts_passwords": ('<circle cx="15" cy="24" r="8"/><path d="M23 24h21M36 24v7M42 24v6"/>'),
    "admin_procedure": (
        '<path d="M11 4h18l9 9v31H11z"/><path d="M29 4v9h9"/><path d="M17 24h15M17 31h15M17 38h9"/>'
    ),
    "printing_scanning": (
        '<path d="M14 17V5h20v12"/><rect x="5" y="17" width="38" height="17" rx="3"/>'
        '<rect x="14" y="27" width="20" height="16"/>'
    ),
    "photos": (
        '<rect x="4" y="8" width="40" height="32" rx="3"/><circle cx="16" cy="19" r="4"/>'
        '<path d="M5 36l12-10 9 7 7-6 10 9"/>'
    ),
    "messaging_social": (
        '<path d="M7 7h30a3 3 0 0 1 3 3v17a3 3 0 0 1-3 3H19l-9 8v-8H7a3 3 0 0 1-3-3V10'
        'a3 3 0 0 1 3-3z"/><path d="M13 16h18M13 22h12"/>'
    ),
    "online_payment": (
        '<rect x="4" y="10" width="40" height="28" rx="3"/><path d="M4 18h40M10 31h10"/>'
    ),
    "scam_security": (
        '<path d="M24 4l16 6v12c0 11-7 18-16 22C15 40 8 33 8 22V10z"/>'
        '<path d="M24 14v12M24 32v.5"/>'
    ),
    "other": _QUESTION,
    # Devices
    "tablet": '<rect x="8" y="4" width="32" height="40" rx="4"/><path d="M21 38h6"/>',
    "laptop": '<rect x="9" y="9" width="30" height="22" rx="2"/><path d="M3 37h42l-4-6H7z"/>',
    "nothing": '<circle cx="24" cy="24" r="19"/><path d="M11 11l26 26"/>',
    "other_device": (
        '<rect x="6" y="10" width="36" height="26" rx="3"/><path d="M16 42h16M24 36v6"/>'
    ),
}


def pictogram(name: str, css_class: str = "picto") -> SafeString:
    """The inline SVG of a topic or device, hidden from assistive technologies
    (the text label that goes with it is what they read)."""
    body = _ICONS.get(name, _QUESTION)
    # Constant markup defined above; only the CSS class comes from the caller (our templates).
    return mark_safe(
        f'<svg class="{css_class}" viewBox="0 0 48 48" aria-hidden="true" focusable="false" '
        'fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        f'stroke-linejoin="round">{body}</svg>'
    )


@dataclass(frozen=True)
class Option:
    """One big button of the counter or the kiosk."""

    value: str
    label: str
    hint: str
    icon: SafeString


def topic_options() -> list[Option]:
    return [
        Option(value, str(label), str(TOPIC_HINTS.get(value, "")), pictogram(value))
        for value, label in Topic.choices
    ]


def device_icon_name(device: str) -> str:
    return "other_device" if device == BroughtDevice.OTHER else device


def device_options() -> list[Option]:
    return [
        Option(
            value, str(label), str(DEVICE_HINTS.get(value, "")), pictogram(device_icon_name(value))
        )
        for value, label in BroughtDevice.choices
    ]


def themes_for(topic: str) -> list[str]:
    return [str(t) for t in TOPIC_THEMES.get(topic, (Theme.BROWSING,))]


def equipment_for(device: str) -> list[str]:
    return [str(DEVICE_EQUIPMENT[device])] if device in DEVICE_EQUIPMENT else []
