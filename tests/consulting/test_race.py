"""People starting in a round at the same moment each get a number of their own."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from assessments.models import Assessment
from consulting import services


@pytest.mark.django_db(transaction=True)
def test_respondents_starting_at_once_get_distinct_numbers(transactional_db):
    owner = get_user_model().objects.create_user("racer")
    round = services.round_create(client=services.client_create(owner=owner, name="Acme"), title="Baseline")
    people = 8
    barrier = threading.Barrier(people)
    errors = []

    def start():
        try:
            barrier.wait()
            services.round_response_start(round=round)
        except Exception as exc:  # recorded and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    round.refresh_from_db()
    assert errors == []
    assert sorted(Assessment.objects.filter(round=round).values_list("respondent_number", flat=True)) == list(range(1, people + 1))
    assert round.respondents_started == people
