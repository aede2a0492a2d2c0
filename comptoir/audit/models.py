"""The audit trail: who changed what, when — for people and journal activities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("création")
    UPDATE = "update", _("modification")
    DELETE = "delete", _("suppression")


class AuditEntry(models.Model):
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction)
    object_type = models.CharField(_("type d’objet"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("identifiant"))
    object_repr = models.CharField(_("objet"), max_length=200)
    changes = models.JSONField(_("changements"), default=dict, blank=True)
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("modification")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["venue", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
