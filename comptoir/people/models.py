"""People accompanied at a venue — with the minimum of personal data."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.people.normalise import name_key, phone_key
from comptoir.venues.models import insee_code_validator, postal_code_validator

# Shown (and raised by every service's actions) when staff try to attach something new to
# a person whose data was erased: an erased record is closed for good.
ERASED_REFUSAL = _(
    "Les données de cette personne ont été effacées : on ne peut plus rien lui ajouter. "
    "Si elle revient, créez-lui une nouvelle fiche."
)


class PersonQuerySet(VenueScopedQuerySet):
    def active(self) -> "PersonQuerySet":
        """People whose data was not erased: the only ones a picker offers and an action
        accepts (search, booking, registration, intake, journal, skills…)."""
        return self.filter(anonymised_at__isnull=True)


class Person(models.Model):
    """Someone the venue helps. Only a first name or nickname is required.

    Contact details are optional and only used for reminders, and only when
    the person agreed to be contacted (the date and wording are kept).
    """

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="people", verbose_name=_("lieu")
    )
    first_name = models.CharField(_("prénom ou surnom"), max_length=100)
    phone = models.CharField(_("téléphone mobile"), max_length=25, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    age_bracket = models.CharField(
        _("tranche d’âge"), max_length=30, choices=AgeBracket, default=AgeBracket.NOT_GIVEN
    )
    gender = models.CharField(_("genre"), max_length=20, choices=Gender, default=Gender.NOT_GIVEN)
    social_status = models.CharField(
        _("statut"), max_length=20, choices=SocialStatus, default=SocialStatus.NOT_GIVEN
    )
    commune = models.CharField(_("commune de résidence"), max_length=120, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    insee_code = models.CharField(
        _("code INSEE"), max_length=5, blank=True, validators=[insee_code_validator]
    )
    consent_to_contact = models.BooleanField(_("accepte d’être contacté·e"), default=False)
    consent_at = models.DateTimeField(_("date du consentement"), null=True, blank=True)
    consent_wording = models.TextField(_("texte du consentement"), blank=True)
    # Set when the person's data was erased (on request, or past the venue's retention
    # period): the row stays so that the statistics keep counting them once.
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)

    name_key = models.CharField(max_length=100, editable=False, db_index=True)
    phone_key = models.CharField(max_length=25, editable=False, blank=True, db_index=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["name_key", "pk"]
        indexes = [models.Index(fields=["venue", "name_key"])]

    def __str__(self) -> str:
        return self.first_name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.first_name)
        self.phone_key = phone_key(self.phone)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.venue.slug, self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def can_be_contacted(self) -> bool:
        return not self.is_anonymised and self.consent_to_contact and bool(self.phone or self.email)


def is_erased(person: Person) -> bool:
    """Whether the person's data was erased, read afresh from their row, which it locks.

    The object in hand may predate an erasure. Locking the row orders this transaction
    with an erasure running at the same time (it locks the row too): either the erasure
    finished first and is seen here, or it waits for this transaction to commit and then
    erases whatever was added.
    """
    if person.is_anonymised:
        return True
    if person.pk is None:
        return False
    fresh = Person.objects.filter(pk=person.pk).values_list("anonymised_at")
    if transaction.get_connection().in_atomic_block:
        fresh = fresh.select_for_update()
    return any(anonymised_at is not None for (anonymised_at,) in fresh)


def refuse_erased(person: Person | None, error: type[Exception]) -> None:
    """Raise `error` (the calling service's own refusal, carrying ERASED_REFUSAL) when
    `person` was erased. Every action that attaches something to a person calls it first."""
    if person is not None and is_erased(person):
        raise error(str(ERASED_REFUSAL))
