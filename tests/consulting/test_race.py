"""Rounds under concurrency: people starting at once get numbers of their own; a finish racing the close."""

import functools
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from assessments import services as assessment_services
from assessments.models import Assessment
from consulting import selectors, services


def run_in_threads(*calls) -> list[Exception]:
    """Run each call in a thread (and database connection) of its own; what they raised.

    A deadlock or any other error is returned for the test to assert on,
    not lost in a thread.
    """
    errors = []

    def run(call):
        try:
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def finish_outcome(assessment):
    """What finishing answers: True (completed now), False (already was) or "refused" (the round closed)."""
    try:
        return assessment_services.assessment_complete(assessment=assessment)
    except assessment_services.RoundNotAccepting:
        return "refused"


@pytest.mark.django_db(transaction=True)
def test_respondents_starting_at_once_get_distinct_numbers(transactional_db):
    owner = get_user_model().objects.create_user("racer")
    round = services.round_create(client=services.client_create(owner=owner, name="Acme"), title="Baseline")
    people = 8
    barrier = threading.Barrier(people)

    def start():
        barrier.wait()
        services.round_response_start(round=round)

    errors = run_in_threads(*[start] * people)

    round.refresh_from_db()
    assert errors == []
    assert sorted(Assessment.objects.filter(round=round).values_list("respondent_number", flat=True)) == list(
        range(1, people + 1)
    )
    assert round.respondents_started == people


@pytest.mark.django_db(transaction=True)
def test_finishing_while_the_round_closes_either_counts_or_is_refused(transactional_db, make_assessment):
    owner = get_user_model().objects.create_user("closer")
    round = services.round_create(client=services.client_create(owner=owner, name="Acme"), title="Baseline")
    people = 6
    started = [
        make_assessment(3, complete=False, round=round, start=services.round_response_start) for _ in range(people)
    ]
    barrier = threading.Barrier(people + 1)
    outcomes = {}

    def finish(assessment):
        barrier.wait()
        outcomes[assessment.pk] = finish_outcome(assessment)

    def close():
        barrier.wait()
        services.round_close(round=round)

    errors = run_in_threads(*[functools.partial(finish, a) for a in started], close)

    completed = set(Assessment.objects.filter(round=round, completed_at__isnull=False).values_list("pk", flat=True))
    assert errors == []
    assert sorted(outcomes.values(), key=str) == sorted(
        [True] * len(completed) + ["refused"] * (people - len(completed)), key=str
    )
    assert {pk for pk, outcome in outcomes.items() if outcome is True} == completed
    assert selectors.round_team_result(round=round).completed == len(completed)


@pytest.mark.django_db(transaction=True)
def test_a_close_landing_while_a_finish_is_scored_never_lets_it_count_after_the_close(
    transactional_db, make_assessment, monkeypatch
):
    owner = get_user_model().objects.create_user("closer")
    round = services.round_create(client=services.client_create(owner=owner, name="Acme"), title="Baseline")
    assessment = make_assessment(3, complete=False, round=round, start=services.round_response_start)
    scored, closed = threading.Event(), threading.Event()
    build = assessment_services.result_build
    outcome = {}

    def slow_build(**kwargs):
        result = build(**kwargs)
        scored.set()
        # PostgreSQL: the close commits now, between this finish's scoring and its round lock.
        # SQLite has one writer: the close cannot start until this transaction ends.
        closed.wait(timeout=3)
        return result

    monkeypatch.setattr(assessment_services, "result_build", slow_build)

    def finish():
        outcome["finish"] = finish_outcome(assessment)

    def close():
        scored.wait(timeout=10)
        services.round_close(round=round)
        closed.set()

    errors = run_in_threads(finish, close)

    assessment.refresh_from_db()
    round.refresh_from_db()
    assert errors == []
    assert round.closed_at is not None
    if connection.vendor == "postgresql":
        assert (outcome["finish"], assessment.completed_at) == ("refused", None)
    else:
        # The close queued behind the whole finish, which therefore counts.
        assert outcome["finish"] is True
        assert assessment.completed_at <= round.closed_at
