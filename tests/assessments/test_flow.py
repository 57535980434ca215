"""The respondent's journey through the questionnaire, over plain HTTP (no JavaScript)."""

import pickle
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments import services
from assessments.models import Answer, Assessment
from stages.models import AnswerOption, Dimension, Question, Recommendation
from tests.factories import answer_all, step_data
from tests.links import assessment_at


def start(client):
    response = client.post(reverse("assessments:start"))
    assert response.status_code == 302
    return assessment_at(response.url)


def test_home_lists_five_stages_and_start_button(client, cx_model):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [s.number for s in response.context["stages"]] == [1, 2, 3, 4, 5]
    assert response.content.count(b"<h1") == 1
    assert b"Start the assessment" in response.content


def test_start_get_is_not_allowed(client, cx_model):
    assert client.get(reverse("assessments:start")).status_code == 405


def test_start_creates_assessment_with_long_random_token(client, cx_model):
    assessment = start(client)

    assert len(assessment.token) >= 43  # 32 random bytes, URL-safe


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_questionnaire_uniform_answers_place_at_that_stage(client, cx_model, level):
    assessment = start(client)

    response = answer_all(client, assessment, level)

    assert response.url == reverse("assessments:results", args=[assessment.token])
    page = client.get(response.url)
    stage = page.context["result"].stage
    assert (page.status_code, stage.number) == (200, level)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode(), re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", heading).split()) == (
        f"Stage {level} — {stage.name} (also called {stage.alt_name})"
    )


def test_step_shows_progress_and_resume_link(client, cx_model):
    assessment = start(client)

    response = client.get(reverse("assessments:step", args=[assessment.token, 2]))

    steps = services.questionnaire_steps()
    assert f"Step 2 of {len(steps)}".encode() in response.content
    assert reverse("assessments:resume", args=[assessment.token]).encode() in response.content
    # A form page: "same-origin" so the browser's POST carries a real Origin for CSRF.
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("url_name", ["resume", "results", "pdf"])
def test_private_pages_send_no_referrer_and_no_store(client, make_assessment, url_name):
    assessment = make_assessment(3)

    response = client.get(reverse(f"assessments:{url_name}", args=[assessment.token]))

    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("no-referrer", "no-store, private")


@pytest.mark.parametrize("url_name", ["resume", "results", "pdf"])
def test_private_pages_answer_head_like_get_without_a_body(client, make_assessment, url_name):
    # Link checkers and uptime monitors send HEAD; it must not be refused with a 405.
    assessment = make_assessment(3)
    url = reverse(f"assessments:{url_name}", args=[assessment.token])

    head, get = client.head(url), client.get(url)

    assert (head.status_code, head["Content-Type"], head.content) == (get.status_code, get["Content-Type"], b"")


def test_public_and_form_pages_answer_head(client, make_assessment):
    unfinished = make_assessment(3, complete=False)
    urls = [
        reverse("home"),
        reverse("assessments:about", args=[unfinished.token]),
        reverse("assessments:step", args=[unfinished.token, 1]),
    ]

    assert [client.head(url).status_code for url in urls] == [200, 200, 200]


def test_step_options_listed_least_to_most_mature_not_sure_last(client, cx_model):
    assessment = start(client)

    response = client.get(reverse("assessments:step", args=[assessment.token, 1]))

    form = response.context["form"]
    first = form.questions[0]
    values = [value for value, _ in form.fields[f"q_{first.code}"].choices]
    levels = [AnswerOption.objects.get(pk=v).level for v in values[:-1]]
    assert (levels, values[-1]) == ([1, 2, 3, 4, 5], "not-sure")


def test_step_question_help_text_comes_before_its_options(client, cx_model):
    assessment = start(client)
    question = Question.objects.filter(is_active=True).exclude(help_text="").first()
    step = next(s for s in services.questionnaire_steps() if question in s.questions)

    page = client.get(reverse("assessments:step", args=[assessment.token, step.number])).content.decode()

    begin = page.index(f'id="question-{question.code}"')
    fieldset = page[begin : page.index("</fieldset>", begin)]
    help_id = f'id="id_q_{question.code}_helptext"'
    assert (
        fieldset.index("<legend") < fieldset.index(help_id) < fieldset.index('type="radio"'),
        fieldset.count(help_id),
    ) == (True, 1)


