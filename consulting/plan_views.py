"""The consultant's tailored plan for a round, its summary, excluded responses and history.

Same rules as consulting.views: owner's data only (404 otherwise), login
required. Entries and responses named in a URL or a post must belong to the
round: anything else is a 404, never someone else's data nor a 500.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.models import Assessment
from maturity import plan as rules

from . import plan, selectors
from .models import PlanItem
from .plan_forms import ExcludeForm, HideForm, MoveForm, OwnActionForm, PlanItemForm, RoundEditForm
from .views import consultant_required, own_round

GET_OR_POST = ["GET", "HEAD", "POST"]


def _round_and_plan(request, pk):
    round = own_round(request, pk)
    team = selectors.round_team_result(round=round)
    return round, team, plan.round_plan(round=round, team=team)


def _entry_or_404(tailored, key):
    entry = plan.plan_entry(tailored, key)
    if entry is None:
        raise Http404("No such action in this round's plan.")
    return entry


@consultant_required
@require_safe
def plan_detail(request, pk):
    round, team, tailored = _round_and_plan(request, pk)
    ctx = {"round": round, "client": round.client, "team": team, "plan": tailored}
    return render(request, "consulting/plan_detail.html", ctx)


@consultant_required
@require_http_methods(GET_OR_POST)
def plan_item_edit(request, pk, code):
    round, _team, tailored = _round_and_plan(request, pk)
    entry = _entry_or_404(tailored, rules.rec_key(code))
    item = PlanItem.objects.filter(round=round, code=code).first()
    initial = {
        "title": item.title if item else "",
        "steps": item.steps if item else "",
        "owner": entry.owner,
        "due_on": entry.due,
        "status": entry.status,
    }
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        model_title=entry.model_title,
        model_steps=entry.steps,
    )
    if request.method == "POST" and form.is_valid():
        plan.plan_item_tailor(round=round, code=code, **form.cleaned_data)
        messages.success(request, "Action saved.")
        return redirect("consulting:plan_detail", pk=round.pk)
    ctx = {"round": round, "client": round.client, "entry": entry, "form": form, "hide_form": HideForm()}
    return render(request, "consulting/plan_item_form.html", ctx)


@consultant_required
@require_POST
def plan_item_hide(request, pk, code):
    round, _team, tailored = _round_and_plan(request, pk)
    entry = _entry_or_404(tailored, rules.rec_key(code))
    form = HideForm(request.POST)
    if not form.is_valid():
        ctx = {
            "round": round,
            "client": round.client,
            "entry": entry,
            "form": PlanItemForm(initial={"status": entry.status}, model_title=entry.model_title),
            "hide_form": form,
        }
        return render(request, "consulting/plan_item_form.html", ctx, status=400)
    plan.plan_item_hide(round=round, code=code, reason=form.cleaned_data["reason"])
    messages.success(request, f"“{entry.title}” is hidden from the plan.")
    return redirect("consulting:plan_detail", pk=round.pk)


@consultant_required
@require_POST
def plan_item_unhide(request, pk, code):
    round, _team, tailored = _round_and_plan(request, pk)
    entry = _entry_or_404(tailored, rules.rec_key(code))
    plan.plan_item_unhide(round=round, code=code)
    messages.success(request, f"“{entry.title}” is back in the plan.")
    return redirect("consulting:plan_detail", pk=round.pk)


@consultant_required
@require_http_methods(GET_OR_POST)
def plan_action_create(request, pk):
    round, team, tailored = _round_and_plan(request, pk)
    if not tailored.horizons:
        raise Http404("The plan starts once the round has a team result.")
    form = OwnActionForm(
        request.POST if request.method == "POST" else None, horizons=tailored.horizons, dimensions=team.dimensions
    )
    if request.method == "POST" and form.is_valid():
        plan.plan_action_add(round=round, **form.cleaned_data)
        messages.success(request, "Your action is in the plan.")
        return redirect("consulting:plan_detail", pk=round.pk)
    ctx = {"round": round, "client": round.client, "form": form, "item": None}
    return render(request, "consulting/plan_action_form.html", ctx)


@consultant_required
@require_http_methods(GET_OR_POST)
def plan_action_edit(request, pk, item_pk):
    round, team, tailored = _round_and_plan(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, round=round, code="")
    initial = {
        "title": item.title,
        "steps": item.steps,
        "horizon": item.horizon,
        "dimension": item.dimension,
        "owner": item.owner,
        "due_on": item.due_on,
        "status": item.status,
    }
    form = OwnActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        horizons=tailored.horizons,
        dimensions=team.dimensions,
    )
    if request.method == "POST" and form.is_valid():
        plan.plan_action_update(item=item, **form.cleaned_data)
        messages.success(request, "Your action is saved.")
        return redirect("consulting:plan_detail", pk=round.pk)
    ctx = {"round": round, "client": round.client, "form": form, "item": item}
    return render(request, "consulting/plan_action_form.html", ctx)


@consultant_required
@require_POST
def plan_action_delete(request, pk, item_pk):
    round = own_round(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, round=round, code="")
    plan.plan_action_delete(item=item)
    messages.success(request, f"“{item.title}” is deleted from the plan.")
    return redirect("consulting:plan_detail", pk=round.pk)


@consultant_required
@require_POST
def plan_move(request, pk):
    round, _team, tailored = _round_and_plan(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose an action and a direction.")
    key = form.cleaned_data["entry"]
    horizon = tailored.horizon_of(key)
    if horizon is None:
        raise Http404("No such action in this round's plan.")
    order = rules.moved([e.key for e in horizon.entries], key, form.cleaned_data["direction"])
    plan.plan_horizon_order(round=round, keys=order)
    # Back to the moved action, so a keyboard user can keep moving it.
    return redirect(reverse("consulting:plan_detail", args=[round.pk]) + f"#entry-{key.replace(':', '')}")


@consultant_required
@require_http_methods(GET_OR_POST)
def round_edit(request, pk):
    round = own_round(request, pk)
    form = RoundEditForm(
        request.POST if request.method == "POST" else None, initial={"title": round.title, "summary": round.summary}
    )
    if request.method == "POST" and form.is_valid():
        plan.round_update(round=round, **form.cleaned_data)
        messages.success(request, "Round saved.")
        return redirect("consulting:round_detail", pk=round.pk)
    return render(request, "consulting/round_edit.html", {"round": round, "client": round.client, "form": form})


@consultant_required
@require_http_methods(GET_OR_POST)
def response_exclude(request, pk, assessment_pk):
    round = own_round(request, pk)
    assessment = get_object_or_404(Assessment, pk=assessment_pk, round=round, completed_at__isnull=False)
    label = next(r.label for r in selectors.round_respondents(round=round) if r.assessment.pk == assessment.pk)
    form = ExcludeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan.response_exclude(round=round, assessment=assessment, reason=form.cleaned_data["reason"])
        messages.success(request, f"{label}'s response is left out of the team result.")
        return redirect("consulting:round_detail", pk=round.pk)
    ctx = {"round": round, "client": round.client, "label": label, "form": form}
    return render(request, "consulting/response_exclude.html", ctx)


@consultant_required
@require_POST
def response_include(request, pk, assessment_pk):
    round = own_round(request, pk)
    assessment = get_object_or_404(Assessment, pk=assessment_pk, round=round)
    plan.response_include(round=round, assessment=assessment)
    messages.success(request, "The response counts in the team result again.")
    return redirect("consulting:round_detail", pk=round.pk)


@consultant_required
@require_safe
def round_history(request, pk):
    round, team, tailored = _round_and_plan(request, pk)
    labels = {r.assessment.pk: r.label for r in team.respondents}
    entries = plan.round_history(round=round, plan=tailored, labels=labels)
    return render(
        request, "consulting/round_history.html", {"round": round, "client": round.client, "entries": entries}
    )
