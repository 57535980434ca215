"""The consultant area: every view is for members of "Consultants" and sees only its owner's data.

(The public invite link, answered by anyone holding it, is in respond_views.py.)

Foreign ids answer 404 (never someone else's data, never a hint that it
exists); anonymous visitors go to the login page; logged-in users who are not
consultants get 403.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import pdf as pdf_render
from assessments import services as assessment_services
from assessments.models import Assessment
from cxmaturity.tokens import token_hash
from maturity import charts
from peers import selectors as peer_selectors
from stages.models import Dimension, Stage

from . import exports, office, plan, report, selectors, services
from .forms import ClientForm, CompareForm, FacilitatedForm, ProfileForm, RoundForm, TargetsForm
from .models import Client, Round

CLIENTS_PER_PAGE = 20
ARCHIVED_CLIENT_MESSAGE = "“{name}” is archived, so its invite links stay closed. Unarchive the client first."


def consultant_required(view):
    """Anonymous: redirect to login. Logged in but not a consultant: 403."""

    @wraps(view)
    def check(request, *args, **kwargs):
        if not services.user_is_consultant(request.user):
            raise PermissionDenied("The consultant area is for members of the Consultants group.")
        return view(request, *args, **kwargs)

    # Client names, scores and notes: never kept by a browser or proxy cache
    # (a shared office computer's Back button included).
    return never_cache(login_required(check))


class LoginView(auth_views.LoginView):
    """After login, consultants go to their clients; admin staff who aren't consultants to the admin.

    Someone already logged in who opens the login page (a bookmark, the Back
    button) is sent on the same way instead of being shown the form again.
    """

    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A "next" pointing back at this page would send a logged-in user round in
        # a circle (Django refuses it with an error): use the default place instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url

    def get_default_redirect_url(self):
        # Never a page that sends a logged-in user back here: the consultant area
        # answers 403 to non-consultants, the admin has its own login, home is public.
        user = self.request.user
        if services.user_is_consultant(user):
            return reverse("consulting:client_list")
        return reverse("admin:index") if user.is_staff else reverse("home")


def own_client(request, pk) -> Client:
    return get_object_or_404(Client.objects.owned_by(request.user), pk=pk)


def own_round(request, pk) -> Round:
    return get_object_or_404(Round.objects.select_related("client"), pk=pk, client__owner=request.user)


# Links are stored only as hashes (cxmaturity/tokens.py): the consultant who made one keeps
# its token in their session, to be shown again there; elsewhere they can make a new one.
def link_key(kind: str, pk: int) -> str:
    return f"{kind}-link:{pk}"


def remembered_token(request, key: str, stored_hash: str) -> str | None:
    """The token this session was given for `key`, if it is still the current one."""
    token = request.session.get(key)
    return token if isinstance(token, str) and token_hash(token) == stored_hash else None


def invite_url(request, round) -> str:
    """The round's invite link if this session made it; "" if not (the link is not stored)."""
    token = round.invite_token or remembered_token(request, link_key("invite", round.pk), round.invite_token_hash)
    return request.build_absolute_uri(reverse("respond:invite", args=[token])) if token else ""


# --- Clients ------------------------------------------------------------------


def page_number(value: str):
    """?page= for Paginator.get_page, with 0 and negatives meaning the first page.

    get_page sends a number past the end to the last page, which suits a list
    that shrank, but it does the same with 0 and -3, where the first is meant.
    Anything that isn't a number is left to get_page (first page).
    """
    try:
        return max(1, int(value))
    except ValueError:
        return value


@consultant_required
@require_safe
def client_list(request):
    query = request.GET.get("q", "").strip()
    archived = request.GET.get("archived") == "1"
    clients = (
        services.client_search(owner=request.user, query=query, archived=archived)
        .annotate(round_count=Count("rounds", distinct=True), last_round=Max("rounds__opened_on"))
        .order_by("name", "id")
    )
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(page_number(request.GET.get("page", "")))
    params = {k: v for k, v in (("q", query), ("archived", "1" if archived else "")) if v}
    ctx = {"page": page, "query": query, "archived": archived, "params": params}
    return render(request, "consulting/client_list.html", ctx)


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_create(request):
    form = ClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        client = services.client_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"Client “{client.name}” added.")
        return redirect("consulting:client_detail", pk=client.pk)
    return render(request, "consulting/client_form.html", {"form": form, "client": None})


