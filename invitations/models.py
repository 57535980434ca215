"""Per-person invitations to a round, the e-mail sent for them and for accounts, and the worker's heartbeat.

Addresses are personal data: they live on Invitation only (never on a
message, never in a log), so they go when the round goes (CASCADE) and when
purge_unfinished clears an abandoned round's invitations. What a consultant
sees of an invitation is its name, address and status; which response it
led to is kept only to work out that status and is never shown.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.crypto import salted_hmac

from maturity.mailing import DEFAULT_REMINDER_DAYS


def token_hash(token: str) -> str:
    """What is stored of a private link's token: its SHA-256, so the database alone opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


class Invitation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        OPENED = "opened", "Opened"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"

    round = models.ForeignKey("consulting.Round", on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(max_length=254)
    # The tokens are an HMAC of this salt under SECRET_KEY (so the worker can put
    # them in a reminder days later); only their SHA-256 is stored for look-ups.
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    unsubscribe_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The one response this invitation leads to; never shown beside the name.
    assessment = models.OneToOneField(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    # How many points of the round's reminder schedule have been dealt with.
    schedule_points_done = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["name", "email", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="one_invitation_per_address")]

    def __str__(self):
        return self.name or f"Invitation {self.pk}"

    def token(self, purpose: str = "respond") -> str:
        return salted_hmac(f"cx-invitation-{purpose}", self.salt, algorithm="sha256").hexdigest()[:43]

    def set_hashes(self) -> None:
        self.token_hash = token_hash(self.token("respond"))
        self.unsubscribe_hash = token_hash(self.token("unsubscribe"))

    @property
    def status(self) -> str:
        assessment = self.assessment
        if assessment is not None:
            return self.Status.COMPLETED if assessment.completed_at else self.Status.STARTED
        return self.Status.OPENED if self.opened_at else self.Status.INVITED

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class RoundMail(models.Model):
    """What a round's e-mail says beyond the round itself, and its reminder schedule."""

    round = models.OneToOneField("consulting.Round", on_delete=models.CASCADE, related_name="mail")
    deadline = models.DateField(null=True, blank=True)
    reminders_on = models.BooleanField(default=True)
    reminder_days = models.JSONField(default=list)
    # Where links in this round's e-mail point (CX_SITE_URL when set, else the consultant's address).
    site_url = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"E-mail settings of round {self.round_id}"

    def save(self, *args, **kwargs):
        if not self.reminder_days and self._state.adding:
            self.reminder_days = list(DEFAULT_REMINDER_DAYS)
        super().save(*args, **kwargs)


class OutboundMessage(models.Model):
    """One e-mail, sent at least once and, barring a crash between the server's reply and our commit, once.

    `key` says what the message is for (e.g. "invitation:12", "reminder:12:2");
    a second request for the same message finds the row and sends nothing
    new. The Message-ID is derived from the key, so if a worker dies after the
    server took the message but before it was marked sent, the copy sent again
    carries the same Message-ID and mail clients show one message.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        REMINDER = "reminder", "Reminder"
        PASSWORD_RESET = "password_reset", "Password reset"
        CONSULTANT_INVITE = "consultant_invite", "Consultant invitation"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not sent"

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The recipient, by reference: the address is read when sending, never copied here.
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    site_url = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The error's kind and SMTP code only: server messages can quote the address.
    last_error = models.CharField(max_length=200, blank=True)
    # Why a queued reminder was not sent (round closed, finished, opted out).
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.state})"

    @property
    def message_id_local(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:40]


class WorkerHeartbeat(models.Model):
    """When the worker last made its periodic pass (one row)."""

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.seen_at:%Y-%m-%d %H:%M:%S}"


class ConsultantInvitation(User):
    """The admin's "invite a consultant" page (a proxy of the user model; nothing stored of its own)."""

    class Meta:
        proxy = True
        verbose_name = "consultant invitation"
