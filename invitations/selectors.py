"""Reads for a round's invitation page: invitees with their status (never their answers) and the message log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from consulting.models import Round

from .models import Invitation, OutboundMessage


@dataclass(frozen=True)
class InvitationSummary:
    invited: int
    opened: int
    started: int
    completed: int
    opted_out: int

    @property
    def completion_rate(self) -> float | None:
        """Completed ÷ invited: everyone asked counts, not only those who started."""
        return self.completed / self.invited if self.invited else None


def invitation_summary(*, round: Round) -> InvitationSummary:
    counts = Invitation.objects.filter(round=round).aggregate(
        invited=Count("id"),
        opened=Count("id", filter=Q(opened_at__isnull=False) | Q(assessment__isnull=False)),
        started=Count("id", filter=Q(assessment__isnull=False)),
        completed=Count("id", filter=Q(assessment__completed_at__isnull=False)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False)),
    )
    return InvitationSummary(**counts)


def round_invitations(*, round: Round) -> list[Invitation]:
    """Invitees by name: a status each, in an order that says nothing about when anyone answered."""
    return list(
        Invitation.objects.filter(round=round)
        .select_related("assessment")
        .annotate(
            reminders=Count(
                "messages",
                filter=Q(
                    messages__kind=OutboundMessage.Kind.REMINDER,
                    messages__state__in=["queued", "sending", "sent"],
                ),
            )
        )
        .order_by("name", "email", "id")
    )


def round_messages(*, round: Round, limit: int = 200) -> list[OutboundMessage]:
    """What was sent (or is waiting, or failed) to whom and when, newest first."""
    return list(
        OutboundMessage.objects.filter(invitation__round=round)
        .select_related("invitation")
        .order_by("-created_at", "-id")[:limit]
    )


def completion_rate(*, round: Round, started_rate: float | None) -> float | None:
    """The round's completion rate: completed ÷ invited where people were invited, else completed ÷ started."""
    summary = invitation_summary(round=round)
    return summary.completion_rate if summary.invited else started_rate
