"""Invitations: the consultant's page for a round's invitees, and the invitee's personal link and opt-out."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from assessments.forms import RespondentForm
from assessments.views import FORM_PAGE, private, start_allowed
from consulting import services as consulting_services
from consulting.views import consultant_required, own_round
from cxmaturity.client_ip import client_ip

from . import selectors, services
from .accounts import QueuedPasswordResetForm
from .forms import InviteForm, RoundMailForm

CLOSED_MESSAGE = "This round is closed: reopen it to invite or remind people."


def _page(request, round, *, invite_form=None, mail_form=None, status=200):
    mail = services.round_mail_get(round=round)
    if mail_form is None:
        mail_form = RoundMailForm(
            initial={
                "deadline": mail.deadline,
                "reminders_on": mail.reminders_on,
                "reminder_days": ", ".join(str(d) for d in mail.reminder_days),
            }
        )
    ctx = {
        "round": round,
        "client": round.client,
        "summary": selectors.invitation_summary(round=round),
        "invitations": selectors.round_invitations(round=round),
        "log": selectors.round_messages(round=round),
        "invite_form": invite_form or InviteForm(),
        "mail_form": mail_form,
        "worker_down": services.worker_is_down(),
        "worker_seen": services.worker_last_seen(),
    }
    return render(request, "invitations/round_invitations.html", ctx, status=status)


def _origin(request) -> str:
    return request.build_absolute_uri("/")


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_invitations(request, pk):
    round = own_round(request, pk)
    if request.method != "POST":
        return _page(request, round)
    form = InviteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, round, invite_form=form)
    try:
        outcome = services.invitations_create(
            round=round,
            people=form.cleaned_data["parsed"],
            site_url=services.site_url_for(_origin(request)),
            now=timezone.now(),
        )
    except services.NotAccepting:
        messages.error(request, CLOSED_MESSAGE)
        return redirect("invitations:round_invitations", pk=round.pk)
    text = f"{outcome.invited} invitation{'s' if outcome.invited != 1 else ''} queued for sending."
    if outcome.already:
        text += f" {outcome.already} address{'es were' if outcome.already != 1 else ' was'} already invited and got no second e-mail."
    messages.success(request, text)
    return redirect("invitations:round_invitations", pk=round.pk)


@consultant_required
@require_POST
def round_remind(request, pk):
    round = own_round(request, pk)
    try:
        queued = services.reminders_send_now(round=round, now=timezone.now())
    except services.NotAccepting:
        messages.error(request, CLOSED_MESSAGE)
        return redirect("invitations:round_invitations", pk=round.pk)
    if queued:
        messages.success(request, f"{queued} reminder{'s' if queued != 1 else ''} queued for sending.")
    else:
        messages.info(
            request,
            "Nobody to remind: everyone invited has finished, opted out or had three reminders.",
        )
    return redirect("invitations:round_invitations", pk=round.pk)


@consultant_required
@require_POST
def round_mail_settings(request, pk):
    round = own_round(request, pk)
    form = RoundMailForm(request.POST)
    if not form.is_valid():
        return _page(request, round, mail_form=form)
    services.round_mail_update(round=round, **form.cleaned_data)
    messages.success(request, "Deadline and reminder schedule saved.")
    return redirect("invitations:round_invitations", pk=round.pk)


# --- Invitees (public, by personal link) -------------------------------------------


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request, token):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    round = invitation.round
    if invitation.assessment_id:
        # One response per invitation: the link goes on to it, finished or not.
        return redirect("assessments:resume", token=invitation.token("assessment"))
    if not round.accepts_responses:
        return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
    if request.method == "GET":
        services.invitation_open(invitation=invitation, now=timezone.now())
    # Role and department from the round's lists, as on the open invite link (anonymity: #16).
    form = RespondentForm.for_round(round, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not start_allowed(request):
            return render(request, "assessments/rate_limited.html", status=429)
        try:
            assessment = services.invitation_response_start(invitation=invitation, **form.cleaned_data)
        except consulting_services.RoundClosed:
            return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
        return redirect(reverse("assessments:step", kwargs={"token": assessment.token, "number": 1}))
    return render(request, "invitations/respond.html", {"round": round, "form": form})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without cookies; the token is the key
@private
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    invitation = services.invitation_by_unsubscribe_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    if request.method == "POST":
        services.invitation_opt_out(invitation=invitation, now=timezone.now())
        return render(request, "invitations/unsubscribed.html", {"round": invitation.round})
    # A GET only asks: link checkers in mail systems open links, and must not opt anyone out.
    ctx = {"round": invitation.round, "opted_out": invitation.opted_out_at is not None}
    return render(request, "invitations/unsubscribe.html", ctx)


# --- Accounts -----------------------------------------------------------------------


def _client_ip_key(group, request) -> str:
    return client_ip(request)


def _address_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


RESET_RATE_PER_CLIENT = "10/h"
RESET_RATE_PER_ADDRESS = "3/h"


@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request):
    """Django's reset view, rate-limited per client and per address, with the e-mail queued for the worker.

    Too many requests from one client get a 429 page; too many for one
    address get the usual "check your inbox" page and no further e-mail, so
    the answer never says whether an address has an account.
    """
    if request.method == "POST":
        if is_ratelimited(
            request, group="password-reset-client", key=_client_ip_key, rate=RESET_RATE_PER_CLIENT, increment=True
        ):
            return render(request, "registration/password_reset_limited.html", status=429)
        if is_ratelimited(
            request, group="password-reset-address", key=_address_key, rate=RESET_RATE_PER_ADDRESS, increment=True
        ):
            return redirect("password_reset_done")
    return auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)(request)
