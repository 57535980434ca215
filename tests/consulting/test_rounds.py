"""Rounds: invite link, closing, facilitation, team results, comparison and the team PDF."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import Answer, Assessment
from consulting import selectors, services
from consulting.models import Client, ClientTarget, Round
from stages.models import Dimension, Question, Recommendation, ScoreBand
from tests.factories import answer_all, step_data
from tests.links import assessment_at


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def invite(round):
    return reverse("respond:invite", args=[round.invite_token])


# --- Creating and closing rounds ---------------------------------------------------------


def test_round_create_redirects_to_round_page(alice, acme):
    response = alice.post(
        reverse("consulting:round_create", args=[acme.pk]), {"title": "Baseline", "opened_on": "2026-03-01"}
    )

    round = Round.objects.get()
    assert (response.url, round.client, round.title, round.opened_on) == (
        reverse("consulting:round_detail", args=[round.pk]),
        acme,
        "Baseline",
        datetime.date(2026, 3, 1),
    )


def test_round_page_shows_invite_link(alice, acme_round, cx_model):
    # Only the session that made the round knows its link (the database keeps a hash): as round_create does.
    session = alice.session
    session[f"invite-link:{acme_round.pk}"] = acme_round.invite_token
    session.save()

    response = alice.get(reverse("consulting:round_detail", args=[acme_round.pk]))

    assert response.context["invite_url"] == f"http://testserver/r/{acme_round.invite_token}/"
    assert response.content.count(b"<h1") == 1
    assert f'value="http://testserver/r/{acme_round.invite_token}/"'.encode() in response.content


def test_close_and_reopen_round(alice, acme_round):
    alice.post(reverse("consulting:round_close", args=[acme_round.pk]))
    acme_round.refresh_from_db()
    closed = acme_round.is_open

    alice.post(reverse("consulting:round_reopen", args=[acme_round.pk]))
    acme_round.refresh_from_db()

    assert (closed, acme_round.is_open) == (False, True)


def test_close_round_needs_post(alice, acme_round):
    assert alice.get(reverse("consulting:round_close", args=[acme_round.pk])).status_code == 405


# --- The invite link -----------------------------------------------------------------------


def test_invite_post_strips_control_and_bidi_override_characters(client, acme_round, cx_model):
    client.post(invite(acme_round), {"respondent_name": "Dana\u202e", "respondent_role": "Executive"})

    assessment = Assessment.objects.get()
    assert (assessment.respondent_name, assessment.respondent_role) == ("Dana", "Executive")


def test_invite_post_role_not_on_the_rounds_list_is_refused(client, acme_round, cx_model):
    """Roles are chosen from the consultant's list: typed, "Agent", "CSR" and "Front line" were three groups."""
    response = client.post(invite(acme_round), {"respondent_role": "CSR", "department": "Bo\u2067ard"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["department", "respondent_role"]
    assert Assessment.objects.count() == 0


def test_invite_prefer_not_to_say_is_saved_as_not_stated(client, acme_round, cx_model):
    client.post(invite(acme_round), {"respondent_role": "Prefer not to say", "department": "Service"})

    assessment = Assessment.objects.get()
    assert (assessment.respondent_role, assessment.department) == ("", "Service")


def test_invite_page_offers_the_rounds_lists_and_prefer_not_to_say(client, acme_round, cx_model):
    form = client.get(invite(acme_round)).context["form"]

    assert [value for value, _ in form.fields["respondent_role"].choices] == [
        "",
        "Executive",
        "COO",
        "Frontline",
        "Leadership team",
        "Prefer not to say",
    ]
    assert [value for value, _ in form.fields["department"].choices] == [
        "",
        "Board",
        "Ops",
        "Service",
        "Prefer not to say",
    ]


def test_invite_page_round_without_lists_asks_only_the_name(client, acme, cx_model):
    round = services.round_create(client=acme, title="No lists")

    assert list(client.get(invite(round)).context["form"].fields) == ["respondent_name"]


def test_invite_page_asks_optional_name_role_department(client, acme_round, cx_model):
    response = client.get(invite(acme_round))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["respondent_name", "respondent_role", "department"]
    assert [f.required for f in response.context["form"].fields.values()] == [False, False, False]
    assert response.content.count(b"<h1") == 1
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("same-origin", "no-store, private")


def test_invite_post_starts_assessment_in_round_and_goes_to_step_one(client, acme_round, cx_model):
    response = client.post(
        invite(acme_round), {"respondent_name": " Dana ", "respondent_role": "Executive", "department": "Board"}
    )

    assessment = assessment_at(response.url)
    assert response.url == reverse("assessments:step", kwargs={"token": assessment.token, "number": 1})
    assert (assessment.round, assessment.respondent_name, assessment.respondent_role, assessment.department) == (
        acme_round,
        "Dana",
        "Executive",
        "Board",
    )
    assert (assessment.organisation_name, assessment.facilitated) == ("Acme Ltd", False)


def test_round_respondent_back_from_step_one_edits_who_they_are_not_the_client(client, acme_round, cx_model):
    started = client.post(
        invite(acme_round), {"respondent_name": "Dana", "respondent_role": "Executive", "department": "Board"}
    )
    assessment = assessment_at(started.url)
    about_url = reverse("assessments:about", args=[assessment.token])

    back = client.post(reverse("assessments:step", args=[assessment.token, 1]), {"action": "back"})
    page = client.get(about_url)
    saved = client.post(
        about_url,
        {"respondent_name": "Dana K", "respondent_role": "COO", "department": "Ops", "organisation_name": "Evil"},
    )

    assessment.refresh_from_db()
    assert back.url == about_url
    assert list(page.context["form"].fields) == ["respondent_name", "respondent_role", "department"]
    assert page.context["form"].initial == {
        "respondent_name": "Dana",
        "respondent_role": "Executive",
        "department": "Board",
    }
    assert saved.url == reverse("assessments:step", args=[assessment.token, 1])
    assert (
        assessment.organisation_name,
        assessment.respondent_name,
        assessment.respondent_role,
        assessment.department,
    ) == ("Acme Ltd", "Dana K", "COO", "Ops")


def test_invite_any_number_of_respondents(client, acme_round, cx_model):
    for _ in range(3):
        client.post(invite(acme_round), {})

    assert acme_round.assessments.count() == 3


def test_invite_closed_round_answers_410_and_creates_nothing(client, acme_round, cx_model):
    services.round_close(round=acme_round)

    page = client.get(invite(acme_round))
    post = client.post(invite(acme_round), {"respondent_name": "Late"})

    assert (page.status_code, post.status_code, Assessment.objects.count()) == (410, 410, 0)
    assert b"This round is closed</h1>" in page.content


def test_invite_reopened_round_accepts_responses_again(client, acme_round, cx_model):
    services.round_close(round=acme_round)
    services.round_reopen(round=acme_round)

    response = client.post(invite(acme_round), {})

    assert (response.status_code, Assessment.objects.count()) == (302, 1)


def test_round_response_start_refuses_closed_round(acme_round, cx_model):
    services.round_close(round=acme_round)

    with pytest.raises(services.RoundClosed):
        services.round_response_start(round=acme_round)


def test_invite_unknown_token_is_404(client, db):
    assert client.get("/r/" + "x" * 43 + "/").status_code == 404


def test_invite_overlong_field_is_form_error(client, acme_round, cx_model):
    response = client.post(invite(acme_round), {"respondent_name": "x" * 121})

    assert (response.status_code, list(response.context["form"].errors), Assessment.objects.count()) == (
        200,
        ["respondent_name"],
        0,
    )


def started_with_first_step_saved(client, round):
    """A respondent who came in by the invite link and answered step 1 at level 3, then stopped."""
    started = client.post(invite(round), {})
    assessment = assessment_at(started.url)
    first = assessment_services.questionnaire_steps()[0]
    client.post(reverse("assessments:step", args=[assessment.token, 1]), step_data(first, 3, "next"))
    return assessment


def saved_answers(assessment):
    return sorted(assessment.answers.values_list("question__code", "option__level"))


def test_started_respondent_cannot_finish_after_round_closes(client, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    before = saved_answers(assessment)
    services.round_close(round=acme_round)
    steps = assessment_services.questionnaire_steps()

    posts = [
        client.post(
            reverse("assessments:step", args=[assessment.token, step.number]),
            step_data(step, 2, "next" if step.number < len(steps) else "finish"),
        )
        for step in steps
    ]
    assessment.refresh_from_db()

    assert [p.status_code for p in posts] == [410] * len(steps)
    assert (assessment.completed_at, saved_answers(assessment)) == (None, before)
    assert posts[-1].content.count(b"This round is closed</h1>") == 1


def test_unfinished_respondent_pages_after_round_closes_say_it_is_closed(client, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    services.round_close(round=acme_round)

    pages = [
        client.get(reverse(name, args=args))
        for name, args in [
            ("assessments:about", [assessment.token]),
            ("assessments:step", [assessment.token, 2]),
            ("assessments:resume", [assessment.token]),
        ]
    ]
    results = client.get(reverse("assessments:results", args=[assessment.token]), follow=True)

    assert [p.status_code for p in pages] == [410, 410, 410]
    assert [p.templates[0].name for p in pages] == ["assessments/round_closed.html"] * 3
    # No "Welcome back — your answers so far are saved." above a page that can't be answered.
    assert (results.status_code, list(results.context["messages"])) == (410, [])


def test_round_closed_page_tells_respondent_answers_are_kept(client, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    services.round_close(round=acme_round)

    page = client.get(reverse("assessments:step", args=[assessment.token, 2]))

    text = page.content.decode()
    assert "The answers saved before the round closed are kept." in text
    assert "please ask the person who sent you the link" in text
    assert reverse("assessments:delete", args=[assessment.token]) in text
    assert reverse("consulting:round_detail", args=[acme_round.pk]) not in text


def test_round_closed_page_sends_round_owner_to_reopen_it(alice, acme_round, cx_model):
    started = alice.post(
        reverse("consulting:round_facilitate", args=[acme_round.pk]), {"facilitated-respondent_name": "Workshop"}
    )
    assessment = assessment_at(started.url)
    services.round_close(round=acme_round)

    page = alice.get(reverse("assessments:resume", args=[assessment.token]))

    assert page.status_code == 410
    assert (
        f'<a href="{reverse("consulting:round_detail", args=[acme_round.pk])}">Go to the round\'s page</a> to reopen it.'
        in page.content.decode()
    )


def test_unfinished_respondent_can_finish_once_round_reopens(client, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    services.round_close(round=acme_round)
    client.get(reverse("assessments:step", args=[assessment.token, 2]))
    services.round_reopen(round=acme_round)

    response = answer_all(client, assessment, 3)

    assert response.url == reverse("assessments:results", args=[assessment.token])
    assert selectors.round_team_result(round=acme_round).completed == 1


def test_unfinished_respondent_of_archived_client_sees_closed_page(client, acme, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    services.client_archive(client=acme)

    page = client.get(reverse("assessments:step", args=[assessment.token, 2]))

    assert (page.status_code, page.templates[0].name) == (410, "assessments/round_closed.html")
    assert "This assessment round no longer takes answers" in page.content.decode()


def test_finished_respondent_still_sees_results_after_round_closes(client, acme_round, cx_model):
    started = client.post(invite(acme_round), {})
    assessment = assessment_at(started.url)
    answer_all(client, assessment, 3)
    services.round_close(round=acme_round)

    response = client.get(reverse("assessments:results", args=[assessment.token]))

    assert (response.status_code, response.templates[0].name) == (200, "assessments/results.html")


def test_unfinished_respondent_can_delete_answers_after_round_closes(client, acme_round, cx_model):
    assessment = started_with_first_step_saved(client, acme_round)
    services.round_close(round=acme_round)

    response = client.post(reverse("assessments:delete", args=[assessment.token]))

    assert (response.status_code, Assessment.objects.count()) == (302, 0)


def test_answers_save_refused_once_round_closes(acme_round, respond):
    assessment = respond(acme_round, 3, complete=False)
    question = assessment_services.questionnaire_steps()[0].questions[0]
    before = saved_answers(assessment)
    services.round_close(round=acme_round)

    with pytest.raises(assessment_services.RoundNotAccepting):
        assessment_services.answers_save(assessment=assessment, choices={question: question.options.all()[0]})
    assert saved_answers(assessment) == before


def test_assessment_complete_refused_once_round_closes(acme_round, respond):
    assessment = respond(acme_round, 3, complete=False)
    services.round_close(round=acme_round)

    with pytest.raises(assessment_services.RoundNotAccepting):
        assessment_services.assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    assert (assessment.completed_at, assessment.result) == (None, None)


def test_round_page_marks_unfinished_responses_when_closed(alice, acme_round, respond):
    respond(acme_round, 3, name="Done")
    respond(acme_round, 3, name="Halfway", complete=False)
    services.round_close(round=acme_round)

    page = alice.get(reverse("consulting:round_detail", args=[acme_round.pk])).content.decode()

    assert "the people who started but didn't finish can't finish until the round is reopened." in page
    assert page.count("<td>Not finished</td>") == 1
    assert page.count("In progress") == 0


def test_invite_flow_end_to_end_counts_on_round_page(client, alice, acme_round, cx_model):
    respondent = type(client)()
    started = respondent.post(invite(acme_round), {"respondent_role": "Frontline"})
    answer_all(respondent, assessment_at(started.url), 2)

    team = alice.get(reverse("consulting:round_detail", args=[acme_round.pk])).context["team"]

    assert (team.completed, team.started, team.stage_number) == (1, 1, 2)


# --- Facilitation --------------------------------------------------------------------------


def test_facilitate_starts_facilitated_assessment_with_note_fields(alice, acme_round, cx_model):
    response = alice.post(
        reverse("consulting:round_facilitate", args=[acme_round.pk]),
        {"facilitated-respondent_name": "Workshop", "facilitated-respondent_role": "Leadership team"},
    )

    assessment = assessment_at(response.url)
    step = alice.get(response.url)
    first_step = assessment_services.questionnaire_steps()[0]
    assert (assessment.facilitated, assessment.round, assessment.respondent_name, assessment.respondent_role) == (
        True,
        acme_round,
        "Workshop",
        "Leadership team",
    )
    assert response.url == reverse("assessments:step", kwargs={"token": assessment.token, "number": 1})
    assert step.content.count(b'name="note_') == len(first_step.questions)


def test_facilitate_closed_round_creates_nothing(alice, acme_round, cx_model):
    services.round_close(round=acme_round)

    response = alice.post(reverse("consulting:round_facilitate", args=[acme_round.pk]), {})

    assert (response.url, Assessment.objects.count()) == (reverse("consulting:round_detail", args=[acme_round.pk]), 0)


def test_facilitate_get_not_allowed(alice, acme_round):
    assert alice.get(reverse("consulting:round_facilitate", args=[acme_round.pk])).status_code == 405


def test_facilitated_notes_show_on_respondent_page(alice, acme_round, respond):
    assessment = respond(acme_round, 3, name="Workshop", facilitated=True, complete=False)
    Answer.objects.filter(assessment=assessment).update(note="Seen in the Q3 board pack")
    assessment_services.assessment_complete(assessment=assessment)

    response = alice.get(reverse("consulting:respondent_detail", args=[acme_round.pk, assessment.pk]))

    assert response.content.count(b"Seen in the Q3 board pack") == Answer.objects.filter(assessment=assessment).count()


def facilitated_step_one(alice, acme_round):
    started = alice.post(reverse("consulting:round_facilitate", args=[acme_round.pk]), {})
    assessment = assessment_at(started.url)
    step = assessment_services.questionnaire_steps()[0]
    return assessment, step, reverse("assessments:step", args=[assessment.token, 1])


def test_results_of_a_facilitated_session_link_back_to_the_round_for_its_consultant_only(
    alice, client, acme_round, respond
):
    workshop = respond(acme_round, 3, facilitated=True)
    url = reverse("assessments:results", args=[workshop.token])
    back = reverse("consulting:round_detail", args=[acme_round.pk])

    as_consultant = alice.get(url).content.decode()
    alice.logout()
    as_anyone_with_the_link = alice.get(url).content.decode()

    assert (back in as_consultant, back in as_anyone_with_the_link) == (True, False)


def test_facilitated_note_without_answer_is_kept_on_back(alice, acme_round, cx_model):
    _assessment, step, url = facilitated_step_one(alice, acme_round)
    question = step.questions[0]

    response = alice.post(url, {f"note_{question.code}": "Board pack, p. 4", "action": "back"})

    # Not redirected away (the note has nowhere to be saved yet): shown again with its error.
    assert response.status_code == 200
    assert response.context["form"][f"note_{question.code}"].value() == "Board pack, p. 4"
    assert response.context["form"].errors[f"note_{question.code}"] == [
        "Choose an answer for this question too: a note is saved with its answer."
    ]


def test_facilitated_note_without_answer_on_a_step_list_move_flags_only_the_note(alice, acme_round, cx_model):
    started = alice.post(
        reverse("consulting:round_facilitate", args=[acme_round.pk]), {"facilitated-respondent_name": "Board"}
    )
    assessment = assessment_at(started.url)
    question = assessment_services.questionnaire_steps()[0].questions[0]

    response = alice.post(
        reverse("assessments:step", args=[assessment.token, 1]),
        {f"note_{question.code}": "CRM is a spreadsheet", "goto": "3"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"note_{question.code}"]


def test_facilitated_note_with_answer_is_saved_on_back(alice, acme_round, cx_model):
    assessment, step, url = facilitated_step_one(alice, acme_round)
    question = step.questions[0]
    option = question.options.get(level=2)

    response = alice.post(
        url, {f"q_{question.code}": option.pk, f"note_{question.code}": "Board pack", "action": "back"}
    )

    assert response.status_code == 302
    assert list(Answer.objects.filter(assessment=assessment).values_list("option", "note")) == [
        (option.pk, "Board pack")
    ]


def test_facilitated_note_edited_without_its_answer_updates_the_saved_answer(alice, acme_round, cx_model):
    assessment, step, url = facilitated_step_one(alice, acme_round)
    question = step.questions[0]
    option = question.options.get(level=2)
    alice.post(url, {f"q_{question.code}": option.pk, "action": "back"})

    # A post that carries the note but not the radio (a tampered or partial form) keeps the answer.
    alice.post(url, {f"note_{question.code}": "Added later", "action": "back"})

    assert list(Answer.objects.filter(assessment=assessment).values_list("option", "note")) == [
        (option.pk, "Added later")
    ]


def test_facilitated_overlong_note_on_back_is_an_error_not_a_silent_loss(alice, acme_round, cx_model):
    assessment, step, url = facilitated_step_one(alice, acme_round)
    question = step.questions[0]
    option = question.options.get(level=2)

    response = alice.post(url, {f"q_{question.code}": option.pk, f"note_{question.code}": "x" * 2001, "action": "back"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"note_{question.code}"]
    # The answer itself was valid and is saved; the note waits in the form to be shortened.
    assert list(Answer.objects.filter(assessment=assessment).values_list("option", "note")) == [(option.pk, "")]


# --- Team results ------------------------------------------------------------------------------


@pytest.fixture
def team_round(acme_round, respond):
    """Three completed responses and one unfinished: leadership split 1 / 3 / 3, the rest at 3 (A at 4)."""
    respond(acme_round, {"leadership": 1}, default=4, role="Executive", department="Board", name="Ann")
    respond(acme_round, 3, role="Frontline", department="Service")
    respond(acme_round, 3, role="frontline", department="Service")
    respond(acme_round, 2, complete=False, role="Frontline")
    return acme_round


@pytest.fixture
def groups_round(acme_round, respond):
    """A client whose minimum group size is 3: three executives at leadership 1 (Board), three frontline at 3 (Service), one in Ops."""
    Client.objects.filter(pk=acme_round.client_id).update(min_group_size=3)
    acme_round.client.refresh_from_db()
    for _ in range(3):
        respond(acme_round, {"leadership": 1}, default=4, role="Executive", department="Board")
    for role in ("Frontline", "frontline", "Frontline"):
        respond(acme_round, 3, role=role, department="Service")
    respond(acme_round, 2, role="COO", department="Ops", name="Olga")
    return acme_round


def test_team_counts_and_completion_rate(team_round):
    team = selectors.round_team_result(round=team_round)

    assert (team.completed, team.started, team.completion_rate) == (3, 4, 0.75)
    assert [r.label for r in team.respondents] == ["Ann", "Respondent 2", "Respondent 3", "Respondent 4"]


def test_team_dimension_stats_hand_checked(team_round):
    team = selectors.round_team_result(round=team_round)

    stats = {s.key: (s.mean, s.minimum, s.maximum, s.spread) for s in team.summaries}
    assert stats["leadership"] == (pytest.approx(7 / 3), 1.0, 3.0, 2.0)
    assert stats["data"] == (pytest.approx(10 / 3), 3.0, 4.0, 1.0)


def test_team_placement_scores_pooled_answers(team_round):
    team = selectors.round_team_result(round=team_round)

    pooled = team.pooled.scores
    # leadership: 5 answers at 1 and 10 at 3; others: 5 (or 4) at 4 and twice as many at 3.
    assert (pooled["leadership"], pooled["data"], pooled["culture"]) == (2.33, 3.33, 3.33)
    assert (team.pooled.stage.number, team.pooled.respondents) == (3, 3)


def test_team_disagreement_flags_only_questions_three_levels_apart(team_round):
    team = selectors.round_team_result(round=team_round)

    leadership = list(Dimension.objects.get(slug="leadership").questions.values_list("code", flat=True))
    assert sorted(d.question for d in team.disagreements) == sorted(leadership)
    assert {d.levels for d in team.disagreements} == {(1, 3, 3)}


def test_team_breakdown_by_role_and_department_with_perception_gap(groups_round):
    team = selectors.round_team_result(round=groups_round)

    roles = [(g.name, g.respondents, g.means["data"]) for g in team.by_role.groups]
    departments = [(g.name, g.means["leadership"]) for g in team.by_department.groups]
    assert roles == [("Executive", 3, 4.0), ("Frontline", 3, 3.0)]
    assert departments == [("Board", 1.0), ("Service", 3.0)]
    assert [(g.dimension, g.high_group, g.low_group) for g in team.by_department.gaps] == [
        ("leadership", "Service", "Board")
    ]
    assert [g.dimension for g in team.by_role.gaps] == ["leadership"]
    assert (team.by_role.hidden, team.by_department.hidden) == (1, 1)


def test_team_breakdown_groups_below_the_minimum_are_not_shown(team_round):
    """Default minimum 5: a group of one executive and one of two frontline staff are people, not groups."""
    team = selectors.round_team_result(round=team_round)

    assert (team.by_role.groups, team.by_role.gaps, team.by_role.hidden) == ([], [], 3)
    assert (team.by_department.groups, team.by_department.hidden) == ([], 3)
    assert [d.groups for d in team.disagreements] == [()] * len(team.disagreements)


def test_team_page_hides_roles_of_small_groups_but_counts_their_answers(alice, team_round):
    response = alice.get(reverse("consulting:round_detail", args=[team_round.pk]))

    html = response.content.decode()
    table = html[html.index('<table class="table table-sm align-middle respondents"') :]
    table = table[: table.index("</table>")]
    assert [(r.role, r.department) for r in response.context["team"].respondents] == [("", "")] * 4
    assert [name for name in ("Executive", "Frontline", "Board", "Service") if name in table] == []
    assert response.context["team"].completed == 3


def test_team_confidence_per_dimension_hand_checked(team_round):
    team = selectors.round_team_result(round=team_round)

    data = next(s for s in team.summaries if s.key == "data")
    # scores 4, 3, 3: sd = sqrt(2)/3; no "Not sure"; three respondents.
    assert data.confidence == pytest.approx(0.75 * (1 - (2**0.5 / 3) / 2))


def test_team_page_shows_table_flags_and_radar_traces(alice, groups_round):
    response = alice.get(reverse("consulting:round_detail", args=[groups_round.pk]))

    chart = response.context["chart"]
    assert response.status_code == 200
    assert [t["name"] for t in chart["data"]] == ["Team score", "Executive", "Frontline", "Target"]
    assert response.content.count(b"<h1") == 1
    assert response.content.count(b'class="alert alert-warning perception-gap"') == 2
    assert b"Team placement: Stage 3" in response.content
    assert b'data-source="team-radar-data"' in response.content


def test_team_radar_without_two_roles_shows_lowest_and_highest(alice, acme_round, respond):
    respond(acme_round, 2)
    respond(acme_round, 4)

    chart = alice.get(reverse("consulting:round_detail", args=[acme_round.pk])).context["chart"]

    assert [t["name"] for t in chart["data"]] == ["Team score", "Lowest respondent", "Highest respondent", "Target"]
    assert chart["data"][1]["r"][:6] == [2.0] * 6


def test_team_page_without_responses_has_no_chart(alice, acme_round, cx_model):
    response = alice.get(reverse("consulting:round_detail", args=[acme_round.pk]))

    assert (response.status_code, response.context["chart"]) == (200, None)
    assert b"plotly" not in response.content


def test_team_target_trace_and_roadmap_follow_client_targets(alice, team_round):
    ClientTarget.objects.create(client=team_round.client, dimension=Dimension.objects.get(slug="data"), level=5)

    team = selectors.round_team_result(round=team_round)

    targets = dict(zip([d.key for d in team.dimensions], team.target_levels))
    gaps = {g["key"]: g["target"] for g in team.pooled.roadmap["gaps"]}
    assert (targets["data"], targets["culture"]) == (5, 4)
    assert gaps["data"] == 5


def test_team_result_unchanged_by_later_edits_of_questions_and_answers(team_round):
    before = selectors.round_team_result(round=team_round)

    Question.objects.update(text="Edited question?")
    Answer.objects.filter(assessment__round=team_round).update(note="edited later")
    after = selectors.round_team_result(round=team_round)

    assert (after.summaries, after.disagreements, after.pooled) == (
        before.summaries,
        before.disagreements,
        before.pooled,
    )


def edit_the_model_in_admin_ways():
    """Every kind of model edit that would re-place a team scored against the live model."""
    ScoreBand.objects.filter(stage__number=3).update(min_score="1.60")
    Dimension.objects.filter(slug="data").update(weight=5, name="Renamed data")
    Dimension.objects.filter(slug="leadership").update(slug="leadership-strategy")
    Question.objects.filter(dimension__slug="culture").update(is_active=False)
    Recommendation.objects.update(title="Edited action")


def test_team_result_unchanged_by_later_admin_edits_of_the_model(team_round):
    before = selectors.round_team_result(round=team_round)

    edit_the_model_in_admin_ways()
    after = selectors.round_team_result(round=Round.objects.get(pk=team_round.pk))

    assert [d.key for d in after.dimensions] == [d.key for d in before.dimensions]
    assert (after.summaries, after.pooled) == (before.summaries, before.pooled)


def test_team_result_keeps_scoring_later_respondents_against_the_frozen_model(acme_round, respond):
    respond(acme_round, 2)
    selectors.round_team_result(round=acme_round)  # first shown: the model is frozen for this round

    Dimension.objects.filter(slug="data").update(weight=5)
    respond(acme_round, {"data": 4}, default=2)
    team = selectors.round_team_result(round=Round.objects.get(pk=acme_round.pk))

    # Six equally weighted dimensions, data pooled at 3 and the rest at 2: 13/6 = 2.1666…, not the 2.5 of weight 5.
    assert (team.completed, team.pooled.score.overall) == (2, 2.16)


def test_team_result_of_a_round_first_shown_after_an_edit_uses_the_edited_model(team_round):
    ScoreBand.objects.filter(stage__number=3).update(min_score="1.60")

    team = selectors.round_team_result(round=team_round)

    # Leadership's mean of 7/3 caps the placement at stage 3, which the lowered band now reaches.
    assert team.stage_number == 3


def test_compare_and_team_pdf_unchanged_by_later_admin_edits(alice, two_rounds):
    spring, autumn = two_rounds
    compare_url = reverse("consulting:round_compare", args=[spring.client.pk])
    before = alice.get(compare_url).context["comparison"]
    pdf_before = pdf_text(alice.get(reverse("consulting:round_pdf", args=[autumn.pk])).content)

    edit_the_model_in_admin_ways()
    cache.clear()
    after = alice.get(compare_url).context["comparison"]
    pdf_after = pdf_text(alice.get(reverse("consulting:round_pdf", args=[autumn.pk])).content)

    assert (after.deltas, after.movement, after.stage_change) == (before.deltas, before.movement, before.stage_change)
    assert pdf_after == pdf_before


def test_model_inputs_survive_the_json_round_trip(cx_model):
    inputs = assessment_services.model_inputs()

    assert assessment_services.model_inputs_from_json(assessment_services.model_inputs_to_json(inputs)) == inputs


# --- Comparison ------------------------------------------------------------------------------


@pytest.fixture
def two_rounds(acme, respond):
    spring = services.round_create(client=acme, title="Spring", opened_on=datetime.date(2026, 3, 1))
    autumn = services.round_create(client=acme, title="Autumn", opened_on=datetime.date(2026, 9, 1))
    services.round_create(client=acme, title="Empty later", opened_on=datetime.date(2026, 12, 1))
    respond(spring, 2)
    respond(spring, {"data": 1}, default=2)
    respond(autumn, {"data": 4}, default=3)
    return spring, autumn


def test_compare_defaults_to_latest_two_rounds_with_results(alice, two_rounds):
    spring, autumn = two_rounds

    response = alice.get(reverse("consulting:round_compare", args=[spring.client.pk]))

    comparison = response.context["comparison"]
    assert (comparison.before.round, comparison.after.round) == (spring, autumn)
    assert comparison.movement == "Stage 2 → Stage 3"
    assert b"Stage 2 \xe2\x86\x92 Stage 3" in response.content


def test_compare_deltas_per_dimension(alice, two_rounds):
    spring, _autumn = two_rounds

    comparison = alice.get(reverse("consulting:round_compare", args=[spring.client.pk])).context["comparison"]

    deltas = {d.key: (d.before, d.after, d.delta) for d in comparison.deltas}
    assert deltas["data"] == (1.5, 4.0, 2.5)
    assert deltas["leadership"] == (2.0, 3.0, 1.0)
    assert comparison.stage_change == 1


def test_compare_both_rounds_on_one_radar(alice, two_rounds):
    spring, _autumn = two_rounds

    chart = alice.get(reverse("consulting:round_compare", args=[spring.client.pk])).context["chart"]

    assert [t["name"] for t in chart["data"]] == ["Spring", "Autumn"]


def test_compare_chart_shows_the_tables_cut_figures(alice, acme, respond):
    spring = services.round_create(client=acme, title="Spring", opened_on=datetime.date(2026, 3, 1))
    autumn = services.round_create(client=acme, title="Autumn", opened_on=datetime.date(2026, 9, 1))
    for level in (2, 3, 3):  # a data mean of 8/3: 2.66 in the table, never 2.67 in the hover
        respond(spring, {"data": level}, default=3)
    respond(autumn, 3)

    response = alice.get(reverse("consulting:round_compare", args=[acme.pk]), {"before": spring.pk, "after": autumn.pk})

    chart, deltas = response.context["chart"], response.context["comparison"].deltas
    data_axis = [d.key for d in deltas].index("data")
    assert chart["data"][0]["r"][data_axis] == 2.66


def test_compare_explicit_choice_swapped(alice, two_rounds):
    spring, autumn = two_rounds

    response = alice.get(
        reverse("consulting:round_compare", args=[spring.client.pk]), {"before": autumn.pk, "after": spring.pk}
    )

    assert response.context["comparison"].movement == "Stage 3 → Stage 2"


def test_compare_a_round_with_itself_asks_for_two_different_rounds(alice, two_rounds):
    spring, _ = two_rounds

    response = alice.get(
        reverse("consulting:round_compare", args=[spring.client.pk]), {"before": spring.pk, "after": spring.pk}
    )

    assert (response.context["comparison"], response.context["same_round"]) == (None, True)
    assert "Pick two different rounds" in response.content.decode()


def test_round_page_offers_compare_only_with_two_rounds_of_results(alice, acme, respond):
    first = services.round_create(client=acme, title="First")
    second = services.round_create(client=acme, title="Second")
    compare = reverse("consulting:round_compare", args=[acme.pk])
    respond(first, 3)

    with_one = alice.get(reverse("consulting:round_detail", args=[first.pk])).content.decode()
    respond(second, 3)
    with_two = alice.get(reverse("consulting:round_detail", args=[first.pk])).content.decode()

    assert (compare in with_one, compare in with_two) == (False, True)


def test_compare_with_one_round_of_results_explains(alice, acme_round, respond):
    respond(acme_round, 3)

    response = alice.get(reverse("consulting:round_compare", args=[acme_round.client.pk]))

    assert (response.status_code, response.context["comparison"]) == (200, None)
    assert b"Comparisons need two rounds" in response.content
    form = response.context["form"]
    assert (form["before"].value(), form["after"].value()) == (None, None)
    assert form.fields["before"].choices[0] == ("", "Choose a round")


# --- Team PDF --------------------------------------------------------------------------------


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def team_round_stage(round):
    """The part of the title that names the team placement: "N to Stage M", or "N: sustain and innovate"."""
    team = selectors.round_team_result(round=round)
    roadmap = team.pooled.roadmap
    number = team.pooled.stage.number
    return (
        f"{number}: sustain and innovate"
        if roadmap["mode"] == "sustain"
        else f"{number} to Stage {roadmap['target_stage']['number']}"
    )


def test_team_pdf_cover_names_consultant_firm_client_round_and_respondents(alice, consultant, team_round):
    services.profile_update(user=consultant, first_name="Alice", last_name="Archer", firm="Archer & Co")

    response = alice.get(reverse("consulting:round_pdf", args=[team_round.pk]))

    text = pdf_text(response.content)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="cx-team-roadmap-acme-ltd-baseline.pdf"'
    assert "Prepared by Alice Archer, Archer & Co" in text
    assert "Acme Ltd" in text and "Baseline" in text
    assert "3 respondents" in text
    assert (
        PdfReader(io.BytesIO(response.content)).metadata.title
        == f"Team CX maturity roadmap — Stage {team_round_stage(team_round)}"
    )


def test_team_pdf_shows_facilitation_notes(alice, acme_round, respond):
    workshop = respond(acme_round, {"data": 1}, default=3, facilitated=True, complete=False)
    Answer.objects.filter(assessment=workshop, question__dimension__slug="data").update(note="CRM is a spreadsheet")
    assessment_services.assessment_complete(assessment=workshop)

    text = pdf_text(alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])).content)

    assert "Note: CRM is a spreadsheet" in text


def test_team_pdf_shows_notes_even_when_weaker_answers_fill_the_shortlist(alice, acme_round, respond):
    respond(acme_round, {"data": 1}, default=3)
    workshop = respond(acme_round, {"data": 2}, default=3, facilitated=True, complete=False)
    Answer.objects.filter(assessment=workshop, question__dimension__slug="data").update(note="CRM is a spreadsheet")
    assessment_services.assessment_complete(assessment=workshop)

    text = " ".join(pdf_text(alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])).content).split())

    assert "Note: CRM is a spreadsheet" in text


def test_team_pdf_gives_the_team_pages_confidence_and_one_respondent_in_the_singular(alice, acme_round, respond):
    respond(acme_round, 3)
    team = selectors.round_team_result(round=acme_round)

    text = " ".join(pdf_text(alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])).content).split())

    assert "· 1 respondent" in text and "1 respondents" not in text
    assert "Dimension Team score Stage 4 level Confidence" in text  # no heading broken inside a word
    assert "confidence 100%" not in text
    first = team.summaries[0]
    assert f"{first.name} 3.00 {team.target_levels[0]} {round(first.confidence * 100)}%" in text


