"""Account e-mail: password resets and consultant invitations, queued for the worker like every message."""

from __future__ import annotations

import secrets

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from consulting import services as consulting_services

from .models import OutboundMessage
from .services import message_enqueue, site_url_for


class QueuedPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, except that the e-mail is queued for the worker instead of sent in the request.

    Which addresses have an account is not revealed: the page after it reads
    the same whatever was typed, and nothing is queued for an unknown address.
    """

    def save(self, *, request, **kwargs):
        site_url = site_url_for(request.build_absolute_uri("/"))
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_enqueue(user=user, site_url=site_url)


def password_reset_enqueue(*, user, site_url: str) -> OutboundMessage:
    # A fresh key each time: asking again must send again (the link in the first may have expired).
    message, _ = message_enqueue(
        key=f"password-reset:{user.pk}:{secrets.token_hex(8)}",
        kind=OutboundMessage.Kind.PASSWORD_RESET,
        user=user,
        site_url=site_url,
        now=timezone.now(),
    )
    return message


def consultant_invite(*, username: str, email: str, first_name: str, last_name: str, site_url: str):
    """A new consultant account with no password, and an e-mail with a link to choose one."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, email=email, first_name=first_name, last_name=last_name
        )  # no password given: an unusable one until they choose theirs
        consulting_services.consultant_add(user=user)
        message_enqueue(
            key=f"consultant-invite:{user.pk}",
            kind=OutboundMessage.Kind.CONSULTANT_INVITE,
            user=user,
            site_url=site_url,
            now=timezone.now(),
        )
    return user


def consultant_invite_again(*, user, site_url: str) -> OutboundMessage:
    message, _ = message_enqueue(
        key=f"consultant-invite:{user.pk}:{secrets.token_hex(8)}",
        kind=OutboundMessage.Kind.CONSULTANT_INVITE,
        user=user,
        site_url=site_url,
        now=timezone.now(),
    )
    return message