@consultant_required
@require_safe
def client_detail(request, pk):
    client = own_client(request, pk)
    rounds = client.rounds.annotate(
        started=Count("assessments"),
        completed=Count("assessments", filter=Q(assessments__completed_at__isnull=False)),
    ).order_by("-opened_on", "-id")
    targets = services.client_targets(client=client)
    ctx = {
        "client": client,
        "rounds": rounds,
        "target_rows": [(d, targets.get(d.slug)) for d in Dimension.objects.all()],
        "can_compare": len(selectors.rounds_with_results(client=client)) >= 2,
    }
    return render(request, "consulting/client_detail.html", ctx)


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_edit(request, pk):
    client = own_client(request, pk)
    form = ClientForm(request.POST if request.method == "POST" else None, instance=client)
    if request.method == "POST" and form.is_valid():
        services.client_update(client=client, **form.cleaned_data)
        messages.success(request, "Client details saved.")
        return redirect("consulting:client_detail", pk=client.pk)
    return render(request, "consulting/client_form.html", {"form": form, "client": client})


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_archive(request, pk):
    """GET asks for confirmation (archiving closes rounds people may be answering); POST archives."""
    client = own_client(request, pk)
    if request.method == "POST":
        # Idempotent: a second tab or a resubmitted form changes nothing more.
        services.client_archive(client=client)
        messages.success(request, f"“{client.name}” archived. It is listed under Archived clients.")
        return redirect("consulting:client_list")
    if client.archived_at is not None:
        # Nothing left to confirm (an old tab, the Back button): show the client as it is.
        messages.info(request, f"“{client.name}” is already archived.")
        return redirect("consulting:client_detail", pk=client.pk)
    # The rounds the POST will close, with who has answered: unfinished responses
    # cannot be finished while their round is closed.
    open_rounds = list(
        client.rounds.filter(closed_at__isnull=True)
        .annotate(
            started=Count("assessments"),
            completed=Count("assessments", filter=Q(assessments__completed_at__isnull=False)),
        )
        .order_by("-opened_on", "-id")
    )
    ctx = {
        "client": client,
        "open_rounds": open_rounds,
        "unfinished": sum(r.started - r.completed for r in open_rounds),
    }
    return render(request, "consulting/client_archive_confirm.html", ctx)


@consultant_required
@require_POST
def client_unarchive(request, pk):
    client = own_client(request, pk)
    services.client_unarchive(client=client)
    messages.success(request, f"“{client.name}” is active again. Its rounds stay closed until you reopen them.")
    return redirect("consulting:client_detail", pk=client.pk)


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def client_targets(request, pk):
    client = own_client(request, pk)
    dimensions = list(Dimension.objects.all())
    saved = services.client_targets(client=client)
    initial = {TargetsForm.field_name(d): saved.get(d.slug, "") for d in dimensions}
    form = TargetsForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        dimensions=dimensions,
        stages=Stage.objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        services.client_targets_set(client=client, levels=form.levels())
        messages.success(request, "Targets saved. Team results and roadmaps now aim at them.")
        return redirect("consulting:client_detail", pk=client.pk)
    return render(request, "consulting/client_targets.html", {"client": client, "form": form})


# --- Rounds -------------------------------------------------------------------


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_create(request, pk):
    client = own_client(request, pk)
    if client.archived_at is not None:
        messages.error(request, ARCHIVED_CLIENT_MESSAGE.format(name=client.name))
        return redirect("consulting:client_detail", pk=client.pk)
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(client=client, **form.cleaned_data)
        except services.ClientArchived:  # archived in another tab meanwhile
            messages.error(request, ARCHIVED_CLIENT_MESSAGE.format(name=client.name))
            return redirect("consulting:client_detail", pk=client.pk)
        request.session[link_key("invite", round.pk)] = round.invite_token
        messages.success(request, "Round created. Share its invite link with the people who should answer.")
        return redirect("consulting:round_detail", pk=round.pk)
    return render(request, "consulting/round_form.html", {"client": client, "form": form})


@consultant_required
@require_safe
def round_detail(request, pk):
    round = own_round(request, pk)
    team = selectors.round_team_result(round=round)
    team_report = report.round_team_report(round=round, team=team)
    series = selectors.team_chart_series(team) if team.has_placement else []
    chart = charts.radar_figure(labels=selectors.team_labels(team), series=series) if series else None
    ctx = {
        "round": round,
        "client": round.client,
        "team": team,
        "report": team_report,
        "result": team.pooled,
        # The roadmap's gaps with the team score (the figure of the table above), not the pooled one.
        "roadmap": team.document.roadmap if team.has_placement else None,
        "team_score_label": selectors.TEAM_SCORE_LABEL,
        "pooled_label": selectors.POOLED_LABEL,
        "chart": chart,
        "series_names": [name for name, _ in series],
        "breakdowns": [team.by_role, team.by_department],
        "dimension_names": {d.key: d.name for d in team.dimensions},
        "invite_url": invite_url(request, round),
        "facilitated_form": FacilitatedForm.for_round(round),
        "can_compare": len(selectors.rounds_with_results(client=round.client)) >= 2,
    }
    return render(request, "consulting/round_detail.html", ctx)


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_settings(request, pk):
    round = own_round(request, pk)
    form = RoundForm(request.POST if request.method == "POST" else None, instance=round)
    if request.method == "POST" and form.is_valid():
        services.round_update(round=round, **form.cleaned_data)
        messages.success(request, "Round settings saved.")
        return redirect("consulting:round_detail", pk=round.pk)
    return render(request, "consulting/round_form.html", {"client": round.client, "round": round, "form": form})


