"""A round's team figures are stored and read back, and rebuilt whenever what they are built from changes."""

import json
import logging

import pytest

from assessments.models import Assessment
from consulting import plan, selectors, services
from consulting.models import RoundFigures
from maturity.team_figures import FORMAT_VERSION, TeamFigures
from stages.models import Dimension


def means(round):
    return {s.key: s.mean for s in selectors.round_team_result(round=round).summaries}


def fresh_build(round) -> TeamFigures:
    respondents = selectors.round_respondents(round=round)
    done = [r for r in respondents if r.finished and not r.excluded]
    return selectors.build_team_figures(
        round=round,
        done=done,
        min_group=round.client.min_group_size,
        targets=services.client_targets(client=round.client),
    )


@pytest.fixture
def answered_round(acme_round, respond):
    respond(acme_round, {"leadership": 1}, default=4, role="Executive", department="Board")
    respond(acme_round, 3, role="Frontline", department="Service")
    respond(acme_round, 2, complete=False)
    return acme_round


def test_team_figures_stored_equal_a_fresh_build(answered_round):
    selectors.round_team_result(round=answered_round)

    stored = RoundFigures.objects.get(round=answered_round).data

    assert stored == json.loads(json.dumps(fresh_build(answered_round).to_json()))


def test_team_figures_second_read_uses_the_stored_figures(answered_round, monkeypatch):
    first = selectors.round_team_result(round=answered_round)

    def no_build(**kwargs):
        raise AssertionError("rebuilt although nothing changed")

    monkeypatch.setattr(selectors, "build_team_figures", no_build)
    second = selectors.round_team_result(round=answered_round)

    assert (second.summaries, second.disagreements, second.by_role) == (
        first.summaries,
        first.disagreements,
        first.by_role,
    )
    assert second.stage_number == first.stage_number


def test_team_figures_rebuilt_when_another_response_completes(answered_round, respond):
    assert means(answered_round)["leadership"] == 2.0  # 1 and 3

    respond(answered_round, {"leadership": 5}, default=3)

    assert means(answered_round)["leadership"] == 3.0
    assert selectors.round_team_result(round=answered_round).completed == 3


def test_team_figures_rebuilt_when_a_response_is_excluded_and_included_again(answered_round):
    selectors.round_team_result(round=answered_round)
    first = selectors.round_respondents(round=answered_round)[0].assessment

    plan.response_exclude(round=answered_round, assessment=first, reason="A test run")
    assert means(answered_round)["leadership"] == 3.0

    plan.response_include(round=answered_round, assessment=first)
    assert means(answered_round)["leadership"] == 2.0


def test_team_figures_rebuilt_when_a_response_is_deleted(answered_round):
    selectors.round_team_result(round=answered_round)

    second = selectors.round_respondents(round=answered_round)[1].assessment
    Assessment.objects.get(pk=second.pk).delete()  # as its owner's delete button does: the whole row

    team = selectors.round_team_result(round=answered_round)
    assert (team.completed, team.means["leadership"]) == (1, 1.0)


def test_team_figures_rebuilt_when_the_client_changes_a_target(answered_round):
    before = selectors.round_team_result(round=answered_round)
    assert before.target_levels[0] != 5

    leadership = Dimension.objects.get(slug=before.dimensions[0].key)
    services.client_targets_set(client=answered_round.client, levels={leadership: 5})

    assert selectors.round_team_result(round=answered_round).target_levels[0] == 5


def test_team_figures_rebuilt_when_the_client_changes_its_minimum_group(acme_round, respond):
    for role in ("Executive", "Executive", "Executive", "Frontline"):
        respond(acme_round, 3, role=role, department="Board")
    services.client_update(client=acme_round.client, name="Acme Ltd", min_group_size=3)
    acme_round.client.refresh_from_db()
    assert [g.name for g in selectors.round_team_result(round=acme_round).by_role.groups] == ["Executive"]

    services.client_update(client=acme_round.client, name="Acme Ltd", min_group_size=5)
    acme_round.client.refresh_from_db()

    assert selectors.round_team_result(round=acme_round).by_role.groups == []


def test_team_figures_unreadable_are_rebuilt_and_logged(answered_round, caplog):
    expected = selectors.round_team_result(round=answered_round).summaries
    RoundFigures.objects.filter(round=answered_round).update(data={"version": 0})

    with caplog.at_level(logging.WARNING, logger="consulting.selectors"):
        team = selectors.round_team_result(round=answered_round)

    assert team.summaries == expected
    assert [r.getMessage() for r in caplog.records] == [
        f"Stored team figures of round {answered_round.pk} could not be read; rebuilding them"
    ]
    assert RoundFigures.objects.get(round=answered_round).data["version"] == FORMAT_VERSION


def test_team_figures_not_stored_before_the_first_completed_response(acme_round, respond):
    respond(acme_round, 3, complete=False)

    team = selectors.round_team_result(round=acme_round)

    assert (team.completed, team.pooled, RoundFigures.objects.count()) == (0, None, 0)


def test_team_pooled_result_keeps_no_list_of_everyones_answers(answered_round):
    team = selectors.round_team_result(round=answered_round)

    assert (team.pooled.answers, team.pooled.to_json()["answers"], team.pooled.respondents) == ((), [], 2)


def test_team_figures_refresh_queued_when_a_round_respondent_finishes(client, acme_round, respond):
    from django_tasks_db.models import DBTaskResult

    from consulting.tasks import refresh_team_figures
    from tests.factories import answer_all

    person = respond(acme_round, 3, complete=False)
    answer_all(client, person, 3)

    queued = DBTaskResult.objects.filter(task_path=refresh_team_figures.module_path, status="READY")
    assert [task.args_kwargs["args"] for task in queued] == [[acme_round.pk]]


def test_team_figures_refreshed_by_the_worker_are_read_as_stored(answered_round, respond, monkeypatch):
    from consulting.tasks import refresh_team_figures

    selectors.round_team_result(round=answered_round)
    respond(answered_round, {"leadership": 5}, default=3)

    assert refresh_team_figures.call(answered_round.pk) is True
    monkeypatch.setattr(selectors, "build_team_figures", lambda **kwargs: pytest.fail("rebuilt in the page view"))
    assert means(answered_round)["leadership"] == 3.0


def test_team_figures_refresh_of_a_deleted_round_does_nothing(answered_round):
    from consulting.tasks import refresh_team_figures

    pk = answered_round.pk
    answered_round.delete()

    assert refresh_team_figures.call(pk) is False


def test_team_figures_rebuilt_after_a_deploy_that_changes_the_code(answered_round, monkeypatch):
    first = selectors.round_team_result(round=answered_round)
    built = []
    real_build = selectors.build_team_figures
    monkeypatch.setattr(selectors, "build_team_figures", lambda **kw: built.append(1) or real_build(**kw))

    monkeypatch.setattr(selectors, "_code_digest", lambda: "the next release")
    second = selectors.round_team_result(round=answered_round)

    assert (built, second.summaries, second.figures_key != first.figures_key) == ([1], first.summaries, True)


def test_team_figures_key_names_the_counted_responses(answered_round):
    before = selectors.round_team_result(round=answered_round).figures_key
    first = selectors.round_respondents(round=answered_round)[0].assessment

    plan.response_exclude(round=answered_round, assessment=first, reason="A test run")
    excluded = selectors.round_team_result(round=answered_round).figures_key
    plan.response_include(round=answered_round, assessment=first)

    assert (len(before), excluded != before, selectors.round_team_result(round=answered_round).figures_key) == (
        64,
        True,
        before,
    )
