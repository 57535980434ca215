"""Export and import of the whole model from admin: round trip, dry-run check, refusals that change nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stages import model_io
from stages.models import AnswerOption, Question, Recommendation, RecommendationQuestion, ScoreBand, Stage


@pytest.fixture
def admin_client(client, django_user_model, cx_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


def edited(data: str, model: str, match: dict, **changes) -> str:
    """The export with `changes` applied to the fields of the first `model` object whose fields include `match`."""
    objects = json.loads(data)
    target = next(o for o in objects if o["model"] == model and match.items() <= o["fields"].items())
    target["fields"].update(changes)
    return json.dumps(objects)


def upload(client, text: str):
    file = SimpleUploadedFile("model.json", text.encode(), content_type="application/json")
    return client.post(reverse("admin:stages_model_import"), {"action": "check", "file": file})


def test_model_export_then_import_round_trips_to_an_identical_model(cx_model):
    exported = model_io.model_export()
    Question.objects.filter(code=Question.objects.order_by("pk").first().code).update(text="Edited meanwhile")
    ScoreBand.objects.filter(stage__number=5).update(min_score="4.40")

    report = model_io.model_import(exported)

    assert model_io.model_export() == exported
    first = Question.objects.order_by("pk").first()
    assert sorted(report.changed) == sorted([f"Question “{first.code}”", "Score band “5”"])


def test_model_export_is_the_fixture_shape_with_every_model(cx_model):
    objects = json.loads(model_io.model_export())

    counts = {model._meta.label_lower: model.objects.count() for model in model_io.MODELS}
    assert {label: sum(o["model"] == label for o in objects) for label in counts} == counts
    assert all("pk" not in o for o in objects)


def test_model_import_into_an_empty_database_recreates_the_model(cx_model):
    exported = model_io.model_export()
    RecommendationQuestion.objects.all().delete()
    Recommendation.objects.all().delete()
    AnswerOption.objects.all().delete()

    model_io.model_import(exported)

    assert model_io.model_export() == exported


def test_model_check_reports_changes_and_saves_nothing(cx_model):
    question = Question.objects.order_by("pk").first()
    data = edited(model_io.model_export(), "stages.question", {"code": question.code}, text="A sharper question?")

    report = model_io.model_check(data)

    assert report.changed == [f"Question “{question.code}”"]
    assert report.created == []
    assert Question.objects.get(pk=question.pk).text == question.text


def test_model_check_refuses_bands_that_break_the_contract(cx_model):
    before = model_io.model_export()
    data = edited(before, "stages.scoreband", {"stage": [3]}, min_score="1.20")

    with pytest.raises(model_io.ModelImportError) as caught:
        model_io.model_import(data)

    assert all(p.startswith("Score bands: ") for p in caught.value.problems)
    assert caught.value.problems != []
    assert model_io.model_export() == before


def test_model_import_refuses_a_prerequisite_loop_and_changes_nothing(cx_model):
    first, second = Recommendation.objects.filter(target_stage__number=2).order_by("pk")[:2]
    before = model_io.model_export()
    data = edited(before, "stages.recommendation", {"code": first.code}, prerequisite=[second.code])
    data = edited(data, "stages.recommendation", {"code": second.code}, prerequisite=[first.code])

    with pytest.raises(model_io.ModelImportError) as caught:
        model_io.model_import(data)

    looped = sorted([first.code, second.code])
    assert [p for p in caught.value.problems if "loop" in p] == [
        f"Recommendation “{code}”: its prerequisites go round in a loop." for code in looped
    ]
    assert model_io.model_export() == before


def test_model_import_refuses_an_invalid_value_and_changes_nothing(cx_model):
    recommendation = Recommendation.objects.order_by("pk").first()
    before = model_io.model_export()
    data = edited(before, "stages.recommendation", {"code": recommendation.code}, effort="hgih", title="Changed")

    with pytest.raises(model_io.ModelImportError) as caught:
        model_io.model_import(data)

    assert caught.value.problems == [
        f"Recommendation “{recommendation.code}”: effort: Value 'hgih' is not a valid choice."
    ]
    assert model_io.model_export() == before


@pytest.mark.parametrize(
    "text",
    ["not json", "{}", '[{"model": "auth.user", "fields": {"username": "x"}}]', '[{"model": "stages.stage"}]', "[1]"],
    ids=["garbage", "object", "foreign-model", "no-fields", "number"],
)
def test_model_import_refuses_a_file_that_is_not_a_model(cx_model, text):
    before = model_io.model_export()

    with pytest.raises(model_io.ModelImportError) as caught:
        model_io.model_check(text)

    assert len(caught.value.problems) == 1
    assert model_io.model_export() == before


def test_admin_import_checks_then_applies_an_uploaded_file(admin_client):
    stage = Stage.objects.get(number=3)
    data = edited(
        model_io.model_export(), "stages.stage", {"number": 3}, tagline="Teams share one view of the customer."
    )

    checked = upload(admin_client, data)
    assert checked.status_code == 200
    assert checked.context["report"].changed == [f"Stage “{stage.number}”"]
    assert Stage.objects.get(number=3).tagline == stage.tagline

    applied = admin_client.post(reverse("admin:stages_model_import"), {"action": "apply"})

    assert applied.status_code == 302
    assert Stage.objects.get(number=3).tagline == "Teams share one view of the customer."


def test_admin_import_bad_file_answers_400_with_reasons_and_changes_nothing(admin_client):
    before = model_io.model_export()
    data = edited(before, "stages.scoreband", {"stage": [2]}, min_score="4.90")

    response = upload(admin_client, data)

    assert response.status_code == 400
    assert response.context["problems"] != []
    assert "The file can't be imported; nothing was changed" in response.content.decode()
    assert admin_client.post(reverse("admin:stages_model_import"), {"action": "apply"}).status_code == 302
    assert model_io.model_export() == before


def test_admin_import_non_utf8_file_is_a_form_error(admin_client):
    file = SimpleUploadedFile("model.json", "é".encode("latin-1"), content_type="application/json")

    response = admin_client.post(reverse("admin:stages_model_import"), {"action": "check", "file": file})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "This file is not UTF-8 text: export the model again and edit it as text."
    ]


def test_admin_export_downloads_the_model(admin_client):
    response = admin_client.get(reverse("admin:stages_model_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cx-model-')
    assert response.content.decode() == model_io.model_export()


def test_admin_export_and_import_need_staff_with_permissions(client, django_user_model, cx_model):
    staff = django_user_model.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:stages_model_export")).status_code == 403
    assert client.get(reverse("admin:stages_model_import")).status_code == 403


def test_admin_export_anonymous_goes_to_admin_login(client, cx_model):
    response = client.get(reverse("admin:stages_model_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
