"""Writes and reads that touch several models: starting, answering, completing.

Views call these; they hold the rules about what may change when.
"""

import logging
from dataclasses import asdict, dataclass, replace

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from maturity import charts, roadmap, scoring
from maturity import result as frozen
from maturity.result import Result
from stages.models import Dimension, Question, Recommendation, RecommendationQuestion, Stage

from .models import Answer, Assessment

logger = logging.getLogger(__name__)


class AssessmentClosed(Exception):
    """The assessment is completed; its answers can no longer change."""


class RoundNotAccepting(Exception):
    """The assessment belongs to a round that was closed (or whose client was archived) before it was finished.

    Its answers are kept, but they can neither change nor count until the
    consultant reopens the round: a closed round's team result must not move
    under a consultant who has already presented it.
    """


class IncompleteAnswers(ValueError):
    """A dimension has no scored answer yet, so no placement can be given."""


class NotReady(Exception):
    """The assessment cannot be finished yet; `message` says why to the respondent.

    `step_number` is the step to go back to, or None when the questionnaire
    itself changed under the respondent (resume finds the first open step).
    """

    def __init__(self, message: str, *, step_number: int | None = None):
        super().__init__(message)
        self.message = message
        self.step_number = step_number


@dataclass(frozen=True)
class Step:
    number: int  # 1-based
    dimension: Dimension
    questions: list  # Question objects with .options_list prefetched


def questionnaire_steps() -> list[Step]:
    """The current questionnaire: one step per dimension with active questions (3 queries)."""
    questions = Question.objects.filter(is_active=True).prefetch_related("options").order_by("order", "id")
    dimensions = Dimension.objects.prefetch_related(
        Prefetch("questions", queryset=questions, to_attr="active_questions")
    )
    steps = []
    for dimension in dimensions:
        # A question saved without options cannot be answered (admin refuses to
        # activate one; this keeps respondents moving if one slips through).
        askable = [q for q in dimension.active_questions if q.options.all()]
        if askable:
            steps.append(Step(number=len(steps) + 1, dimension=dimension, questions=askable))
    return steps


def assessment_start(
    *,
    organisation_name: str = "",
    respondent_role: str = "",
    round=None,
    respondent_name: str = "",
    respondent_number: int | None = None,
    department: str = "",
    facilitated: bool = False,
) -> Assessment:
    return Assessment.objects.create(
        organisation_name=organisation_name.strip(),
        respondent_role=respondent_role.strip(),
        round=round,
        respondent_name=respondent_name.strip(),
        respondent_number=respondent_number,
        department=department.strip(),
        facilitated=facilitated,
    )


def answers_save(*, assessment: Assessment, choices: dict, notes: dict | None = None) -> None:
    """Save answers for several questions: choices maps Question -> AnswerOption or None (not sure).

    Each answer is an upsert on (assessment, question), so two tabs saving the
    same step never create duplicates, and a later save simply wins.
    """
    notes = notes or {}
    with transaction.atomic():
        # Lock the row: completion in another request waits for us, and we see its result.
        locked = (
            Assessment.objects.select_for_update(of=("self",)).select_related("round__client").get(pk=assessment.pk)
        )
        if locked.completed_at is not None:
            raise AssessmentClosed()
        # Read, not locked: a save racing a close may land just after it. That is
        # harmless (unfinished answers count nowhere until they are finished, which
        # assessment_complete checks under the round's lock), and locking here would
        # make everyone answering in a round wait on each other's saves.
        if locked.round_id and not locked.round.accepts_responses:
            raise RoundNotAccepting()
        for question, option in choices.items():
            defaults = {"option": option}
            if question in notes:
                defaults["note"] = notes[question]
            try:
                with transaction.atomic():
                    Answer.objects.update_or_create(assessment=locked, question=question, defaults=defaults)
            except IntegrityError:
                # Lost an insert race with another tab: the row exists now; update it.
                Answer.objects.filter(assessment=locked, question=question).update(**defaults)
        for question, note in notes.items():
            if question not in choices:
                # A note edited without re-sending its answer: keep the answer saved before.
                Answer.objects.filter(assessment=locked, question=question).update(note=note)
        Assessment.objects.filter(pk=locked.pk).update(updated_at=timezone.now())


@dataclass(frozen=True)
class DimensionInfo:
    """What scoring and display need of a dimension, as plain data (so it can be frozen)."""

    slug: str
    name: str
    short_name: str


