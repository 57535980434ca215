"""Two tabs finishing at once complete the assessment exactly once."""

import threading

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