@consultant_required
@require_POST
def round_close(request, pk):
    round = own_round(request, pk)
    services.round_close(round=round)
    messages.success(
        request,
        "Round closed: the invite link no longer accepts new responses, and anyone still answering can't finish until you reopen it.",
    )
    return redirect("consulting:round_detail", pk=round.pk)


@consultant_required
@require_POST
def round_reopen(request, pk):
    round = own_round(request, pk)
    try:
        services.round_reopen(round=round)
    except services.ClientArchived:
        messages.error(request, ARCHIVED_CLIENT_MESSAGE.format(name=round.client.name))
        return redirect("consulting:round_detail", pk=round.pk)
    messages.success(request, "Round reopened: the invite link accepts responses again.")
    return redirect("consulting:round_detail", pk=round.pk)


@consultant_required
@require_POST
def round_facilitate(request, pk):
    round = own_round(request, pk)
    form = FacilitatedForm.for_round(round, request.POST)
    if not form.is_valid():
        messages.error(request, "Please check the participant details (120 characters at most each).")
        return redirect("consulting:round_detail", pk=round.pk)
    try:
        assessment = services.round_response_start(round=round, facilitated=True, **form.cleaned_data)
    except services.RoundClosed:
        messages.error(request, "This round is closed. Reopen it to run another session.")
        return redirect("consulting:round_detail", pk=round.pk)
    request.session[link_key("session", assessment.pk)] = assessment.token
    return redirect("assessments:step", token=assessment.token, number=1)


@consultant_required
@require_POST
def round_invite_renew(request, pk):
    round = own_round(request, pk)
    request.session[link_key("invite", round.pk)] = services.round_invite_renew(round=round)
    messages.success(request, "New invite link made. The previous link no longer works.")
    return redirect("consulting:round_detail", pk=round.pk)


@consultant_required
@require_safe
def respondent_continue(request, pk, assessment_pk):
    """Back into a facilitated session: its private link from this session, or a new one (only the hash is stored)."""
    round = own_round(request, pk)
    assessment = get_object_or_404(Assessment, pk=assessment_pk, round=round, facilitated=True)
    key = link_key("session", assessment.pk)
    token = remembered_token(request, key, assessment.token_hash)
    if token is None:
        # A facilitated session is the consultant's own: a new link loses nobody theirs.
        token = request.session[key] = services.facilitated_link_renew(assessment=assessment)
    return redirect("assessments:resume", token=token)


@consultant_required
@require_safe
def respondent_detail(request, pk, assessment_pk):
    round = own_round(request, pk)
    assessment = get_object_or_404(Assessment, pk=assessment_pk, round=round)
    respondent = next(r for r in selectors.round_respondents(round=round) if r.assessment.pk == assessment.pk)
    label = respondent.label
    if assessment.is_complete:
        answers = assessment.snapshot.answers
    else:
        answers = assessment_services.answered_questions(assessment_services.assessment_answers(assessment))
    ctx = {
        "round": round,
        "client": round.client,
        "assessment": assessment,
        "label": label,
        "respondent": respondent,
        "result": assessment.snapshot,
        "answers": answers,
        "dimension_names": {d.slug: d.name for d in Dimension.objects.all()},
    }
    return render(request, "consulting/respondent_detail.html", ctx)


def round_file_name(round) -> str:
    """The client and round in a download's file name, e.g. "acme-spring-2026"."""
    parts = [slugify(round.client.name, allow_unicode=True)[:40], slugify(round.title, allow_unicode=True)[:40]]
    return "-".join(filter(None, parts)) or f"round-{round.pk}"


@consultant_required
@require_safe
def round_export(request, pk):
    round = own_round(request, pk)
    body = exports.round_csv(round=round)
    name = round_file_name(round)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"cx-answers-{name}.csv")
    response["Cache-Control"] = "no-store, private"
    return response


