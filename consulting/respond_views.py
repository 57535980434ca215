"""The public side of a round: its invite link, answered by anyone who holds it (no login).

Kept apart from views.py, where every view is for the consultant who owns the round.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.views import FORM_PAGE, SECONDS_PER_QUESTION, private
from stages.models import Question

from . import services
from .forms import RespondentForm
from .models import Round


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, token):
    """A round's invite link: not held to the public per-address start limit, but to the round's cap.

    Staff who share one office address all start here, so counting them
    against the limit for anonymous starts locked the 31st of them out.
    """
    round = get_object_or_404(Round.objects.select_related("client__owner").by_invite_token(token))
    round.invite_token = token  # for the links this page shows; never saved
    if not round.accepts_responses:
        return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
    if round.cap_reached:
        return render(request, "consulting/invite_full.html", {"round": round}, status=429)
    form = RespondentForm.for_round(round, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.round_response_start(round=round, invited=True, **form.cleaned_data)
        except services.RoundClosed:
            return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
        except services.RoundFull:
            return render(request, "consulting/invite_full.html", {"round": round}, status=429)
        return redirect(reverse("assessments:step", kwargs={"token": assessment.token, "number": 1}))
    question_count = Question.objects.filter(is_active=True).count()
    ctx = {
        "round": round,
        "form": form,
        "consultant": services.consultant_display_name(user=round.client.owner),
        "question_count": question_count,
        "minutes": round_minutes(question_count),
    }
    return render(request, "consulting/invite.html", ctx)


def round_minutes(question_count: int) -> int:
    """How long the questionnaire takes, as the home page says it."""
    return max(1, round(question_count * SECONDS_PER_QUESTION / 60))
