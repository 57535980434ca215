"""`load_model --update`: a database loaded from an earlier release gets this release's content,
keeps whatever an admin edited, and completed results keep their snapshots."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from stages.models import AnswerOption, Dimension, Question, Recommendation, RecommendationQuestion, ScoreBand, Stage

RELEASES = sorted((Path(__file__).resolve().parents[2] / "stages" / "shipped").glob("cx_model-*.json"))
FIRST_RELEASE = RELEASES[0]


@pytest.fixture
def cx_model(db):
    """Overrides the conftest fixture: the database holds the first release, as existing installations do."""
    call_command("loaddata", str(FIRST_RELEASE), verbosity=0)


def update():
    out = io.StringIO()
    call_command("load_model", "--update", stdout=out)
    return out.getvalue()


def model_state():
    """What respondents and the roadmap see: stages, active questions with options, recommendations."""
    stages = {
        s.number: (
            s.name,
            s.tagline,
            s.description,
            s.indicators,
            s.benefits,
            s.statistic,
            s.statistic_source,
            sorted(s.defining_dimensions.values_list("slug", flat=True)),
        )
        for s in Stage.objects.all()
    }
    questions = {
        q.code: (q.dimension.slug, q.text, q.help_text, q.order, list(q.options.values_list("level", "label")))
        for q in Question.objects.filter(is_active=True).select_related("dimension")
    }
    recommendations = {
        r.code: (
            r.dimension.slug,
            r.target_stage.number,
            r.title,
            r.rationale,
            r.steps,
            r.owner_role,
            r.success_measure,
            r.duration,
            r.effort,
            r.impact,
            r.order,
            r.prerequisite.code if r.prerequisite else None,
            sorted(r.addressed.values_list("question__code", "in_place_level")),
        )
        for r in Recommendation.objects.select_related("dimension", "target_stage", "prerequisite")
    }
    return {"stages": stages, "questions": questions, "recommendations": recommendations}


def fresh_state():
    for model in [RecommendationQuestion, Recommendation, AnswerOption, Question, ScoreBand, Stage, Dimension]:
        model.objects.all().delete()
    call_command("loaddata", "cx_model", verbosity=0)
    return model_state()


@pytest.mark.parametrize("release", RELEASES, ids=lambda path: path.stem)
def test_update_unedited_earlier_release_ends_equal_to_a_fresh_load(db, release):
    call_command("loaddata", str(release), verbosity=0)

    update()

    assert model_state() == fresh_state()


def test_update_admin_edits_survive_and_are_named(cx_model):
    Question.objects.filter(code="culture-1").update(text="How far does everyone see their part?")
    AnswerOption.objects.filter(question__code="data-1", level=2).update(label="We have a CRM of sorts.")
    Recommendation.objects.filter(code="data-2-crm").update(title="Roll out our chosen CRM")
    Stage.objects.filter(number=3).update(tagline="Our own tagline")

    output = update()

    assert Question.objects.get(code="culture-1").text == "How far does everyone see their part?"
    assert AnswerOption.objects.get(question__code="data-1", level=2).label == "We have a CRM of sorts."
    assert Recommendation.objects.get(code="data-2-crm").title == "Roll out our chosen CRM"
    assert Stage.objects.get(number=3).tagline == "Our own tagline"
    kept = output.split("Kept as an admin edited it (4):\n")[1].splitlines()[:4]
    assert kept == [
        "  stage 3: tagline",
        "  question data-1 option 2: label",
        "  question culture-1: text",
        "  recommendation data-2-crm: title",
    ]


def test_update_unedited_fields_of_an_edited_recommendation_still_arrive(cx_model):
    Recommendation.objects.filter(code="data-2-crm").update(title="Roll out our chosen CRM")

    update()

    crm = Recommendation.objects.get(code="data-2-crm")
    assert (crm.title, crm.owner_role, len(crm.step_list()) >= 2) == (
        "Roll out our chosen CRM",
        "Head of Customer Service",
        True,
    )


def test_update_retired_question_becomes_inactive_not_deleted(cx_model):
    update()

    assert list(Question.objects.filter(code="insight-1").values_list("is_active", flat=True)) == [False]
    assert AnswerOption.objects.filter(question__code="insight-1").count() == 5


def test_update_retired_question_an_admin_edited_stays_active(cx_model):
    Question.objects.filter(code="insight-1").update(text="How do you usually learn that something went wrong?")

    output = update()

    assert Question.objects.get(code="insight-1").is_active is True
    assert "question insight-1: retired in this release but edited, left active" in output


def test_update_retired_recommendation_an_admin_edited_is_kept(cx_model):
    Recommendation.objects.filter(code="culture-5-share-practice").update(rationale="We want the visibility.")

    update()

    assert Recommendation.objects.filter(code="culture-5-share-practice").count() == 1
    assert Recommendation.objects.filter(code="leadership-4-impact-check").count() == 0


def test_update_completed_result_keeps_its_snapshot_and_answers(make_assessment):
    assessment = make_assessment(2)
    before = (assessment.result, assessment.answers.count())

    update()

    assessment.refresh_from_db()
    assert (assessment.result, assessment.answers.count()) == before
    assert assessment.answers.filter(question__is_active=False).count() > 0  # the retired questions it answered


def test_update_second_run_changes_nothing(cx_model):
    update()
    state = model_state()

    output = update()

    assert (model_state(), output.strip().splitlines()[-1]) == (state, "Nothing to update.")


def test_update_empty_database_loads_the_model(db):
    update()

    assert (Stage.objects.count(), Question.objects.filter(is_active=True).count()) == (5, 27)