def test_step_next_with_unanswered_question_shows_error_and_keeps_answers(client, cx_model):
    assessment = start(client)
    step = services.questionnaire_steps()[0]
    data = step_data(step, 2)
    missing = step.questions[-1]
    del data[f"q_{missing.code}"]

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {f"q_{missing.code}": ["Choose an answer or “Not sure”."]}
    assert Answer.objects.filter(assessment=assessment).count() == len(step.questions) - 1


def test_step_option_of_another_question_is_a_form_error_and_saved_answers_stay(client, cx_model):
    assessment = start(client)
    steps = services.questionnaire_steps()
    client.post(reverse("assessments:step", args=[assessment.token, 1]), step_data(steps[0], 4))
    first = steps[0].questions[0]
    foreign = AnswerOption.objects.exclude(question=first).first()
    data = step_data(steps[0], 4)
    data[f"q_{first.code}"] = str(foreign.pk)

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), data)

    assert response.status_code == 400
    assert response.context["form"].errors[f"q_{first.code}"] == [
        "Please choose one of the answers listed for this question."
    ]
    saved = Answer.objects.get(assessment=assessment, question=first)
    assert saved.option.level == 4


@pytest.mark.parametrize("garbage", ["abc", "999999999", "'; DROP TABLE x;--", "", "not-sure-at-all"])
def test_step_tampered_values_never_500(client, cx_model, garbage):
    assessment = start(client)
    step = services.questionnaire_steps()[0]
    data = step_data(step, 3)
    data[f"q_{step.questions[0].code}"] = garbage
    data["action"] = "finish"

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), data)

    assert response.status_code in (200, 302, 400)


def test_step_unknown_number_is_404(client, cx_model):
    assessment = start(client)

    assert client.get(reverse("assessments:step", args=[assessment.token, 99])).status_code == 404
    assert client.get(reverse("assessments:step", args=[assessment.token, 0])).status_code == 404


@pytest.mark.parametrize("url_name", ["resume", "about", "results", "pdf", "delete"])
def test_private_pages_unknown_token_is_404(client, cx_model, url_name):
    response = client.get(reverse(f"assessments:{url_name}", args=["A" * 43]))

    assert response.status_code == 404


def test_private_pages_garbled_token_is_404(client, cx_model):
    assert client.get("/a/%3Cscript%3E/results/").status_code == 404
    assert client.get("/a/short/").status_code == 404


def test_back_saves_answers_without_requiring_all(client, cx_model):
    assessment = start(client)
    step = services.questionnaire_steps()[1]
    data = {"action": "back", f"q_{step.questions[0].code}": str(step.questions[0].options.get(level=5).pk)}

    response = client.post(reverse("assessments:step", args=[assessment.token, 2]), data)

    assert response.url == reverse("assessments:step", args=[assessment.token, 1])
    assert Answer.objects.get(assessment=assessment).option.level == 5


def test_step_posted_after_the_dimensions_were_reordered_saves_to_the_step_that_asks_them(client, cx_model):
    assessment = start(client)
    second, third = services.questionnaire_steps()[1:3]
    page = client.get(reverse("assessments:step", args=[assessment.token, 2]))
    assert f'name="dimension" value="{second.dimension.slug}"' in page.content.decode()
    Dimension.objects.filter(pk=second.dimension.pk).update(order=third.dimension.order)
    Dimension.objects.filter(pk=third.dimension.pk).update(order=second.dimension.order)

    response = client.post(
        reverse("assessments:step", args=[assessment.token, 2]),
        {**step_data(second, 4), "dimension": second.dimension.slug},
    )

    saved = Answer.objects.filter(assessment=assessment).select_related("question", "option")
    assert sorted((a.question.code, a.option.level) for a in saved) == sorted((q.code, 4) for q in second.questions)
    assert response.url == reverse("assessments:step", args=[assessment.token, 4])


def test_step_list_button_saves_this_steps_answers_and_goes_to_that_step(client, cx_model):
    assessment = start(client)
    first = services.questionnaire_steps()[0]
    data = step_data(first, 4)
    data.pop("action")
    data.pop(f"q_{first.questions[-1].code}")  # an unanswered question does not block moving on

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), {**data, "goto": "4"})

    assert response.url == reverse("assessments:step", args=[assessment.token, 4])
    assert Answer.objects.filter(assessment=assessment).count() == len(first.questions) - 1