def _download(body: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response


@consultant_required
@require_safe
def round_xlsx(request, pk):
    round = own_round(request, pk)
    team_report = report.round_team_report(round=round)
    consultant = services.consultant_display_name(user=request.user)
    body = office.round_xlsx(report=team_report, consultant=consultant)
    return _download(
        body, content_type=office.XLSX_CONTENT_TYPE, filename=f"cx-team-report-{round_file_name(round)}.xlsx"
    )


@consultant_required
@require_safe
def round_pptx(request, pk):
    round = own_round(request, pk)
    team_report = report.round_team_report(round=round)
    consultant = services.consultant_display_name(user=request.user)
    date = team_report.team.last_completed_at or timezone.now()
    body = office.round_pptx(report=team_report, consultant=consultant, date=date)
    return _download(
        body, content_type=office.PPTX_CONTENT_TYPE, filename=f"cx-team-report-{round_file_name(round)}.pptx"
    )


@consultant_required
@require_safe
def round_scores_export(request, pk):
    round = own_round(request, pk)
    response = HttpResponse(exports.round_scores_csv(round=round), content_type="text/csv; charset=utf-8")
    name = f"cx-team-scores-{round_file_name(round)}.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store, private"
    return response


@consultant_required
@require_safe
def round_pdf(request, pk):
    round = own_round(request, pk)
    team = selectors.round_team_result(round=round)
    if not team.has_placement:
        raise Http404("No completed responses in this round yet.")
    consultant = services.consultant_display_name(user=request.user)
    date = team.last_completed_at
    cover = [round.client.name, consultant, round.title, team.completed, date.isoformat()]
    document = team.document
    tailored = plan.round_plan(round=round, team=team)
    paragraphs = plan.summary_paragraphs(round.summary)
    team_report = report.round_team_report(round=round, team=team)

    def context():
        ctx = pdf_render.roadmap_context(
            result=document,
            organisation=round.client.name,
            date=date,
            consultant=consultant,
            subtitle=round.title,
            respondents=team.completed,
            confidence={summary.key: summary.confidence for summary in team.summaries},
        )
        return ctx | {
            "plan": tailored,
            "summary_paragraphs": paragraphs,
            "score_label": selectors.TEAM_SCORE_LABEL,
            "peers": peer_selectors.round_section(round=round, result=document),  # figures as of the render
            "team_report": team_report,
            "dimension_names": {d.key: d.name for d in team.dimensions},
        }

    return pdf_render.download_response(
        request,
        kind="round",
        ident=str(round.pk),
        # The minimum group size shapes the report's sections without a new response.
        payload={
            "result": document.to_json(),
            "cover": cover,
            "plan": tailored,
            "summary": paragraphs,
            "min_group": team.min_group,
            # Who answered what: the disagreements and breakdowns can change with the scores unchanged.
            "figures": team.figures_key,
        },
        context=context,
        filename=f"cx-team-roadmap-{round_file_name(round)}.pdf",
    )


@consultant_required
@require_safe
def round_compare(request, pk):
    client = own_client(request, pk)
    rounds = list(client.rounds.all())
    with_results = selectors.rounds_with_results(client=client)
    before = _client_round(client, request.GET.get("before"))
    after = _client_round(client, request.GET.get("after"))
    if before is None and after is None and len(with_results) >= 2:
        after, before = with_results[0], with_results[1]
    same_round = before is not None and before == after
    comparison = chart = None
    if before is not None and after is not None and not same_round:
        comparison = selectors.rounds_compare(before=before, after=after)
        if comparison.before.completed and comparison.after.completed:
            labels = selectors.team_labels(comparison.after)
            chart = charts.radar_figure(
                labels=labels,
                series=[
                    (before.title, [selectors.chart_value(d.before) for d in comparison.deltas]),
                    (after.title, [selectors.chart_value(d.after) for d in comparison.deltas]),
                ],
            )
    # Without a choice, offer the two latest rounds; never the same one in both boxes.
    initial = {"after": after.pk if after else None, "before": before.pk if before else None}
    if before is None and after is None and len(rounds) >= 2:
        initial = {"after": rounds[0].pk, "before": rounds[1].pk}
    form = CompareForm(initial=initial, rounds=rounds)
    ctx = {
        "client": client,
        "form": form,
        "comparison": comparison,
        "chart": chart,
        "rounds_with_results": with_results,
        "same_round": same_round,
        "team_score_label": selectors.TEAM_SCORE_LABEL,
    }
    return render(request, "consulting/round_compare.html", ctx)


def _client_round(client, raw):
    """A round of this client from a query-string id; anything else is a 404."""
    if raw in (None, ""):
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404("No such round.") from None
    return get_object_or_404(client.rounds, pk=pk)


# --- Profile ------------------------------------------------------------------


@consultant_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    current = services.profile_get(user=request.user)
    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name, "firm": current.firm}
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("consulting:profile")
    ctx = {"form": form, "display_name": current.display_name}
    return render(request, "consulting/profile.html", ctx)
