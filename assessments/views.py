from collections.abc import Callable, Iterator, Mapping
from functools import wraps

from django.contrib import messages
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cxmaturity.limits import start_allowed
from maturity import navigation
from peers import selectors as peer_selectors
from stages.models import Question, Stage

from . import links, services, signals
from . import pdf as pdf_render
from .forms import NOT_SURE, AboutForm, RespondentForm, StepForm
from .models import Assessment

SECONDS_PER_QUESTION = 20


def private(view=None, *, referrer_policy="no-referrer"):
    """Private pages: the URL is the key, so it must not leak via referrers, caches or search engines.

    Pages holding a form use "same-origin" instead of "no-referrer": with
    no-referrer, browsers send `Origin: null` on the form's POST and Django's
    CSRF check rightly refuses it. same-origin still never tells another
    host the URL.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Referrer-Policy"] = referrer_policy
            response["Cache-Control"] = "no-store, private"
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


FORM_PAGE = "same-origin"


# Part of the results page's cache key: bump it when results.html changes, so a
# deploy does not keep serving the old markup for an hour.
RESULTS_LAYOUT = "8"


def load_assessment(token: str) -> Assessment:
    """The assessment whose private link holds this token (found by the token's hash, the only thing stored)."""
    assessment = get_object_or_404(Assessment.objects.select_related("round__client").by_token(token))
    assessment.token = token  # for the links this page shows its owner; never saved
    return assessment


class LazyMapping(Mapping):
    """A dict computed on first use (read-only). ``loaded`` is the dict itself, for json_script."""

    def __init__(self, compute: Callable[[], dict]):
        self._compute = compute
        self._value: dict | None = None

    @property
    def loaded(self) -> dict:
        if self._value is None:
            self._value = self._compute()
        return self._value

    def __getitem__(self, key):
        return self.loaded[key]

    def __iter__(self) -> Iterator:
        return iter(self.loaded)

    def __len__(self) -> int:
        return len(self.loaded)


def owns_round(request, assessment) -> bool:
    # Signed in first: an anonymous respondent's page reads no round.
    if not request.user.is_authenticated or assessment.round_id is None:
        return False
    return assessment.round.client.owner_id == request.user.pk


def round_not_accepting(assessment) -> bool:
    """Unfinished, in a round that was closed (or whose client was archived) since it started."""
    return not assessment.is_complete and assessment.round_id is not None and not assessment.round.accepts_responses


def round_closed(request, assessment):
    # 410, as the invite link answers once a round is closed: the questionnaire is gone
    # for now. The answers are not: they stay for the day the round is reopened.
    ctx = {"assessment": assessment, "round": assessment.round, "owns_round": owns_round(request, assessment)}
    return render(request, "assessments/round_closed.html", ctx, status=410)


@require_safe
def home(request):
    stages = Stage.objects.all()
    question_count = Question.objects.filter(is_active=True).count()
    ctx = {
        "stages": stages,
        "question_count": question_count,
        "minutes": max(1, round(question_count * SECONDS_PER_QUESTION / 60)),
    }
    return render(request, "assessments/home.html", ctx)


@require_POST
def start(request):
    if not start_allowed(request):
        return render(request, "assessments/rate_limited.html", status=429)
    assessment = services.assessment_start()
    return redirect("assessments:about", token=assessment.token)


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def about(request, token):
    assessment = load_assessment(token)
    if assessment.is_complete:
        return redirect("assessments:results", token=token)
    if round_not_accepting(assessment):
        return round_closed(request, assessment)
    steps = services.questionnaire_steps()
    # In a consultant's round the organisation is the client's (not the respondent's to
    # rename); what the respondent may correct is who they said they were.
    fields = RespondentForm.base_fields if assessment.round_id else AboutForm.base_fields
    initial = {name: getattr(assessment, name) for name in fields}
    if assessment.round_id:
        form = RespondentForm.for_round(assessment.round, request.POST or None, initial=initial)
    else:
        form = AboutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        Assessment.objects.filter(pk=assessment.pk, completed_at__isnull=True).update(
            **{name: value.strip() for name, value in form.cleaned_data.items()}
        )
        return redirect("assessments:step", token=token, number=1)
    ctx = {
        "assessment": assessment,
        "in_round": bool(assessment.round_id),
        "form": form,
        "step_count": len(steps),
        "resume_url": request.build_absolute_uri(reverse("assessments:resume", args=[token])),
    }
    return render(request, "assessments/about.html", ctx)


def posted_answers_differ(request, assessment) -> bool:
    """Whether a step posted to a finished assessment says anything it does not already hold.

    A double click on Finish posts the same answers twice: the second post
    lost nothing, so it needs no "not saved" message.
    """
    saved = {
        f"q_{code}": str(option or NOT_SURE)
        for code, option in assessment.answers.values_list("question__code", "option")
    }
    posted = {name: value for name, value in request.POST.items() if name.startswith("q_")}
    return any(saved.get(name) != value for name, value in posted.items())


def finished_elsewhere(request, token):
    # Two tabs: one finished while the other still had a step open. Say why the
    # answers just sent are not there instead of silently showing the result.
    messages.info(
        request,
        "This assessment was finished in another window, so the answers just sent were not saved. "
        "Here is the result it was finished with.",
    )
    return redirect("assessments:results", token=token)


def step_unavailable(request, assessment):
    """The response for a step of a finished assessment or a closed round; None when it may be answered."""
    if assessment.is_complete:
        if request.method == "POST" and posted_answers_differ(request, assessment):
            return finished_elsewhere(request, assessment.token)
        return redirect("assessments:results", token=assessment.token)
    if round_not_accepting(assessment):
        return round_closed(request, assessment)
    return None


def current_step(request, steps: list, number: int):
    if not 1 <= number <= len(steps):
        raise Http404("No such step.")
    if request.method == "POST":
        slugs = [s.dimension.slug for s in steps]
        number = navigation.moved_step(number=number, slugs=slugs, posted=request.POST.get("dimension"))
    return steps[number - 1]


def move_url(token, move: navigation.Move) -> str:
    if move.to == navigation.ABOUT:
        return reverse("assessments:about", args=[token])
    return reverse("assessments:step", args=[token, move.number])


def saved_initial(assessment, current) -> dict:
    """The step's form as last saved: each answer (or "Not sure") and, when facilitated, its note."""
    saved = {a.question_id: a for a in assessment.answers.all()}
    initial = {}
    for question in current.questions:
        answer = saved.get(question.pk)
        if answer is not None:
            initial[StepForm.field_name(question)] = str(answer.option_id) if answer.option_id else NOT_SURE
            if assessment.facilitated:
                initial[StepForm.note_name(question)] = answer.note
    return initial


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def step(request, token, number):
    assessment = load_assessment(token)
    unavailable = step_unavailable(request, assessment)
    if unavailable is not None:
        return unavailable
    steps = services.questionnaire_steps()
    current = current_step(request, steps, number)
    if request.method == "POST":
        return step_post(request, assessment, steps, current)
    form = StepForm(
        initial=saved_initial(assessment, current), questions=current.questions, with_notes=assessment.facilitated
    )
    return render_step(request, assessment, steps, current, form)


def step_post(request, assessment, steps, current):
    """Save what was posted (even with gaps), then move as the button asks, or show the step again."""
    form = StepForm(request.POST, questions=current.questions, with_notes=assessment.facilitated)
    form.is_valid()  # field errors are reported; valid answers are still saved
    move = navigation.step_move(
        number=current.number,
        step_count=len(steps),
        action=request.POST.get("action", "next"),
        goto=request.POST.get("goto", ""),
    )
    finishing = move.to == navigation.FINISH
    # Finish saves this step's answers itself, in the transaction that completes the assessment
    # (two tabs finishing at once). Answers are never removed, so those saved before count here.
    if finishing and form.require_all(set(assessment.answers.values_list("question_id", flat=True))):
        return finish(request, assessment, steps, form)
    try:
        services.answers_save(assessment=assessment, choices=form.answered(), notes=form.notes())
    except services.AssessmentClosed:
        return finished_elsewhere(request, assessment.token)
    except services.RoundNotAccepting:  # closed while this page was open
        return round_closed(request, assessment)
    saved_ids = set(assessment.answers.values_list("question_id", flat=True))
    # Backwards never asks for missing answers, but it must not drop a note it could not save.
    if not move.needs_answers and form.keep_unsaved_notes(saved_ids):
        return redirect(move_url(assessment.token, move))
    # (Finishing with answers missing was flagged above: its answers are saved, the step shown again.)
    if move.needs_answers and not finishing and form.require_all(saved_ids):
        return redirect(move_url(assessment.token, move))
    # An answer that was never offered (a tampered post) is a bad request; a missing one is not.
    status = 400 if any(form.has_error(name, "invalid_choice") for name in form.errors) else 200
    return render_step(request, assessment, steps, current, form, status=status)


def finish(request, assessment, steps, form):
    try:
        finished = services.assessment_finish(
            assessment=assessment, steps=steps, choices=form.answered(), notes=form.notes()
        )
    except services.AssessmentClosed:
        # Another tab finished first; this one's answers were not saved. Same answers (a double
        # click): nothing lost, the result is all there is to say.
        if posted_answers_differ(request, assessment):
            return finished_elsewhere(request, assessment.token)
        return redirect("assessments:results", token=assessment.token)
    except services.NotReady as not_ready:
        messages.error(request, not_ready.message)
        if not_ready.step_number is None:
            return redirect("assessments:resume", token=assessment.token)
        return redirect("assessments:step", token=assessment.token, number=not_ready.step_number)
    except services.RoundNotAccepting:  # closed while this page was open
        return round_closed(request, assessment)
    if finished:  # this request completed it (not another tab): the PDF is pre-rendered in the background
        site_url = request.build_absolute_uri(reverse("home"))
        signals.assessment_completed.send(sender=Assessment, assessment=assessment, site_url=site_url)
    return redirect("assessments:results", token=assessment.token)


def render_step(request, assessment, steps, current, form, *, status=200):
    number = current.number
    ctx = {
        "assessment": assessment,
        "form": form,
        "step": current,
        "steps": steps,
        "step_count": len(steps),
        "is_last": number == len(steps),
        "progress": round(100 * (number - 1) / len(steps)),
        "resume_url": request.build_absolute_uri(reverse("assessments:resume", args=[assessment.token])),
    }
    return render(request, "assessments/step.html", ctx, status=status)


@private
@require_safe
def resume(request, token):
    assessment = load_assessment(token)
    if assessment.is_complete:
        return redirect("assessments:results", token=token)
    if round_not_accepting(assessment):
        return round_closed(request, assessment)
    if not assessment.answers.exists():
        return redirect("assessments:about", token=token)
    steps = services.questionnaire_steps()
    missing = services.unanswered_steps(assessment, steps)
    number = missing[0].number if missing else len(steps)
    messages.info(request, "Welcome back — your answers so far are saved.")
    return redirect("assessments:step", token=token, number=number)


@private
@require_safe
def results(request, token):
    # The page's content is a cached fragment (results.html), so a view reads
    # only what sits outside it: the stage for the title. The frozen result
    # itself (~75 KB of JSON) is loaded only when the fragment must be rendered,
    # which the lazy values below leave to the template: each is computed the
    # first time the template reaches it, and not at all on a cached fragment.
    assessment = get_object_or_404(
        Assessment.objects.defer("result")
        .annotate(stage_number=KT("result__stage__number"), stage_name=KT("result__stage__name"))
        .by_token(token)
    )
    assessment.token = token  # for the links this page shows its owner; never saved
    if not assessment.is_complete:
        return redirect("assessments:resume", token=token)

    def result():
        return assessment.snapshot  # one query the first time (deferred), then the loaded value

    ctx = {
        "assessment": assessment,
        # Relative ("../roadmap.pdf"): the page's cached markup must not hold the private token.
        "pdf_href": links.from_results(token, "assessments:pdf"),
        "delete_href": links.from_results(token, "assessments:delete"),
        "layout": RESULTS_LAYOUT,
        "round": assessment.round if owns_round(request, assessment) else None,
        "result": SimpleLazyObject(result),
        "roadmap": LazyMapping(lambda: result().roadmap),
        "chart": LazyMapping(lambda: services.chart_figure(result())),
        "dimension_names": LazyMapping(lambda: result().dimension_names),
        "scores": LazyMapping(lambda: result().scores),
    }
    return render(request, "assessments/results.html", ctx)


@private
@require_safe
def pdf(request, token):
    assessment = load_assessment(token)
    if not assessment.is_complete:
        return redirect("assessments:resume", token=token)
    # allow_unicode: an Arabic or Greek name stays in the file name (sent RFC 6266-encoded).
    name = slugify(assessment.organisation_name, allow_unicode=True)[:60] or assessment.completed_at.strftime(
        "%Y-%m-%d"
    )
    return pdf_render.download_response(
        request,
        kind="assessment",
        ident=str(assessment.pk),  # as pdf.assessment_cache_key: the worker pre-renders under the same key
        payload=assessment.result,  # the stored JSON: the key the worker pre-renders under
        context=lambda: {
            **pdf_render.roadmap_context(
                result=assessment.snapshot,  # decoded only on a cache miss
                organisation=assessment.organisation_name,
                date=assessment.completed_at,
                # The PDF gets shared: it links to the public site, never to the private results.
                site_url=request.build_absolute_uri(reverse("home")),
            ),
            "peers": peer_selectors.assessment_section(assessment=assessment),  # figures as of the render
        },
        filename=f"cx-roadmap-{name}.pdf",
    )


@private(referrer_policy=FORM_PAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    assessment = load_assessment(token)
    if request.method == "POST":
        # Every cached rendering of it goes too (assessments/signals.py): deleted means gone.
        assessment.delete()
        messages.success(request, "Your assessment and all its answers have been deleted.")
        return redirect("home")
    return render(request, "assessments/delete.html", {"assessment": assessment})


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; point them at the hashed file.
    from django.templatetags.static import static

    return redirect(static("favicon.ico"), permanent=True)
