"""Collection and reconditioning of devices: donations, devices and their drives,
the lifecycle log, erasure records, reconditioning, allocation, and the parts stock.

Writes go through lifecycle.py, erasure.py and parts.py; the state table is in
lifecycle.py. The database holds the rules that must never break (one asset tag
per device, a serial on every drive, one active allocation per device).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.kernel.states import TransitionLog
from comptoir.people.normalise import name_key
from comptoir.reuse.categories import CATEGORY_CHOICES, get_category


class DonorKind(models.TextChoices):
    PERSON = "person", _("Une personne suivie par le lieu")
    COMPANY = "company", _("Une entreprise")
    ASSOCIATION = "association", _("Une association")
    BIN = "bin", _("Anonyme (bac de collecte)")


class Donation(models.Model):
    venue = models.ForeignKey("venues.Venue", on_delete=models.PROTECT, related_name="donations")
    donor_kind = models.CharField(_("donateur"), max_length=20, choices=DonorKind.choices)
    donor_name = models.CharField(_("nom de l’organisation"), max_length=200, blank=True)
    donor_person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("personne"),
    )
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(
        _("lieu de collecte"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « bac de la médiathèque »"),
    )
    notes = models.TextField(_("remarques"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("don de matériel")
        verbose_name_plural = _("dons de matériel")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="reuse_donation_kind",
                condition=Q(donor_kind__in=DonorKind.values),
            ),
            # An organisation has a name; the bin is anonymous.
            models.CheckConstraint(
                name="reuse_donation_donor_name",
                condition=~Q(donor_kind__in=["company", "association"], donor_name="")
                & ~(Q(donor_kind="bin") & ~Q(donor_name="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def donor_label(self) -> str:
        if self.donor_kind == DonorKind.PERSON:
            return self.donor_person.first_name if self.donor_person else _("Personne anonymisée")
        if self.donor_kind == DonorKind.BIN:
            return str(_("Don anonyme (bac de collecte)"))
        return self.donor_name


class DeviceState(models.TextChoices):
    RECEIVED = "received", _("Reçu")
    TRIAGED = "triaged", _("Trié")
    FOR_PARTS = "for_parts", _("Pour pièces")
    TO_ERASE = "to_erase", _("À effacer")
    ERASED = "erased", _("Effacé")
    RECONDITIONED = "reconditioned", _("Reconditionné")
    READY = "ready", _("Prêt à donner")
    ALLOCATED = "allocated", _("Attribué")
    RECYCLED = "recycled", _("Recyclé (filière DEEE)")


class Device(models.Model):
    venue = models.ForeignKey("venues.Venue", on_delete=models.PROTECT, related_name="devices")
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    asset_tag = models.CharField(_("numéro d’inventaire"), max_length=20, unique=True)
    category_id = models.PositiveSmallIntegerField(_("catégorie"), choices=CATEGORY_CHOICES)
    brand = models.CharField(_("marque"), max_length=100, blank=True)
    model = models.CharField(_("modèle"), max_length=150, blank=True)
    serial_number = models.CharField(_("numéro de série"), max_length=100, blank=True)
    processor = models.CharField(_("processeur"), max_length=150, blank=True)
    memory_gb = models.DecimalField(
        _("mémoire vive (Go)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    battery_health_percent = models.PositiveSmallIntegerField(
        _("état de la batterie (%)"), null=True, blank=True
    )
    condition = models.TextField(_("état général"), blank=True)
    weight_kg = models.DecimalField(
        _("poids (kg)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("étape"), max_length=20, choices=DeviceState.choices, default=DeviceState.RECEIVED
    )
    source_ref = models.CharField(_("provenance"), max_length=100, blank=True)
    # The WEEE (DEEE) channel's receipt, required to reach "recycled".
    recycling_receipt = models.CharField(_("bordereau DEEE"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("appareil")
        verbose_name_plural = _("appareils")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="reuse_device_state", condition=Q(state__in=DeviceState.values)
            ),
            models.CheckConstraint(
                name="reuse_device_recycling_receipt",
                condition=~Q(state="recycled") | ~Q(recycling_receipt=""),
            ),
            models.CheckConstraint(
                name="reuse_device_battery_percent",
                condition=Q(battery_health_percent__isnull=True)
                | Q(battery_health_percent__lte=100),
            ),
            models.CheckConstraint(
                name="reuse_device_weight_positive",
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.asset_tag

    def get_absolute_url(self) -> str:
        return reverse("reuse:device", args=[self.venue.slug, self.asset_tag])

    @property
    def category(self):
        return get_category(self.category_id)

    @property
    def label(self) -> str:
        """'Ordinateur portable Lenovo ThinkPad T440'."""
        parts = [str(self.category.label) if self.category else "", self.brand, self.model]
        return " ".join(p for p in parts if p)


class DeviceTransition(TransitionLog):
    """One move of a device through its lifecycle: who, when, from where to where."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="transitions")
    note = models.TextField(blank=True)
    states = DeviceState

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d’un appareil")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class DriveKind(models.TextChoices):
    HDD = "hdd", _("Disque dur (HDD)")
    SSD = "ssd", _("SSD")
    NVME = "nvme", _("SSD NVMe")
    EMMC = "emmc", _("Mémoire interne (eMMC, téléphone, tablette)")
    FLASH = "flash", _("Carte mémoire ou clé")
    OTHER = "other", _("Autre")


