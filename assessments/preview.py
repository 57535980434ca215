""" "Preview as respondent" for admins: a question or a whole dimension step, drawn
with the real step template and form, saving nothing.

It lives here, not in stages/admin.py, because the step template and form are
the questionnaire's (stages, the model, sits below assessments and imports
nothing from it); the admin links here by URL name.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from stages.models import Dimension, Question

from . import services
from .forms import StepForm


def _render(request, *, step: services.Step, steps: list, subject: str, notes: list[str]):
    ctx = {
        "preview": True,
        "preview_subject": subject,
        "preview_notes": notes,
        "form": StepForm(questions=step.questions),
        "step": step,
        "steps": steps,
        "step_count": len(steps),
        "is_last": step.number == len(steps),
        "progress": round(100 * (step.number - 1) / len(steps)) if steps else 0,
    }
    response = render(request, "assessments/step.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


def _steps_with(step_dimension: Dimension) -> tuple[list, int]:
    """The live questionnaire's steps, and where this dimension's step sits in it (1 if not asked now)."""
    steps = services.questionnaire_steps()
    number = next((s.number for s in steps if s.dimension.pk == step_dimension.pk), 1)
    return steps, number


@require_safe
@staff_member_required
def question_preview(request, pk: int):
    if not request.user.has_perm("stages.view_question"):
        raise PermissionDenied
    question = get_object_or_404(Question.objects.select_related("dimension").prefetch_related("options"), pk=pk)
    steps, number = _steps_with(question.dimension)
    notes = []
    if not question.is_active:
        notes.append("This question is not active: respondents are not asked it.")
    if question.options.count() < 2:
        notes.append("This question has fewer than two answer options: respondents could not answer it.")
    step = services.Step(number=number, dimension=question.dimension, questions=[question])
    return _render(request, step=step, steps=steps or [step], subject=f"question “{question.code}”", notes=notes)


@require_safe
@staff_member_required
def dimension_preview(request, pk: int):
    if not request.user.has_perm("stages.view_dimension"):
        raise PermissionDenied
    active = Question.objects.filter(is_active=True).prefetch_related("options").order_by("order", "id")
    dimension = get_object_or_404(
        Dimension.objects.prefetch_related(Prefetch("questions", queryset=active, to_attr="active_questions")), pk=pk
    )
    steps, number = _steps_with(dimension)
    questions = [q for q in dimension.active_questions if len(q.options.all()) >= 2]
    notes = [] if questions else ["This dimension has no active question with options: respondents skip it."]
    step = services.Step(number=number, dimension=dimension, questions=questions)
    return _render(request, step=step, steps=steps or [step], subject=f"the “{dimension.name}” step", notes=notes)