def test_team_pdf_gives_a_mean_score_the_same_figures_in_table_and_roadmap(alice, acme_round, respond):
    respond(acme_round, {"data": 2}, default=3)
    respond(acme_round, 3)
    respond(acme_round, 3)  # Data's mean is 8/3: 2.66 wherever it is shown, never 2.67
    team = selectors.round_team_result(round=acme_round)
    data = next(i for i, s in enumerate(team.summaries) if s.key == "data")
    target = team.target_levels[data]

    text = " ".join(pdf_text(alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])).content).split())

    assert f"{team.summaries[data].name} 2.66 {target}" in text
    assert f"Score 2.66 · target {target} · gap {target - 2.66:.2f}" in text
    assert "2.67" not in text


def test_team_pdf_cache_follows_profile_change(alice, consultant, team_round):
    url = reverse("consulting:round_pdf", args=[team_round.pk])
    alice.get(url)
    services.profile_update(user=consultant, first_name="Alice", last_name="Archer", firm="New Firm")

    assert "Prepared by Alice Archer, New Firm" in pdf_text(alice.get(url).content)


def test_team_pdf_letter_and_bad_size(alice, team_round):
    url = reverse("consulting:round_pdf", args=[team_round.pk])

    letter = alice.get(url, {"size": "letter"})
    bad = alice.get(url, {"size": "a0"})

    width, height = PdfReader(io.BytesIO(letter.content)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height)), bad.status_code) == (612, 792, 400)


