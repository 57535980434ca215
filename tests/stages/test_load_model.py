from django.core.management import call_command

from stages.models import AnswerOption, Dimension, Question, Recommendation, ScoreBand, Stage

MODELS = [Stage, ScoreBand, Dimension, Question, AnswerOption, Recommendation]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_load_model_empty_database_loads_everything(db):
    call_command("load_model", verbosity=0)

    assert counts()["Stage"] == 5
    assert counts()["ScoreBand"] == 5


def test_load_model_twice_changes_nothing(db):
    call_command("load_model", verbosity=0)
    before = counts()

    call_command("load_model", verbosity=0)

    assert counts() == before


def test_load_model_admin_edit_survives_restart(db):
    call_command("load_model", verbosity=0)
    question = Question.objects.order_by("id").first()
    question.text = "Edited by an admin?"
    question.save()
    stage = Stage.objects.get(number=3)
    stage.tagline = "Our own tagline"
    stage.save()

    call_command("load_model", verbosity=0)  # what `make run` does on every start

    question.refresh_from_db()
    stage.refresh_from_db()
    assert (question.text, stage.tagline) == ("Edited by an admin?", "Our own tagline")
