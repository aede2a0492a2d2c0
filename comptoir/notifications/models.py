"""The outbox: every e-mail and SMS Comptoir sends is a row here first.

A message is delivered by a background task; a failure is recorded and retried
with back-off, and the message stays visible to staff as pending. A message is
identified by a `key` (e.g. "appointment:12:v1:reminder-day-before:sms"), so
asking twice for the same message creates one row and sends once (a message
cancelled before it left is queued again when asked for again). A message
that only makes sense before a moment (a reminder, before the appointment)
carries `expires_at`: once past, it is marked expired instead of being sent late.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.kernel.scoping import VenueScopedQuerySet


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("abandonné")
    CANCELLED = "cancelled", _("annulé")
    EXPIRED = "expired", _("périmé")


class Message(models.Model):
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="messages", verbose_name=_("lieu")
    )
    key = models.CharField(max_length=150, unique=True)
    channel = models.CharField(_("canal"), max_length=5, choices=Channel)
    to = models.CharField(_("destinataire"), max_length=254)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    body = models.TextField(_("texte"))
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_content = models.TextField(blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    send_after = models.DateTimeField(_("à envoyer à partir de"), db_index=True)
    expires_at = models.DateTimeField(
        _("à ne plus envoyer après"),
        null=True,
        blank=True,
        help_text=_("Un rappel envoyé après le rendez-vous ne sert à rien."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=MessageStatus, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["send_after", "pk"]
        indexes = [models.Index(fields=["status", "send_after"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to} ({self.get_status_display()})"