def test_team_pdf_without_responses_is_404(alice, acme_round, cx_model):
    assert alice.get(reverse("consulting:round_pdf", args=[acme_round.pk])).status_code == 404


def test_team_roadmap_lists_each_holding_back_question_once(team_round):
    team = selectors.round_team_result(round=team_round)

    leadership = next(g for g in team.pooled.roadmap["gaps"] if g["key"] == "leadership")
    questions = [a["question"] for a in leadership["holding_back"]]
    assert (len(questions), len(set(questions))) == (5, 5)
    assert {a["level"] for a in leadership["holding_back"]} == {1}


def test_client_page_lists_rounds_latest_first_with_counts(alice, acme, respond):
    spring = services.round_create(client=acme, title="Spring", opened_on=datetime.date(2026, 3, 1))
    services.round_create(client=acme, title="Autumn", opened_on=datetime.date(2026, 9, 1))
    respond(spring, 3)
    respond(spring, 3, complete=False)

    rounds = alice.get(reverse("consulting:client_detail", args=[acme.pk])).context["rounds"]

    assert [(r.title, r.completed, r.started) for r in rounds] == [("Autumn", 0, 0), ("Spring", 1, 2)]


def test_respondent_page_of_unfinished_session_in_closed_round_offers_no_continue(alice, acme_round, respond):
    assessment = respond(acme_round, 3, name="Workshop", facilitated=True, complete=False)
    url = reverse("consulting:respondent_detail", args=[acme_round.pk, assessment.pk])
    before = alice.get(url).content.decode()
    services.round_close(round=acme_round)

    after = alice.get(url).content.decode()

    # The private link itself is not stored: the page links to the consultant's way back in.
    resume = reverse("consulting:respondent_continue", args=[acme_round.pk, assessment.pk])
    assert (before.count(resume), after.count(resume)) == (1, 0)
    assert re.findall(r'<dt class="col-5">Status</dt><dd class="col-7">(.*?)</dd>', after) == [
        "Not finished (the round is closed)"
    ]