class StorageDrive(models.Model):
    """A storage drive of a device. A phone or tablet registers its internal memory
    as one drive (kind eMMC, serial = the device's IMEI or serial number)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="drives")
    kind = models.CharField(_("type"), max_length=10, choices=DriveKind.choices)
    model = models.CharField(_("modèle"), max_length=150, blank=True)
    serial = models.CharField(_("numéro de série"), max_length=100)
    capacity_gb = models.PositiveIntegerField(_("capacité (Go)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support de stockage")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="reuse_drive_serial_required", condition=~Q(serial="")),
            models.UniqueConstraint(fields=["device", "serial"], name="reuse_drive_serial_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"


class ErasureMethod(models.TextChoices):
    CLEAR = "clear", _("NIST SP 800-88 Clear (réécriture)")
    PURGE = "purge", _("NIST SP 800-88 Purge (effacement sécurisé du support)")
    DESTROY = "destroy", _("NIST SP 800-88 Destroy (destruction physique)")


class ErasureRecord(models.Model):
    drive = models.ForeignKey(StorageDrive, on_delete=models.CASCADE, related_name="erasures")
    method = models.CharField(_("méthode"), max_length=10, choices=ErasureMethod.choices)
    tool = models.CharField(_("outil"), max_length=150)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("vérification réussie"))
    performed_at = models.DateTimeField(_("date"), default=timezone.now)
    notes = models.TextField(_("remarques"), blank=True)

    class Meta:
        verbose_name = _("effacement")
        ordering = ["performed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="reuse_erasure_method", condition=Q(method__in=ErasureMethod.values)
            ),
            models.CheckConstraint(name="reuse_erasure_tool_required", condition=~Q(tool="")),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Reconditioning(models.Model):
    device = models.OneToOneField(Device, on_delete=models.CASCADE, related_name="reconditioning")
    operating_system = models.CharField(_("système installé"), max_length=150)
    tests_passed = models.BooleanField(_("tests réussis"))
    accessories = models.CharField(_("accessoires fournis"), max_length=250, blank=True)
    notes = models.TextField(_("remarques"), blank=True)
    session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reconditioned_devices",
        verbose_name=_("séance (install party)"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reconditionnement")
        constraints = [
            models.CheckConstraint(
                name="reuse_reconditioning_tests", condition=Q(tests_passed=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class AllocationPrice(models.TextChoices):
    FREE = "free", _("Gratuit")
    PRICE = "price", _("Prix solidaire")
    PASS = "pass", _("Pass numériques")


class Allocation(models.Model):
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="allocations")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocated_devices",
    )
    partner_name = models.CharField(_("association partenaire"), max_length=200, blank=True)
    eligibility_reason = models.CharField(_("motif d’éligibilité"), max_length=250, blank=True)
    agreement_signed = models.BooleanField(_("convention signée"), default=False)
    price_kind = models.CharField(
        _("contrepartie"), max_length=10, choices=AllocationPrice.choices, default="free"
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)
    # Set when a device comes back (not used yet): only then may it be allocated again.
    returned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attribution")
        ordering = ["-allocated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_at__isnull=True),
                name="reuse_one_active_allocation",
            ),
            # To a person (with a signed agreement) or to a partner, never both.
            models.CheckConstraint(
                name="reuse_allocation_recipient",
                condition=(Q(partner_name="") & Q(agreement_signed=True))
                | (Q(person__isnull=True) & ~Q(partner_name="")),
            ),
            models.CheckConstraint(
                name="reuse_allocation_amount",
                condition=(Q(price_kind="free") & Q(amount__isnull=True))
                | (Q(price_kind__in=["price", "pass"]) & Q(amount__isnull=False) & Q(amount__gt=0)),
            ),
        ]

    # --- Parts stock ----------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class PartCondition(models.TextChoices):
    TESTED = "tested", _("Testée, fonctionne")
    UNTESTED = "untested", _("Non testée")
    DAMAGED = "damaged", _("Abîmée mais utilisable")


class PartStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("En stock")
    USED = "used", _("Utilisée")
    DISCARDED = "discarded", _("Mise au rebut")


class Part(models.Model):
    venue = models.ForeignKey("venues.Venue", on_delete=models.PROTECT, related_name="parts")
    kind = models.CharField(
        _("pièce"), max_length=150, help_text=_("Par exemple : « Barrette mémoire 4 Go »")
    )
    compatible_models = models.TextField(_("modèles compatibles"), blank=True)
    condition = models.CharField(_("état"), max_length=10, choices=PartCondition.choices)
    location = models.CharField(_("rangement"), max_length=150, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=PartStatus.choices, default=PartStatus.IN_STOCK
    )
    source_device = models.ForeignKey(
        Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="parts"
    )
    source_ref = models.CharField(_("provenance"), max_length=100, blank=True)
    used_for = models.CharField(_("utilisée pour"), max_length=100, blank=True, db_index=True)
    # Kind and compatible models without accents or case, for the search.
    search_key = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pièce détachée")
        verbose_name_plural = _("pièces détachées")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                name="reuse_part_status", condition=Q(status__in=PartStatus.values)
            ),
            models.CheckConstraint(
                name="reuse_part_condition", condition=Q(condition__in=PartCondition.values)
            ),
            # A used part says what it was used for; a part in stock was used for nothing.
            models.CheckConstraint(
                name="reuse_part_used_for",
                condition=(Q(status="used") & ~Q(used_for=""))
                | (~Q(status="used") & Q(used_for="")),
            ),
        ]

    def __str__(self) -> str:
        return self.kind

    def save(self, *args, **kwargs):
        self.search_key = name_key(f"{self.kind} {self.compatible_models}")
        super().save(*args, **kwargs)


class PartMovementKind(models.TextChoices):
    IN = "in", _("Entrée en stock")
    OUT = "out", _("Sortie (utilisée)")
    DISCARDED = "discarded", _("Mise au rebut")


class PartMovement(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=10, choices=PartMovementKind.choices)
    ref = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("mouvement de pièce")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
