"""Completed results never change when admins edit or delete the model."""

import pytest
from django.db.models import ProtectedError

from assessments import services
from stages.models import AnswerOption, Question, Recommendation, ScoreBand, Stage


def test_completed_result_survives_model_edits(make_assessment):
    assessment = make_assessment({"data": 1}, default=3)
    before = assessment.result

    Stage.objects.filter(number=2).update(name="Renamed", description="Changed")
    ScoreBand.objects.filter(stage__number=3).update(min_score="2.00")
    AnswerOption.objects.filter(level=1).update(label="Edited label")
    Question.objects.update(text="Edited question?")
    Recommendation.objects.filter(target_stage__number=3).delete()
    assessment.refresh_from_db()

    assert assessment.result == before


def test_completed_results_page_unchanged_after_model_edits(client, make_assessment):
    assessment = make_assessment({"data": 1}, default=3)
    url = f"/a/{assessment.token}/results/"
    before = client.get(url).content

    Stage.objects.filter(number=2).update(name="Renamed")
    Recommendation.objects.update(title="Changed title")

    assert client.get(url).content == before


def test_answered_option_cannot_be_deleted(make_assessment):
    assessment = make_assessment(3)
    option = assessment.answers.first().option

    with pytest.raises(ProtectedError):
        option.delete()


def test_answered_question_cannot_be_deleted(make_assessment):
    assessment = make_assessment(3)
    question = assessment.answers.first().question

    with pytest.raises(ProtectedError):
        question.delete()


def test_new_assessment_uses_edited_model(make_assessment):
    ScoreBand.objects.filter(stage__number=3).update(min_score="2.40")
    Stage.objects.filter(number=3).update(name="Joined Up")

    assessment = make_assessment(3)

    assert assessment.result["stage"]["name"] == "Joined Up"


def test_complete_twice_keeps_first_result(make_assessment):
    assessment = make_assessment(3)
    first = assessment.result

    again = services.assessment_complete(assessment=assessment)

    assessment.refresh_from_db()
    assert (again, assessment.result) == (False, first)


def test_stage_five_with_client_targets_charts_the_sustain_level(make_assessment, django_user_model):
    import datetime

    from consulting.models import Client, ClientTarget, Round
    from stages.models import Dimension

    owner = django_user_model.objects.create_user("c1", password="x-long-password-1")
    client = Client.objects.create(owner=owner, name="Acme")
    ClientTarget.objects.create(client=client, dimension=Dimension.objects.get(slug="data"), level=3)
    round_ = Round.objects.create(client=client, title="R1", opened_on=datetime.date(2026, 1, 1))

    assessment = make_assessment(5, round=round_)

    _name, values = assessment.result["chart"]["series"][1]
    assert (assessment.result["roadmap"]["mode"], values) == ("sustain", [5] * 6)