def test_round_close_message_says_unfinished_people_cannot_finish(alice, acme_round):
    response = alice.post(reverse("consulting:round_close", args=[acme_round.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Round closed: the invite link no longer accepts new responses, and anyone still answering can't finish until you reopen it."
    ]


def test_team_pdf_has_spread_gaps_by_role_and_department_and_ranked_disagreements(alice, groups_round):
    response = alice.get(reverse("consulting:round_pdf", args=[groups_round.pk]))

    text = pdf_text(response.content)
    assert "How far apart the team is" in text
    assert "leadership & strategy: service 3.00 vs board 1.00 (difference 2.00)" in text.lower()
    assert "Where the team disagrees most" in text
    assert "By role: Executive (3): mean 1.00, levels 1×3; Frontline (3): mean 3.00, levels 3×3." in text
    # Olga, the one COO (in Ops), is below the minimum of 3: counted, never named.
    assert ("COO" in text, "Ops (" in text, "7 respondents" in text) == (False, False, True)


def test_team_pdf_without_groups_at_the_minimum_says_none_is_shown(alice, team_round):
    text = pdf_text(alice.get(reverse("consulting:round_pdf", args=[team_round.pk])).content)

    assert "No role has 5 or more respondents, so none is shown separately." in text
    assert ("Executive (" in text, "Frontline (" in text) == (False, False)
