"""50 respondents at once against the real server: nothing fails, nothing is lost.

gunicorn with 2 sync workers and debug off (gunicorn.conf.py, as `make serve`),
on its own database of the test run's kind (SQLite with WAL and IMMEDIATE
transactions, or PostgreSQL). Every simulated respondent is a thread with its
own cookie jar that goes home -> start -> about -> every step -> results,
parsing the CSRF token from each form, exactly as a browser without
JavaScript would.
"""

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .liveserver import ANSWERS_QUERY, Respondent, answers_of

RESPONDENTS = 50
TIME_LIMIT = 60  # seconds for the whole run, the budget


def test_fifty_concurrent_respondents_all_reach_results_and_nothing_is_lost(server_factory, server_db):
    server = server_factory(workers=2)
    barrier = threading.Barrier(RESPONDENTS, timeout=30)

    def respondent(n):
        rng = random.Random(n)
        person = Respondent(server.base_url, timeout=45)
        barrier.wait()  # all start together: the worst moment for the database
        page = person.complete(rng, about={"organisation_name": f"Org {n} — “load”", "respondent_role": "CX lead"})
        return person, page

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
        runs = list(pool.map(respondent, range(RESPONDENTS)))
    elapsed = time.monotonic() - started

    failures = [
        (p.token, page.status, page.path)
        for p, page in runs
        if page.status != 200 or not page.path.endswith("/results/")
    ]
    assert failures == [], f"runs that did not reach their results page:\n{failures}\n{server.log()[-3000:]}"
    server_errors = [line for line in server.log().splitlines() if re.search(r'" 5\d\d ', line)]
    assert server_errors == []
    assert all("Stage " in page.body for _, page in runs)
    assert elapsed < TIME_LIMIT, f"50 respondents took {elapsed:.1f}s"
    requests = sum(1 for line in server.log().splitlines() if re.search(r'" \d{3} ', line))
    print(f"\n{RESPONDENTS} respondents, {requests} requests in {elapsed:.1f}s")

    stored = server_db.query(ANSWERS_QUERY)
    for person, _ in runs:
        row = answers_of(stored, person.token)
        assert row is not None, f"assessment {person.token[:8]}… missing from the database"
        assert row["complete"], f"assessment {person.token[:8]}… not completed"
        assert row["answers"] == person.chosen, f"answers of {person.token[:8]}… differ from what was posted"
