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
        data.update(
            {
                f"{formset.prefix}-{i}-id": option.pk,
                f"{formset.prefix}-{i}-question": question.pk,
                f"{formset.prefix}-{i}-level": option.level,
                f"{formset.prefix}-{i}-label": option.label,
            }
        )
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


def admin_post_data(response) -> dict:
    """What the admin change page would post back untouched: the main form and every inline form."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
        forms += formset.forms
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                value = [str(v) for v in value]
            data[field.html_name] = "on" if value is True else value
    return data


def option_prefix(response) -> str:
    return response.context["inline_admin_formsets"][0].formset.prefix


def test_admin_question_swapping_two_option_levels_keeps_levels_and_never_500s(superuser_client):
    question = Question.objects.order_by("pk").first()
    url = reverse("admin:stages_question_change", args=[question.pk])
    page = superuser_client.get(url)
    data = admin_post_data(page)
    prefix = option_prefix(page)
    data[f"{prefix}-0-level"], data[f"{prefix}-1-level"] = "2", "1"
    data[f"{prefix}-0-label"] = "Reworded level one"

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert list(question.options.order_by("level").values_list("level", "label"))[0] == (1, "Reworded level one")
    assert sorted(question.options.values_list("level", flat=True)) == [1, 2, 3, 4, 5]


def test_admin_new_active_question_without_options_is_refused(superuser_client):
    dimension = Dimension.objects.order_by("order").first()
    url = reverse("admin:stages_question_add")
    data = admin_post_data(superuser_client.get(url))
    data.update({"dimension": dimension.pk, "code": "no-options", "text": "Asked with nothing to pick?", "order": 9})

    refused = superuser_client.post(url, data)
    data.pop("is_active")
    saved_inactive = superuser_client.post(url, data)

    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "An active question needs at least two answer options, or respondents could not answer it. "
        "Add its options on the question's own page, or leave it inactive until then."
    ]
    assert saved_inactive.status_code == 302
    assert list(Question.objects.filter(code="no-options").values_list("is_active", flat=True)) == [False]


def test_admin_question_list_cannot_switch_on_a_question_without_options(superuser_client):
    dimension = Dimension.objects.order_by("order").first()
    bare = Question.objects.create(dimension=dimension, code="bare", text="Bare?", is_active=False)
    url = reverse("admin:stages_question_changelist")
    data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "_save": "Save"}
    data.update({"form-0-id": bare.pk, "form-0-order": 0, "form-0-is_active": "on"})

    response = superuser_client.post(url + f"?q={bare.code}", data)

    bare.refresh_from_db()
    assert (response.status_code, bare.is_active) == (200, False)


def test_questionnaire_skips_an_active_question_without_options(cx_model):
    from assessments import services

    dimension = Dimension.objects.order_by("order").first()
    Question.objects.create(dimension=dimension, code="slipped-through", text="No options?", allow_not_sure=False)

    codes = [q.code for step in services.questionnaire_steps() for q in step.questions]

    assert "slipped-through" not in codes and len(codes) == Question.objects.filter(is_active=True).count() - 1


def test_admin_dimension_inline_prerequisite_loop_is_refused(superuser_client):
    dimension = Dimension.objects.filter(recommendations__isnull=False).order_by("order").first()
    url = reverse("admin:stages_dimension_change", args=[dimension.pk])
    page = superuser_client.get(url)
    data = admin_post_data(page)
    formset = next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Recommendation)
    first, second = formset.forms[0].instance, formset.forms[1].instance
    data[f"{formset.prefix}-0-prerequisite"] = second.pk
    data[f"{formset.prefix}-1-prerequisite"] = first.pk

    response = superuser_client.post(url, data)

    first.refresh_from_db()
    second.refresh_from_db()
    assert response.status_code == 200
    assert (first.prerequisite_id, second.prerequisite_id) != (second.pk, first.pk)
    errors = [f.errors.get("prerequisite") for f in response.context["inline_admin_formsets"][1].formset.forms[:2]]
    assert errors == [["These prerequisites go round in a loop: each waits for another."]] * 2


def test_recommendation_aimed_at_stage_one_is_refused(cx_model):
    from django.core.exceptions import ValidationError

    recommendation = Recommendation.objects.order_by("pk").first()
    recommendation.target_stage = Stage.objects.get(number=1)
    recommendation.prerequisite = None

    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()

    assert refused.value.message_dict == {
        "target_stage": ["Actions lead to stages 2–5: nobody needs help reaching stage 1."]
    }


def test_admin_answer_option_question_is_read_only_once_saved(superuser_client):
    option = AnswerOption.objects.order_by("pk").first()

    response = superuser_client.get(reverse("admin:stages_answeroption_change", args=[option.pk]))

    assert list(response.context["adminform"].form.fields) == ["level", "label"]
    assert response.context["adminform"].form.fields["level"].disabled is True


def test_admin_dimension_slug_and_question_code_are_read_only_once_saved(superuser_client):
    dimension = Dimension.objects.order_by("order").first()
    question = dimension.questions.order_by("order").first()

    dimension_page = superuser_client.get(reverse("admin:stages_dimension_change", args=[dimension.pk]))
    question_page = superuser_client.get(reverse("admin:stages_question_change", args=[question.pk]))
    add_page = superuser_client.get(reverse("admin:stages_dimension_add"))

    assert "slug" not in dimension_page.context["adminform"].form.fields
    assert "code" not in question_page.context["adminform"].form.fields
    inline = next(i.formset for i in dimension_page.context["inline_admin_formsets"] if i.formset.model is Question)
    assert inline.forms[0].fields["code"].disabled is True
    assert "slug" in add_page.context["adminform"].form.fields


def test_admin_dimension_edit_keeps_its_slug_whatever_is_posted(superuser_client):
    dimension = Dimension.objects.order_by("order").first()
    url = reverse("admin:stages_dimension_change", args=[dimension.pk])
    data = admin_post_data(superuser_client.get(url))
    data.update({"slug": "renamed", "name": "Leadership, renamed"})

    response = superuser_client.post(url, data)

    dimension.refresh_from_db()
    assert (response.status_code, dimension.slug, dimension.name) == (302, "leadership", "Leadership, renamed")


def recommendation_post(client, recommendation, mappings):
    """The recommendation's change form as saved, with `mappings` [(question pk, level)] as its addressed questions."""
    url = reverse("admin:stages_recommendation_change", args=[recommendation.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"dimension": recommendation.dimension_id, "target_stage": recommendation.target_stage_id})
    prefix = "addressed"
    data.update({f"{prefix}-TOTAL_FORMS": len(mappings), f"{prefix}-INITIAL_FORMS": 0})
    for i, (question, level) in enumerate(mappings):
        data.update({f"{prefix}-{i}-question": question, f"{prefix}-{i}-in_place_level": level})
    return client.post(url, data)


