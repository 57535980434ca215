"""Pages for peer comparison: an individual's choice, a client's choice, a consultant's portfolio.

The "How you compare" sections themselves are drawn by template tags
(templatetags/peer_tags.py), so the results, team and PDF templates include
them in one line.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.views import FORM_PAGE, load_assessment, private
from consulting.views import consultant_required, own_client

from . import selectors, services
from .forms import AssessmentPeersForm, ClientPeersForm


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_peers(request, token):
    assessment = load_assessment(token)
    if not assessment.is_complete or assessment.round_id is not None:
        # Only finished individual results are compared this way; a round's client decides for its rounds.
        raise Http404("No comparison choice for this assessment.")
    choice = services.assessment_choice(assessment=assessment)
    initial = {"industry": choice.industry, "size": choice.size, "consent": choice.consent} if choice else {}
    form = AssessmentPeersForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.assessment_peers_set(assessment=assessment, **form.cleaned_data)
        messages.success(
            request,
            "Saved. Your anonymised result now counts in comparisons."
            if saved.consent
            else "Saved. Your result does not count in anyone's comparison.",
        )
        return redirect(reverse("assessments:results", args=[token]) + "#how-you-compare")
    status = 400 if request.method == "POST" else 200
    ctx = {"assessment": assessment, "form": form}
    return render(request, "peers/assessment_peers.html", ctx, status=status)


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_peers(request, pk):
    client = own_client(request, pk)
    choice = services.client_choice(client=client)
    initial = {"industry": choice.industry, "size": choice.size, "consent": choice.consent}
    form = ClientPeersForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.client_peers_set(client=client, **form.cleaned_data)
        messages.success(request, "Peer comparison settings saved.")
        return redirect("consulting:client_detail", pk=client.pk)
    status = 400 if request.method == "POST" else 200
    ctx = {"client": client, "form": form}
    return render(request, "peers/client_peers.html", ctx, status=status)


@consultant_required
@require_safe
def portfolio(request):
    ctx = {"portfolio": selectors.portfolio(owner=request.user)}
    return render(request, "peers/portfolio.html", ctx)
