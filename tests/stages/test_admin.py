import pytest
from django.urls import reverse

from stages.models import AnswerOption, Dimension, Question, Recommendation, ScoreBand, Stage

MODELS = [Stage, ScoreBand, Dimension, Question, AnswerOption, Recommendation]


@pytest.fixture
def superuser_client(client, django_user_model, cx_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_superuser_gets_200(superuser_client, model):
    url = reverse(f"admin:stages_{model._meta.model_name}_changelist")

    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "customer"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_change_page_superuser_gets_200(superuser_client, model):
    obj = model.objects.order_by("pk").first()
    url = reverse(f"admin:stages_{model._meta.model_name}_change", args=[obj.pk])

    assert superuser_client.get(url).status_code == 200


def test_admin_question_change_shows_five_option_inlines(superuser_client):
    question = Question.objects.order_by("pk").first()

    response = superuser_client.get(reverse("admin:stages_question_change", args=[question.pk]))

    assert response.context["inline_admin_formsets"][0].formset.total_form_count() == 5


def test_admin_question_edit_saves(superuser_client):
    question = Question.objects.order_by("pk").first()
    url = reverse("admin:stages_question_change", args=[question.pk])
    response = superuser_client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["dimension"] = question.dimension_id
    data["text"] = "A clearer question?"
    formset = response.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-TOTAL_FORMS": 5, f"{formset.prefix}-INITIAL_FORMS": 5})
    for i, option in enumerate(question.options.order_by("level")):
        data.update({
            f"{formset.prefix}-{i}-id": option.pk,
            f"{formset.prefix}-{i}-question": question.pk,
            f"{formset.prefix}-{i}-level": option.level,
            f"{formset.prefix}-{i}-label": option.label,
        })
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}

    response = superuser_client.post(url, data)

    question.refresh_from_db()
    assert (response.status_code, question.text) == (302, "A clearer question?")


def test_recommendation_prerequisite_loop_is_refused(cx_model):
    from django.core.exceptions import ValidationError

    first, second = Recommendation.objects.filter(target_stage__number=3).order_by("pk")[:2]
    second.prerequisite = first
    second.save()
    first.prerequisite = second

    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()

    assert excinfo.value.message_dict == {"prerequisite": ["This would make the action depend on itself."]}


def test_admin_band_edit_breaking_the_contract_is_refused(superuser_client):
    band = ScoreBand.objects.get(stage__number=3)
    url = reverse("admin:stages_scoreband_change", args=[band.pk])

    response = superuser_client.post(url, {"min_score": "1.20"})

    band.refresh_from_db()
    assert (response.status_code, str(band.min_score)) == (200, "2.50")
    assert list(response.context["adminform"].form.non_field_errors()) == [
        "Stage 3's minimum score (1.2) must be above stage 2's (1.5)."
    ]


def test_admin_band_edit_within_contract_saves(superuser_client):
    band = ScoreBand.objects.get(stage__number=3)

    response = superuser_client.post(reverse("admin:stages_scoreband_change", args=[band.pk]), {"min_score": "2.40"})

    band.refresh_from_db()
    assert (response.status_code, str(band.min_score)) == (302, "2.40")


def test_admin_bands_list_edit_checked_as_a_set(superuser_client):
    bands = list(ScoreBand.objects.select_related("stage").order_by("stage__number"))
    data = {"form-TOTAL_FORMS": 5, "form-INITIAL_FORMS": 5, "_save": "Save"}
    for i, band in enumerate(bands):
        data[f"form-{i}-id"] = band.pk
        data[f"form-{i}-min_score"] = {4: "2.00"}.get(band.stage.number, str(band.min_score))

    response = superuser_client.post(reverse("admin:stages_scoreband_changelist"), data)

    assert response.status_code == 200
    assert str(ScoreBand.objects.get(stage__number=4).min_score) == "3.50"


@pytest.mark.parametrize("model", [Stage, ScoreBand], ids=lambda m: m.__name__)
def test_admin_stages_and_bands_cannot_be_deleted(superuser_client, model):
    obj = model.objects.order_by("pk").first()

    response = superuser_client.post(
        reverse(f"admin:stages_{model._meta.model_name}_delete", args=[obj.pk]), {"post": "yes"}
    )

    assert (response.status_code, model.objects.filter(pk=obj.pk).exists()) == (403, True)