def test_admin_recommendation_maps_an_addressed_question(superuser_client):
    recommendation = Recommendation.objects.order_by("pk").first()
    recommendation.addressed.all().delete()
    question = recommendation.dimension.questions.filter(is_active=True).order_by("order").first()

    response = recommendation_post(superuser_client, recommendation, [(question.pk, 3)])

    assert response.status_code == 302
    assert list(recommendation.addressed.values_list("question__code", "in_place_level")) == [(question.code, 3)]


def test_admin_recommendation_refuses_an_inactive_question_or_a_level_outside_1_to_5(superuser_client):
    recommendation = Recommendation.objects.order_by("pk").first()
    recommendation.addressed.all().delete()
    inactive, active = recommendation.dimension.questions.order_by("order")[:2]
    inactive.is_active = False
    inactive.save()

    response = recommendation_post(superuser_client, recommendation, [(inactive.pk, 3), (active.pk, 6)])

    errors = [form.errors for form in response.context["inline_admin_formsets"][0].formset.forms]
    assert response.status_code == 200
    assert errors[0]["question"] == ["This question is not active: respondents don't answer it, so it can't tell."]
    assert errors[1]["in_place_level"] == ["Ensure this value is less than or equal to 5."]
    assert recommendation.addressed.count() == 0


def test_admin_question_list_reads_one_line_per_question(superuser_client):
    response = superuser_client.get(reverse("admin:stages_question_changelist"))

    assert response.context["cl"].list_display[1:4] == ["code", "dimension", "short_text"]


def test_admin_long_texts_are_edited_in_text_areas(superuser_client):
    question = Question.objects.order_by("pk").first()
    recommendation = Recommendation.objects.order_by("pk").first()

    question_page = superuser_client.get(reverse("admin:stages_question_change", args=[question.pk]))
    recommendation_page = superuser_client.get(reverse("admin:stages_recommendation_change", args=[recommendation.pk]))

    option_form = question_page.context["inline_admin_formsets"][0].formset.forms[0]
    form = recommendation_page.context["adminform"].form
    assert type(option_form.fields["label"].widget).__name__ == "Textarea"
    assert type(question_page.context["adminform"].form.fields["text"].widget).__name__ == "Textarea"
    assert [type(form.fields[n].widget).__name__ for n in ("title", "steps", "success_measure")] == ["Textarea"] * 3


def test_admin_stage_edits_its_defining_dimensions(superuser_client):
    stage = Stage.objects.get(number=3)
    url = reverse("admin:stages_stage_change", args=[stage.pk])
    response = superuser_client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "defining_dimensions"}
    dimension = Dimension.objects.order_by("order").last()
    data["defining_dimensions"] = [dimension.pk]
    band = response.context["inline_admin_formsets"][0].formset
    data.update({f"{band.prefix}-TOTAL_FORMS": 1, f"{band.prefix}-INITIAL_FORMS": 1})
    data.update({f"{band.prefix}-0-id": stage.band.pk, f"{band.prefix}-0-stage": stage.pk})
    data[f"{band.prefix}-0-min_score"] = stage.band.min_score

    assert superuser_client.post(url, data).status_code == 302
    assert list(stage.defining_dimensions.all()) == [dimension]