def model_inputs():
    """The maturity model as plain data for the pure scoring and roadmap code (6 queries)."""
    # Only dimensions that are asked about (as questionnaire_steps decides: an active
    # question with options); one never asked could never be answered, and finishing would wait for it.
    dimension_rows = list(
        Dimension.objects.filter(questions__is_active=True, questions__options__isnull=False).distinct()
    )
    dimensions = [DimensionInfo(slug=d.slug, name=d.name, short_name=d.short_name) for d in dimension_rows]
    stages = list(Stage.objects.select_related("band").prefetch_related("defining_dimensions"))
    slugs = {d.pk: d.slug for d in dimension_rows}
    recs = [
        r
        for r in Recommendation.objects.select_related("target_stage", "prerequisite").prefetch_related(
            Prefetch("addressed", queryset=RecommendationQuestion.objects.select_related("question").order_by("id"))
        )
        if r.dimension_id in slugs  # actions for a dimension nobody is asked about cannot be a gap
    ]
    specs = [scoring.DimensionSpec(key=d.slug, name=d.name, weight=float(d.weight)) for d in dimension_rows]
    profiles = [stage_profile(s) for s in stages]
    rec_specs = [recommendation_spec(r, dimension_slug=slugs[r.dimension_id]) for r in recs]
    defining = {s.number: [d.slug for d in s.defining_dimensions.all() if d.pk in slugs] for s in stages}
    return {
        "dimensions": dimensions,
        "specs": specs,
        "bands": usable_bands(stages),
        "profiles": profiles,
        "recommendations": rec_specs,
        "defining": {stage: keys for stage, keys in defining.items() if keys},
    }


def usable_bands(stages) -> list[scoring.Band]:
    """The stages' score bands; the contract's default bands, with a warning, when they break it."""
    bands = [
        scoring.Band(stage=s.number, min_score=float(s.band.min_score))
        for s in stages
        if getattr(s, "band", None) is not None
    ]
    problems = scoring.validate_bands(bands)
    if problems:
        # A half-edited set of bands must not mis-place anyone: fall back to the contract's bands,
        # and say so, or an admin's edit silently does nothing.
        logger.warning("Score bands unusable, placing with the default bands instead: %s", " ".join(problems))
        bands = list(scoring.DEFAULT_BANDS)
    return bands


def recommendation_spec(r: Recommendation, *, dimension_slug: str) -> roadmap.RecommendationSpec:
    """A Recommendation row (target stage, prerequisite and addressed questions loaded) as plain data."""
    return roadmap.RecommendationSpec(
        code=r.code,
        dimension=dimension_slug,
        target_stage=r.target_stage.number,
        title=r.title,
        rationale=r.rationale,
        effort=r.effort,
        impact=r.impact,
        order=r.order,
        prerequisite=r.prerequisite.code if r.prerequisite else None,
        steps=tuple(r.step_list()),
        owner_role=r.owner_role,
        success_measure=r.success_measure,
        duration=r.duration,
        # Only questions still asked: an inactive one has no answer to read.
        addresses=tuple((m.question.code, m.in_place_level) for m in r.addressed.all() if m.question.is_active),
    )


# model_inputs() as JSON and back: a round's team result is scored against the
# model as it was when that result was first shown (consulting.services), so
# that editing the model in admin never changes a result already given.
_INPUT_TYPES = {
    "dimensions": DimensionInfo,
    "specs": scoring.DimensionSpec,
    "bands": scoring.Band,
    "profiles": roadmap.StageProfile,
    "recommendations": roadmap.RecommendationSpec,
}


def model_inputs_to_json(inputs: dict) -> dict:
    data = {name: [asdict(item) for item in inputs[name]] for name in _INPUT_TYPES}
    # JSON object keys are strings: stage numbers travel as "3".
    data["defining"] = {str(stage): list(keys) for stage, keys in inputs.get("defining", {}).items()}
    return data


def model_inputs_from_json(data: dict) -> dict:
    """Inputs frozen by any version: fields added since (a recommendation's addressed
    questions, stage-defining dimensions) read as absent, so an older round's
    placement is what it was."""
    inputs: dict = {}
    for name, kind in _INPUT_TYPES.items():
        # JSON has lists where the dataclasses hold tuples (a profile's indicators).
        inputs[name] = [
            kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}) for item in data[name]
        ]
    inputs["defining"] = {int(stage): list(keys) for stage, keys in data.get("defining", {}).items()}
    return inputs


def stage_profile(stage: Stage) -> roadmap.StageProfile:
    return roadmap.StageProfile(
        number=stage.number,
        name=stage.name,
        alt_name=stage.alt_name,
        tagline=stage.tagline,
        description=stage.description,
        indicators=tuple(stage.indicator_list),
        benefits=tuple(stage.benefit_list),
        statistic=stage.statistic,
    )


def answered_questions(answers) -> list[scoring.AnsweredQuestion]:
    """Answer rows (with question, dimension and option loaded) as plain data."""
    return [
        scoring.AnsweredQuestion(
            dimension=a.question.dimension.slug,
            question=a.question.code,
            text=a.question.text,
            level=a.option.level if a.option else None,
            label=a.option.label if a.option else "Not sure",
            note=a.note,
        )
        for a in answers
    ]


def result_build(*, answers: list, inputs: dict, targets: dict | None = None, keep_answers: bool = True) -> Result:
    """Score answers (plain AnsweredQuestion data) against frozen model inputs: the result as it would be frozen."""
    return frozen.build(
        answers=answers,
        specs=inputs["specs"],
        bands=inputs["bands"],
        recommendations=inputs["recommendations"],
        profiles=inputs["profiles"],
        short_names={d.slug: d.short_name for d in inputs["dimensions"]},
        defining=inputs.get("defining") or {},
        targets=targets,
        keep_answers=keep_answers,
    )