@pytest.mark.parametrize("goto", ["0", "99", "²", "-1", "2 "])
def test_step_list_tampered_goto_is_ignored_not_500(client, cx_model, goto):
    assessment = start(client)
    first = services.questionnaire_steps()[0]

    response = client.post(
        reverse("assessments:step", args=[assessment.token, 1]), {**step_data(first, 3), "goto": goto}
    )

    assert response.url == reverse("assessments:step", args=[assessment.token, 2])


def test_finish_with_an_earlier_step_unanswered_goes_back_there(client, cx_model):
    assessment = start(client)
    steps = services.questionnaire_steps()
    last = steps[-1]

    response = client.post(
        reverse("assessments:step", args=[assessment.token, last.number]), step_data(last, 3, "finish")
    )

    assert response.url == reverse("assessments:step", args=[assessment.token, 1])
    assessment.refresh_from_db()
    assert assessment.completed_at is None


def test_resume_continues_at_first_unanswered_step(client, cx_model):
    assessment = start(client)
    steps = services.questionnaire_steps()
    client.post(reverse("assessments:step", args=[assessment.token, 1]), step_data(steps[0], 2))
    client.post(reverse("assessments:step", args=[assessment.token, 2]), step_data(steps[1], 2))

    response = client.get(reverse("assessments:resume", args=[assessment.token]))

    assert response.url == reverse("assessments:step", args=[assessment.token, 3])


def test_resume_restores_saved_answers_on_the_step(client, cx_model):
    assessment = start(client)
    step = services.questionnaire_steps()[0]
    client.post(reverse("assessments:step", args=[assessment.token, 1]), step_data(step, 4))

    response = client.get(reverse("assessments:step", args=[assessment.token, 1]))

    initial = response.context["form"].initial
    expected = {f"q_{q.code}": str(q.options.get(level=4).pk) for q in step.questions}
    assert initial == expected


def test_not_sure_answers_lower_confidence(client, cx_model, make_assessment):
    steps = services.questionnaire_steps()
    assessment = make_assessment(3, complete=False)
    question = steps[0].questions[0]
    services.answers_save(assessment=assessment, choices={question: None})
    services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()

    total = sum(len(s.questions) for s in steps)
    assert assessment.result["score"]["confidence"] == pytest.approx((total - 1) / total)
    assert assessment.result["stage"]["number"] == 3


def test_completed_assessment_steps_redirect_to_results(client, make_assessment):
    assessment = make_assessment(3)
    step = services.questionnaire_steps()[0]

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), step_data(step, 5), follow=True)

    assert response.redirect_chain == [(reverse("assessments:results", args=[assessment.token]), 302)]
    assert assessment.answers.filter(option__level=5).count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "This assessment was finished in another window, so the answers just sent were not saved. "
        "Here is the result it was finished with."
    ]


def test_finish_posted_twice_goes_to_results_without_a_not_saved_message(client, cx_model):
    assessment = start(client)
    steps = services.questionnaire_steps()
    answer_all(client, assessment, 3)

    again = client.post(
        reverse("assessments:step", args=[assessment.token, len(steps)]), step_data(steps[-1], 3, "finish"), follow=True
    )

    assert again.redirect_chain == [(reverse("assessments:results", args=[assessment.token]), 302)]
    assert [str(m) for m in again.context["messages"]] == []


def test_unfinished_results_redirect_to_resume(client, make_assessment):
    assessment = make_assessment(3, complete=False)

    response = client.get(reverse("assessments:results", args=[assessment.token]))

    assert response.url == reverse("assessments:resume", args=[assessment.token])


def test_about_step_saves_organisation_and_role(client, cx_model):
    assessment = start(client)

    client.post(
        reverse("assessments:about", args=[assessment.token]),
        {"organisation_name": "  Acme Ltd ", "respondent_role": "COO"},
    )

    assessment.refresh_from_db()
    assert (assessment.organisation_name, assessment.respondent_role) == ("Acme Ltd", "COO")


def test_about_step_strips_control_and_bidi_override_characters(client, cx_model):
    # A right-to-left override would display the rest of the line reversed wherever the name appears.
    assessment = start(client)

    client.post(
        reverse("assessments:about", args=[assessment.token]),
        {"organisation_name": "Ctl\x07\x1b[31m Ltd\ufffe", "respondent_role": "\u202eRole\x01"},
    )

    assessment.refresh_from_db()
    assert (assessment.organisation_name, assessment.respondent_role) == ("Ctl[31m Ltd", "Role")


