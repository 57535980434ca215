"""A whole company behind one address answers through the invite link: 200 respondents, nothing lost.

The real server (gunicorn, 2 sync workers, debug off) on 127.0.0.1, with the
public start limit set low and already used up from that address: starts
through an invite link are held to the round's cap instead, so all 200 get
through. Bounded: 200 respondents, 16 at a time.
"""

import random
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .liveserver import ANSWERS_QUERY, Respondent, answers_of

pytestmark = pytest.mark.server

RESPONDENTS = 200
AT_ONCE = 16
PUBLIC_LIMIT = 5

ROUND_SETUP = """
from django.contrib.auth import get_user_model
from consulting import services
user = get_user_model().objects.create_user("load-consultant", password="x" * 20)
services.consultant_add(user=user)
client = services.client_create(owner=user, name="Northwind Traders")
round = services.round_create(
    client=client, title="Everyone", expected_respondents=200, role_options=["Agent", "Team lead"]
)
out = round.invite_token
"""


def public_start(server) -> int:
    person = Respondent(server.base_url)
    return person.submit(person.get("/")).status


def test_two_hundred_respondents_from_one_address_complete_through_the_invite_link(server_factory, server_db):
    token = server_db.query(ROUND_SETUP)
    server = server_factory(workers=2, CX_START_RATE_PER_HOUR=str(PUBLIC_LIMIT))
    # The address's public starts are used up first: the invite link must not care.
    public = [public_start(server) for _ in range(PUBLIC_LIMIT + 1)]

    def respondent(n):
        rng = random.Random(n)
        person = Respondent(server.base_url, timeout=120)
        page = person.get(f"/r/{token}/")
        page = person.submit(page, {"respondent_role": rng.choice(["Agent", "Team lead", "Prefer not to say"])})
        match = re.fullmatch(r"/a/([A-Za-z0-9_-]+)/step/1/", page.path)
        if match:
            person.token = match.group(1)
        for _ in range(50):
            if page.status != 200 or not re.fullmatch(r"/a/[^/]+/step/\d+/", page.path):
                break
            page = person.answer(page, rng)
        return person, page

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        runs = list(pool.map(respondent, range(RESPONDENTS)))
    elapsed = time.monotonic() - started

    assert public == [200] * PUBLIC_LIMIT + [429]
    failures = [(p.token, page.status, page.path) for p, page in runs if not page.path.endswith("/results/")]
    assert failures == [], f"runs that did not reach their results page:\n{failures[:10]}\n{server.log()[-3000:]}"
    assert [line for line in server.log().splitlines() if re.search(r'" 5\d\d ', line)] == []
    stored = server_db.query(ANSWERS_QUERY)
    lost = [p.token for p, _ in runs if (answers_of(stored, p.token) or {}).get("answers") != p.chosen]
    assert lost == []
    assert all(answers_of(stored, p.token)["complete"] for p, _ in runs)
    counts = server_db.query(
        "from consulting.models import Round\n"
        "r = Round.objects.get()\n"
        "out = [r.respondents_started, r.assessments.filter(completed_at__isnull=False).count()]"
    )
    assert counts == [RESPONDENTS, RESPONDENTS]
    print(f"\n{RESPONDENTS} invite respondents from one address in {elapsed:.1f}s")
