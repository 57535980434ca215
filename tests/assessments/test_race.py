"""Two tabs finishing at once complete the assessment exactly once."""

import threading
from contextlib import nullcontext

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection

from assessments import services
from assessments.models import Assessment


@pytest.mark.django_db(transaction=True)
def test_finish_race_completes_exactly_once(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)
    steps = services.questionnaire_steps()
    winners = []
    errors = []
    rounds = 10 if connection.vendor == "postgresql" else 5
    for _ in range(rounds):
        assessment = services.assessment_start()
        services.answers_save(
            assessment=assessment,
            choices={q: q.options.get(level=3) for s in steps for q in s.questions},
        )
        barrier = threading.Barrier(2)

        def finish(target=assessment, barrier=barrier):
            try:
                barrier.wait()
                winners.append(services.assessment_complete(assessment=target))
            except Exception as exc:  # recorded and asserted below
                errors.append(exc)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=finish) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert errors == []
    assert sorted(winners) == [False] * rounds + [True] * rounds
    assert Assessment.objects.filter(completed_at__isnull=False).count() == rounds


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_question_keep_one_answer(transactional_db):
    call_command("loaddata", "cx_model", verbosity=0)
    question = services.questionnaire_steps()[0].questions[0]
    assessment = services.assessment_start()
    errors = []
    barrier = threading.Barrier(2)

    def save(level):
        try:
            barrier.wait()
            services.answers_save(assessment=assessment, choices={question: question.options.get(level=level)})
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(lvl,)) for lvl in (2, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert assessment.answers.count() == 1


FINISHED_ELSEWHERE = (
    "This assessment was finished in another window, so the answers just sent were not saved. "
    "Here is the result it was finished with."
)


@pytest.mark.parametrize(("level_a", "level_b"), [(2, 4), (3, 3)], ids=["different-answers", "same-answers"])
@pytest.mark.django_db(transaction=True)
def test_two_tabs_pressing_finish_at_once_complete_once_and_lose_nothing_unsaid(
    transactional_db, cx_model, monkeypatch, level_a, level_b
):
    """Issue #19 item 7. Tab A has saved its last step but not yet finished when tab B posts Finish too.

    Tab A pauses right after saving its last step's answers, until tab B has either saved its own
    (when the save commits on its own, before the finish) or is about to take the lock tab A holds
    (when the save and the finish are one locked transaction). Either way both then run to the end.
    The tab that finished sees the result of its own answers; the other sees that result too, told
    that its answers were not saved when they differ. Exactly one completion, no error page.
    """
    from django.test import Client
    from django.urls import reverse

    from assessments import signals
    from tests.factories import option_at, step_data

    steps = services.questionnaire_steps()
    last = steps[-1]
    assessment = services.assessment_start()
    services.answers_save(assessment=assessment, choices={q: option_at(q, 3) for s in steps[:-1] for q in s.questions})
    url = reverse("assessments:step", args=[assessment.token, last.number])
    completions = []

    def completed(sender, *, assessment, **kwargs):
        completions.append(assessment.pk)

    signals.assessment_completed.connect(completed, dispatch_uid="test-finish-race")
    a_saved, b_saved, b_locking = threading.Event(), threading.Event(), threading.Event()
    real_save = services.answers_save

    def answers_save(**kwargs):
        real_save(**kwargs)
        tab = threading.current_thread().name
        if tab == "B":
            b_saved.set()
        elif tab == "A" and not a_saved.is_set():
            a_saved.set()
            # Still inside a transaction: A holds the row lock, so B can get no further than asking for it.
            assert (b_locking if connection.in_atomic_block else b_saved).wait(60), "tab B never got going"

    monkeypatch.setattr(services, "answers_save", answers_save)

    def b_about_to_lock(execute, sql, params, many, context):
        if "FOR UPDATE" in sql or sql.startswith("BEGIN"):
            b_locking.set()
        return execute(sql, params, many, context)

    outcomes, errors = {}, []

    def tab(level):
        try:
            client = Client()
            with (
                connection.execute_wrapper(b_about_to_lock) if threading.current_thread().name == "B" else nullcontext()
            ):
                response = client.post(url, step_data(last, level, "finish"), follow=True)
            # The page, not response.context: the test client collects the contexts of every thread's templates.
            told = FINISHED_ELSEWHERE in response.content.decode()
            outcomes[threading.current_thread().name] = (response.status_code, response.redirect_chain, told)
        except Exception as exc:  # recorded and asserted below
            errors.append(exc)
        finally:
            b_locking.set()  # never leave the other tab waiting on a tab that failed
            b_saved.set()
            connection.close()

    tab_a = threading.Thread(target=tab, args=(level_a,), name="A")
    tab_b = threading.Thread(target=tab, args=(level_b,), name="B")
    tab_a.start()
    assert a_saved.wait(60), "tab A never saved"
    tab_b.start()
    tab_a.join()
    tab_b.join()
    signals.assessment_completed.disconnect(dispatch_uid="test-finish-race")

    assert errors == []
    results = reverse("assessments:results", args=[assessment.token])
    assert {name: status for name, (status, _, _) in outcomes.items()} == {"A": 200, "B": 200}
    assert {name: chain for name, (_, chain, _) in outcomes.items()} == {"A": [(results, 302)], "B": [(results, 302)]}
    assert completions == [assessment.pk]
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    # Tab A finished (it held the lock first): the result is its answers, and tab B is told when it lost any.
    saved = sorted(assessment.answers.filter(question__in=last.questions).values_list("option__level", flat=True))
    assert saved == [level_a] * len(last.questions)
    assert outcomes["A"][2] is False
    assert outcomes["B"][2] is (level_a != level_b)
