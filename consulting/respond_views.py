"""The public side of a round: its invite link, answered by anyone who holds it (no login).

Kept apart from views.py, where every view is for the consultant who owns the round.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.views import FORM_PAGE, private
from cxmaturity.limits import start_allowed

from . import services
from .forms import RespondentForm
from .models import Round


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, token):
    round = get_object_or_404(Round.objects.select_related("client").by_invite_token(token))
    round.invite_token = token  # for the links this page shows; never saved
    if not round.accepts_responses:
        return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
    form = RespondentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not start_allowed(request):
            return render(request, "assessments/rate_limited.html", status=429)
        try:
            assessment = services.round_response_start(round=round, **form.cleaned_data)
        except services.RoundClosed:
            return render(request, "consulting/invite_closed.html", {"round": round}, status=410)
        return redirect(reverse("assessments:step", kwargs={"token": assessment.token, "number": 1}))
    return render(request, "consulting/invite.html", {"round": round, "form": form})