def test_results_hostile_organisation_name_is_escaped(client, make_assessment):
    hostile = '<img src=x onerror="alert(1)">'
    assessment = make_assessment(2, organisation_name=hostile)

    response = client.get(reverse("assessments:results", args=[assessment.token]))

    assert hostile.encode() not in response.content
    assert b"&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in response.content


def test_delete_removes_assessment_and_answers(client, make_assessment):
    assessment = make_assessment(3)

    response = client.post(reverse("assessments:delete", args=[assessment.token]))

    assert response.url == reverse("home")
    assert (Assessment.objects.filter(pk=assessment.pk).count(), Answer.objects.count()) == (0, 0)


def test_results_capped_placement_names_the_capping_dimension(client, make_assessment):
    assessment = make_assessment({"data": 1}, default=5)

    response = client.get(reverse("assessments:results", args=[assessment.token]))

    result = response.context["result"]
    assert (result.stage.number, result.score.capped_by) == (2, "data")
    assert response.context["roadmap"]["gaps"][0]["key"] == "data"


def test_finish_with_a_dimension_all_not_sure_is_reported_not_guessed(client, make_assessment):
    assessment = make_assessment({"data": None}, default=3, complete=False)
    steps = services.questionnaire_steps()
    last = steps[-1]

    response = client.post(
        reverse("assessments:step", args=[assessment.token, last.number]), step_data(last, 3, "finish")
    )

    data_step = next(s for s in steps if s.dimension.slug == "data")
    assert response.url == reverse("assessments:step", args=[assessment.token, data_step.number])
    assessment.refresh_from_db()
    assert assessment.completed_at is None
    page = client.get(response.url)
    assert "is “Not sure”. Pick the closest" in page.content.decode()


def test_dimension_without_active_questions_is_left_out(client, cx_model):
    from stages.models import Dimension

    Dimension.objects.create(slug="empty", name="Empty", short_name="Empty", description="No questions yet.", order=9)
    assessment = start(client)

    response = answer_all(client, assessment, 3)

    assessment.refresh_from_db()
    assert response.url == reverse("assessments:results", args=[assessment.token])
    assert [d["key"] for d in assessment.result["dimensions"]] == [
        "leadership",
        "insight",
        "organisation",
        "data",
        "delivery",
        "culture",
    ]


def test_delete_forgets_cached_pdf_and_page(client, make_assessment):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from assessments import pdf, views

    assessment = make_assessment(3)
    client.get(reverse("assessments:results", args=[assessment.token]))
    client.get(reverse("assessments:pdf", args=[assessment.token]))
    keys = [
        make_template_fragment_key("results-content", [assessment.token_hash, views.RESULTS_LAYOUT]),
        pdf.assessment_cache_key(assessment, size="a4"),
    ]
    cached_before = [cache.get(k) is not None for k in keys]

    client.post(reverse("assessments:delete", args=[assessment.token]))

    assert (cached_before, [cache.get(k) for k in keys]) == ([True, True], [None, None])


def test_dimension_with_recommendations_but_no_active_questions_is_left_out(client, cx_model):
    from stages.models import Question

    Question.objects.filter(dimension__slug="culture").update(is_active=False)
    assessment = start(client)

    response = answer_all(client, assessment, 2)

    assessment.refresh_from_db()
    assert response.url == reverse("assessments:results", args=[assessment.token])
    # Organisation & Collaboration defines Stage 3, the next stage, so it leads; the rest keep their order.
    assert [g["key"] for g in assessment.result["roadmap"]["gaps"]] == [
        "organisation",
        "leadership",
        "insight",
        "data",
        "delivery",
    ]


def test_results_offer_the_pdf_on_a4_and_us_letter(client, make_assessment):
    assessment = make_assessment(3)
    text = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    # Relative to the results page (/a/<token>/results/): /a/<token>/roadmap.pdf.
    assert ('href="../roadmap.pdf"' in text, 'href="../roadmap.pdf?size=letter"' in text) == (True, True)


def test_about_page_progress_says_the_questions_follow(client, cx_model):
    assessment = start(client)

    text = client.get(reverse("assessments:about", args=[assessment.token])).content.decode()

    assert f"Before you start: {len(services.questionnaire_steps())} steps of questions follow" in text
    assert "Step 0 of" not in text