def assessment_answers(assessment: Assessment) -> list:
    return list(
        assessment.answers.select_related("question__dimension", "option").order_by(
            "question__dimension__order", "question__order", "question__id"
        )
    )


def unanswered_steps(assessment: Assessment, steps: list[Step]) -> list[Step]:
    answered = set(assessment.answers.values_list("question_id", flat=True))
    return [s for s in steps if any(q.pk not in answered for q in s.questions)]


def unscorable_steps(assessment: Assessment, steps: list[Step]) -> list[Step]:
    """Steps answered entirely with "Not sure": the scoring cannot place a dimension without a level."""
    scored = set(assessment.answers.filter(option__isnull=False).values_list("question_id", flat=True))
    return [s for s in steps if not any(q.pk in scored for q in s.questions)]


def assessment_complete(*, assessment: Assessment) -> bool:
    """Freeze the result. Returns True if this call completed it, False if it was already complete.

    Two tabs may finish at once: the row lock plus the conditional update make
    sure exactly one of them writes the result.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.completed_at is not None:
            return False
        answers = answered_questions(assessment_answers(locked))
        inputs = model_inputs()
        targets = None
        if locked.round_id:
            targets = dict(locked.round.client.targets.values_list("dimension__slug", "level")) or None
        result = result_build(answers=answers, inputs=inputs, targets=targets)
        if not result.complete:
            raise IncompleteAnswers("Cannot complete an assessment with a dimension left unanswered.")
        if locked.round_id:
            # Locked only now, after the scoring, so that people finishing together
            # wait on each other for a write, not a scoring. A consultant closing the
            # round waits for this finish, or this finish sees the round closed:
            # never a completion after the close. (Nothing holds a round's lock and
            # then waits for an assessment's, so this order cannot deadlock.)
            round_model = Assessment._meta.get_field("round").related_model
            locked_round = (
                round_model.objects.select_for_update(of=("self",)).select_related("client").get(pk=locked.round_id)
            )
            if not locked_round.accepts_responses:
                raise RoundNotAccepting()
        now = timezone.now()
        result = replace(
            result,
            organisation_name=locked.organisation_name,
            respondent_role=locked.respondent_role,
            completed_at=now.isoformat(),
        )
        updated = Assessment.objects.filter(pk=locked.pk, completed_at__isnull=True).update(
            completed_at=now, result=result.to_json(), updated_at=now
        )
        return updated == 1


def assessment_finish(
    *, assessment: Assessment, steps: list[Step] | None = None, choices: dict | None = None, notes: dict | None = None
) -> bool:
    """Finish the questionnaire: save the last step's answers, check every step can be scored, freeze the result.

    The save, the checks and the completion are one transaction under the
    assessment's row lock, so two tabs pressing Finish at once cannot
    interleave: the first saves its answers and completes with them; the
    second then finds it complete and raises AssessmentClosed before saving
    anything (its caller tells that tab, if its answers differed, that they
    were not saved). `choices` and `notes` are as for answers_save.

    Raises NotReady (a question unanswered, a dimension answered only "Not
    sure", the model changed meanwhile; the answers just given are saved),
    RoundNotAccepting (the round closed) or AssessmentClosed. Returns True:
    this call completed the assessment.
    """
    steps = questionnaire_steps() if steps is None else steps
    refusal: NotReady | RoundNotAccepting
    with transaction.atomic():
        # Takes the row lock (held to the end of this transaction) and refuses a completed assessment.
        answers_save(assessment=assessment, choices=choices or {}, notes=notes)
        missing = unanswered_steps(assessment, steps)
        unscorable = [] if missing else unscorable_steps(assessment, steps)
        if missing:
            name = missing[0].dimension.name
            refusal = NotReady(f"A few questions in “{name}” still need an answer.", step_number=missing[0].number)
        elif unscorable:
            # Reported, never guessed: without one real answer a dimension has no score.
            refusal = NotReady(
                f"Every answer in “{unscorable[0].dimension.name}” is “Not sure”. Pick the closest "
                "description for at least one question so we can place you.",
                step_number=unscorable[0].number,
            )
        else:
            try:
                return assessment_complete(assessment=assessment)
            except IncompleteAnswers:
                # The model changed under the respondent (a question was added): ask for the rest.
                refusal = NotReady("A few questions still need an answer.")
            except RoundNotAccepting as closed:
                # Closed since the save looked: the answers stay (unfinished, they count nowhere).
                refusal = closed
    # Raised outside the transaction, so that the answers just saved are kept.
    raise refusal


def chart_figure(result: Result) -> dict:
    chart = result.chart
    return charts.radar_figure(
        labels=list(chart.labels), series=[(name, list(values)) for name, values in chart.series]
    )


def chart_html(result: Result, *, title: str = "", description: str = "") -> str:
    """The PDF's radar chart (SVG shapes with HTML labels) from a frozen or team result."""
    chart = result.chart
    return charts.radar_html(
        labels=list(chart.labels),
        series=[(name, list(values)) for name, values in chart.series],
        title=title,
        description=description,
    )
