"""The server dies (SIGKILL, master and workers at once) mid-questionnaire and comes back.

What a respondent was told was saved (a step they got past) must still be
there, and the private resume link must carry on from where they were.
"""

import random
import re
import threading
import time

from .liveserver import ANSWERS_QUERY, Respondent, answers_of


def test_killed_server_restarted_resume_link_continues_with_nothing_lost(server_factory, server_db):
    server = server_factory(workers=2)
    rng = random.Random(6)
    person = Respondent(server.base_url)
    page = person.submit(person.start(), {"organisation_name": "Crash & Co", "respondent_role": "COO"})
    for _ in range(3):  # steps 1-3 answered, each acknowledged by the move to the next step
        page = person.answer(page, rng)
    assert re.fullmatch(r"/a/[^/]+/step/4/", page.path), page.path
    saved_before = dict(person.chosen)

    server.kill()
    assert server.proc.returncode is not None

    restarted = server_factory(workers=2)  # a new process on the same database
    person.base_url = restarted.base_url
    resumed = person.get(f"/a/{person.token}/")

    assert resumed.status == 200
    assert re.fullmatch(rf"/a/{person.token}/step/4/", resumed.path), resumed.path
    assert "Welcome back" in resumed.body
    for number in (1, 2, 3):  # every answer given before the crash is shown as chosen
        shown = person.get(f"/a/{person.token}/step/{number}/").form()["checked"]
        assert shown == {k: v for k, v in saved_before.items() if k in shown} and shown
    assert set().union(*(person.get(f"/a/{person.token}/step/{n}/").form()["checked"] for n in (1, 2, 3))) == set(
        saved_before
    )

    page = resumed
    while re.fullmatch(r"/a/[^/]+/step/\d+/", page.path):
        page = person.answer(page, rng)
    assert page.status == 200 and page.path == f"/a/{person.token}/results/"
    assert "Crash &amp; Co" in page.body

    row = answers_of(server_db.query(ANSWERS_QUERY), person.token)
    assert row["complete"] and row["answers"] == person.chosen


def test_kill_during_submissions_loses_no_acknowledged_answer(server_factory, server_db):
    """Respondents keep saving steps while the server is SIGKILLed under them.

    Each respondent posts one step after another (round and round the
    questionnaire), one request at a time. After the restart, each step's
    questions hold exactly the values of the last post to that step the
    server acknowledged (its redirect came back) - or, if the one post cut off
    by the kill was to that step, possibly all of that post instead: it may
    or may not have committed, but never half of it.
    """
    server = server_factory(workers=2)
    people = []
    for n in range(6):
        person = Respondent(server.base_url, timeout=10)
        person.posts = []  # (step path, posted values, acknowledged)
        page = person.submit(person.start(), {"organisation_name": f"Org {n}"})
        people.append((person, page))

    stop = threading.Event()

    def keep_answering(person, page, seed):
        rng = random.Random(seed)
        try:
            while not stop.is_set():
                values = {name: rng.choice(options) for name, options in page.form()["radios"].items()}
                # "back" on the last step saves without finishing; then round again from step 1.
                is_last = any(value == "finish" for _, value in page.form()["buttons"])
                person.posts.append((page.path, values, False))
                next_page = person.submit(page, values, button="back" if is_last else "next")
                if next_page.status != 200 or next_page.path == page.path:
                    return  # not acknowledged (the assertions below report it)
                person.posts[-1] = (page.path, values, True)
                page = person.get(f"/a/{person.token}/step/1/") if is_last else next_page
        except OSError:  # connection reset or refused: the server is gone
            return

    threads = [threading.Thread(target=keep_answering, args=(p, page, i)) for i, (p, page) in enumerate(people)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)  # let them write for a while
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()

    acknowledged = sum(ok for person, _ in people for _, _, ok in person.posts)
    print(
        f"\n{acknowledged} acknowledged saves, {sum(not ok for person, _ in people for _, _, ok in person.posts)} cut off by the kill"
    )
    assert acknowledged >= 12, f"only {acknowledged} saves before the kill: too few to prove anything"
    restarted = server_factory(workers=2)
    stored = server_db.query(ANSWERS_QUERY)
    for person, _ in people:
        answers = answers_of(stored, person.token)["answers"]
        last_ok, cut_off = {}, None
        for path, values, ok in person.posts:
            if ok:
                last_ok[path] = values
            else:
                cut_off = (path, values)
        assert [ok for _, _, ok in person.posts[:-1]] == [True] * (len(person.posts) - 1), (
            "a save failed before the kill"
        )
        for path in {path for path, _, _ in person.posts}:
            names = {name for p, values, _ in person.posts if p == path for name in values}
            stored_step = {name: answers.get(name) for name in names}
            allowed = [last_ok.get(path, dict.fromkeys(names))]
            if cut_off and cut_off[0] == path:
                allowed.append(cut_off[1])
            assert stored_step in allowed, (
                f"{person.token[:8]}… {path.rsplit('/', 2)[-2]}: stored {stored_step}, allowed {allowed}"
            )

    # The site works again for them, resume link included.
    person, _ = people[0]
    person.base_url = restarted.base_url
    assert person.get(f"/a/{person.token}/").status == 200