def test_a_dimension_whose_only_question_has_no_options_does_not_block_finishing(client, cx_model):
    empty = Dimension.objects.create(name="Empty", slug="empty", short_name="Empty", order=99)
    Question.objects.create(dimension=empty, code="empty-1", text="Nothing to pick?", allow_not_sure=False)
    assessment = start(client)

    response = answer_all(client, assessment, 3)

    assessment.refresh_from_db()
    assert response.url == reverse("assessments:results", args=[assessment.token])
    assert [d["key"] for d in assessment.result["dimensions"]] == [
        s.dimension.slug for s in services.questionnaire_steps()
    ]


def test_results_at_stage_five_with_everything_in_place_propose_nothing_and_list_the_strengths(client, make_assessment):
    assessment = make_assessment(5)

    page = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    roadmap = assessment.result["roadmap"]
    planned = [a["recommendation"]["title"] for h in roadmap["plan"] for a in h["actions"]]
    assert (planned, roadmap["start_here"], roadmap["later"]) == ([], [], [])
    assert "Every Stage 5 practice this model describes is already in place" in page
    assert [escape(p["title"]) in page for p in roadmap["in_place"]] == [True] * len(roadmap["in_place"])
    assert len(roadmap["in_place"]) >= 6
    assert page.count(escape(assessment.result["stage"]["description"])) == 1


def test_results_at_stage_five_with_a_dimension_below_five_list_each_practice_once(client, make_assessment):
    assessment = make_assessment({"data": 4}, default=5)

    page = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    roadmap = assessment.result["roadmap"]
    planned = [a["recommendation"] for h in roadmap["plan"] for a in h["actions"]]
    assert (assessment.result["stage"]["number"], roadmap["mode"], [g["key"] for g in roadmap["gaps"]]) == (
        5,
        "sustain",
        ["data"],
    )
    assert [page.count(f'<span class="small">{escape(r["rationale"])}</span>') for r in planned] == [1] * len(planned)
    assert "Practices for the two dimensions" not in page


def test_results_stage_five_dimension_without_practices_says_so_once(client, make_assessment):
    # The dimension below 5 has no stage-5 practices left (removed in admin), and every other
    # stage-5 practice is in place: nothing is proposed, and the page says why.
    Recommendation.objects.filter(dimension__slug="data", target_stage__number=5).delete()
    assessment = make_assessment({"data": 4}, default=5)

    content = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    planned = [a["recommendation"] for h in assessment.result["roadmap"]["plan"] for a in h["actions"]]
    assert planned == []
    assert content.count("no actions are listed for this dimension at this stage.") == 1


def test_results_page_cache_holds_no_private_link(client, make_assessment):
    from django.core.cache import cache

    cache.clear()
    assessment = make_assessment(3)

    page = client.get(reverse("assessments:results", args=[assessment.token])).content.decode()

    # The locmem cache's pickled values: the rendered fragments of the page and its peer section.
    cached = [pickle.loads(value) for value in cache._cache.values()]
    assert ('href="../roadmap.pdf"' in page, 'href="../delete/"' in page, 'href="../compare/"' in page) == (
        True,
        True,
        True,
    )
    assert [value for value in cached if assessment.token in str(value)] == []
    assert len(cached) >= 2


def test_delete_of_an_assessment_loaded_without_its_result_still_forgets_its_pdf(client, make_assessment):
    from django.core.cache import cache

    from assessments import pdf
    from assessments.models import Assessment

    assessment = make_assessment(3)
    client.get(reverse("assessments:pdf", args=[assessment.token]))
    key = pdf.assessment_cache_key(assessment, size="a4")
    cached_before = cache.get(key) is not None

    Assessment.objects.defer("result").get(pk=assessment.pk).delete()

    assert (cached_before, cache.get(key), Assessment.objects.filter(pk=assessment.pk).exists()) == (True, None, False)


def test_delete_again_of_an_assessment_loaded_without_its_result_does_nothing(make_assessment):
    from assessments.models import Assessment

    assessment = make_assessment(3)
    first = Assessment.objects.defer("result").get(pk=assessment.pk)
    second = Assessment.objects.defer("result").get(pk=assessment.pk)
    first.delete()

    assert second.delete() == (0, {})
