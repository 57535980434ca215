"""Tampered posts to every form endpoint: never a 500, and saved answers are never lost.

Hypothesis builds the posts: field names taken from the real forms (this
step's, other steps', other forms') or made up; values that are option ids of
the right question, of other questions, "not-sure", numbers, huge strings,
arbitrary unicode (NUL and right-to-left marks included), several values for
one name; the action missing, known or unknown. Each test runs a bounded
number of examples with the Django test client (no server), so the file runs
in well under a minute.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.models import Answer, Assessment
from stages.models import AnswerOption

from .liveserver import page_forms

pytestmark = pytest.mark.urls("tests.production.urls")

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no example database shared between runs and engineers: bounded and repeatable
    derandomize=True,
)
ACTIONS = ["next", "back", "finish", "", "delete", "save", "NEXT", "next\x00", "../results"]


def model():
    steps = services.questionnaire_steps()
    questions = [q for step in steps for q in step.questions]
    option_ids = list(AnswerOption.objects.values_list("pk", flat=True))
    return steps, questions, option_ids


def field_names_of(client, url):
    """The names of every input of the page's POST forms (csrf token aside)."""
    response = client.get(url)
    names = set()
    for form in page_forms(response.content.decode()):
        names |= set(form["fields"]) | set(form["radios"])
        names |= {name for name, _ in form["buttons"]}
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


def values(option_ids):
    return st.one_of(
        st.sampled_from([str(pk) for pk in option_ids]),
        st.just("not-sure"),
        st.integers(min_value=-(2**63), max_value=2**64).map(str),
        st.text(max_size=40),
        st.text(alphabet="\x00\u202e\u200b\ufeff\U0001f600<>\"'&;%", max_size=20),
        st.sampled_from(["", " ", "1e3", "0x10", "None", "null", "[]", "1; DROP TABLE assessments_answer"]),
        st.integers(min_value=1000, max_value=200_000).map(lambda n: "x" * n),
    )


def has_nul(data: dict) -> bool:
    """A NUL anywhere in the post: a malformed request, answered 400 before any view (#19)."""
    texts = [*data, *(v for value in data.values() for v in (value if isinstance(value, list) else [value]))]
    return any("\x00" in str(text) for text in texts)


def post_data(names, option_ids, *, with_action=True):
    """A form post: a dict of name -> value or list of values (QueryDict-style)."""
    name = st.one_of(
        st.sampled_from(names), st.text(min_size=1, max_size=30), st.from_regex(r"q_[a-z-]{1,20}-\d", fullmatch=True)
    )
    value = values(option_ids)
    data = st.dictionaries(name, st.one_of(value, st.lists(value, min_size=2, max_size=3)), max_size=12)
    if not with_action:
        return data
    action = st.one_of(st.none(), st.sampled_from(ACTIONS), st.text(max_size=10))
    return st.tuples(data, action).map(lambda pair: pair[0] if pair[1] is None else {**pair[0], "action": pair[1]})


def snapshot(assessment):
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "option_id"))


def assert_answers_consistent(assessment, before):
    """Nothing saved was lost; every stored answer is an option of its own question (or an allowed Not sure)."""
    after = snapshot(assessment)
    assert set(before) <= set(after), "saved answers were lost"
    for answer in Answer.objects.filter(assessment=assessment).select_related("question", "option"):
        if answer.option_id is None:
            assert answer.question.allow_not_sure, answer.question.code
        else:
            assert answer.option.question_id == answer.question_id, "an option of another question was saved"
    return after


@pytest.fixture
def world(make_assessment):
    steps, questions, option_ids = model()
    completed = make_assessment(4)
    return {"steps": steps, "questions": questions, "option_ids": option_ids, "completed": completed}


def half_done(world, saved_steps=3):
    """An unfinished assessment with the first steps (3 by default) saved at level 2."""
    assessment = services.assessment_start(organisation_name="Fuzz Ltd")
    choices = {}
    for step in world["steps"][:saved_steps]:
        for question in step.questions:
            choices[question] = next(o for o in question.options.all() if o.level == 2)
    services.answers_save(assessment=assessment, choices=choices)
    return assessment


def test_tampered_step_posts(client, world):
    steps = world["steps"]
    names = sorted({f"q_{q.code}" for q in world["questions"]} | {"action", "organisation_name"})

    def mostly_valid(number):
        """The step's real post (a valid option per question), then tampered with here and there."""
        step = steps[(number - 1) % len(steps)]
        valid = st.fixed_dictionaries(
            {
                f"q_{q.code}": st.sampled_from([str(o.pk) for o in q.options.all()] + ["not-sure"])
                for q in step.questions
            }
        )
        tamper = st.dictionaries(
            st.sampled_from(names) | st.text(min_size=1, max_size=12), values(world["option_ids"]), max_size=3
        )
        drop = st.sets(st.sampled_from([f"q_{q.code}" for q in step.questions]), max_size=2)
        action = st.sampled_from(["next", "next", "back", "finish"]) | st.text(max_size=5)
        return st.tuples(valid, tamper, drop, action).map(
            lambda parts: (
                {k: v for k, v in {**parts[0], **parts[1]}.items() if k not in parts[2]} | {"action": parts[3]}
            )
        )

    # Mostly real steps (those not yet saved in particular), sometimes steps that do not exist.
    numbers = st.one_of(
        st.integers(1, len(steps)),
        st.integers(4, len(steps)),
        st.integers(4, len(steps)),
        st.integers(4, len(steps)),
        st.sampled_from([0, len(steps) + 1, 10**20]),
    )

    @FUZZ
    @given(
        saved_steps=st.sampled_from([3, len(steps) - 1]),
        number_and_data=numbers.flatmap(
            lambda n: st.tuples(
                st.just(n), st.one_of(mostly_valid(n), mostly_valid(n), post_data(names, world["option_ids"]))
            )
        ),
    )
    @example(number_and_data=(len(steps), {"action": "finish"}), saved_steps=len(steps))
    def fuzz(number_and_data, saved_steps):
        number, data = number_and_data
        assessment = half_done(world, saved_steps)
        before = snapshot(assessment)

        response = client.post(reverse("assessments:step", args=[assessment.token, number]), data)

        assert response.status_code < 500
        if has_nul(data):
            assert response.status_code == 400
        elif not 1 <= number <= len(steps):
            assert response.status_code == 404
        after = assert_answers_consistent(assessment, before)
        assessment.refresh_from_db()
        if assessment.is_complete:  # only ever with every question answered
            assert set(after) == {q.pk for q in world["questions"]}
            assert assessment.result["complete"]

    fuzz()


def test_tampered_posts_to_a_completed_assessment_change_nothing(client, world):
    completed = world["completed"]
    before, result = snapshot(completed), completed.result
    names = sorted({f"q_{q.code}" for q in world["questions"]} | {"action", "organisation_name", "respondent_role"})

    @FUZZ
    @given(
        endpoint=st.sampled_from(["step", "about"]),
        number=st.integers(1, len(world["steps"])),
        data=post_data(names, world["option_ids"]),
    )
    def fuzz(endpoint, number, data):
        args = [completed.token, number] if endpoint == "step" else [completed.token]
        response = client.post(reverse(f"assessments:{endpoint}", args=args), data)

        if has_nul(data):
            assert response.status_code == 400
        else:
            assert response.status_code in {302, 303}
            assert response["Location"] == reverse("assessments:results", args=[completed.token])
        completed.refresh_from_db()
        assert snapshot(completed) == before and completed.result == result

    fuzz()


def test_tampered_about_posts(client, world):
    assessment = half_done(world)
    names = field_names_of(client, reverse("assessments:about", args=[assessment.token])) + ["action", "q_leadership-1"]

    @FUZZ
    @given(data=post_data(names, world["option_ids"]))
    def fuzz(data):
        before = snapshot(assessment)

        response = client.post(reverse("assessments:about", args=[assessment.token]), data)

        assert response.status_code < 500
        assessment.refresh_from_db()
        assert len(assessment.organisation_name) <= 120 and "\x00" not in assessment.organisation_name
        assert_answers_consistent(assessment, before)
        assert not assessment.is_complete

    fuzz()


def test_tampered_start_and_delete_posts(client, world):
    keep = half_done(world)
    kept = snapshot(keep)

    @FUZZ
    @given(
        data=post_data(["action", "organisation_name", "token"], world["option_ids"]),
        token=st.from_regex(r"[A-Za-z0-9_-]{20,86}", fullmatch=True),
    )
    def fuzz(data, token):
        assert client.post(reverse("assessments:start"), data).status_code in ({400} if has_nul(data) else {302, 429})
        response = client.post(reverse("assessments:delete", args=[token]), data | {"token": keep.token})
        # Someone else's (or nobody's) token deletes nothing; a NUL is refused before that.
        assert response.status_code == (400 if has_nul(data) else 404)
        assert snapshot(keep) == kept

    fuzz()
    assert Assessment.objects.filter(pk=keep.pk).exists()


def test_tampered_query_strings_on_private_pages(client, world):
    completed = world["completed"]
    assessment = half_done(world)

    @FUZZ
    @given(
        name=st.sampled_from(["results", "pdf", "resume", "about", "step", "delete"]),
        query=st.dictionaries(
            st.sampled_from(["size", "page", "step", "next", "format"]) | st.text(min_size=1, max_size=8), values([1])
        ),
    )
    def fuzz(name, query):
        token = completed.token if name in {"results", "pdf"} else assessment.token
        args = [token, 1] if name == "step" else [token]
        response = client.get(reverse(f"assessments:{name}", args=args), query)
        assert response.status_code < 500
        if name == "pdf" and response.status_code == 200:
            assert response.content.startswith(b"%PDF")

    fuzz()


# --- The consultant area (when present) -------------------------------------------------


def test_tampered_consultant_posts(client, world):
    from consulting import services as consulting

    user = get_user_model().objects.create_user("fuzzy", password="correct-horse-battery-staple")
    consulting.consultant_add(user=user)
    acme = consulting.client_create(owner=user, name="Acme")
    round_ = consulting.round_create(client=acme, title="R1")
    other = get_user_model().objects.create_user("other", password="correct-horse-battery-staple")
    consulting.consultant_add(user=other)
    foreign = consulting.client_create(owner=other, name="Not yours")
    foreign_round = consulting.round_create(client=foreign, title="Theirs")
    client.force_login(user)

    urls = {
        "client_create": reverse("consulting:client_create"),
        "client_edit": reverse("consulting:client_edit", args=[acme.pk]),
        "client_targets": reverse("consulting:client_targets", args=[acme.pk]),
        "round_create": reverse("consulting:round_create", args=[acme.pk]),
        "round_facilitate": reverse("consulting:round_facilitate", args=[round_.pk]),
        "profile": reverse("consulting:profile"),
        "foreign_client_edit": reverse("consulting:client_edit", args=[foreign.pk]),
        "foreign_round_close": reverse("consulting:round_close", args=[foreign_round.pk]),
    }
    try:
        urls["invite"] = reverse("respond:invite", args=[round_.invite_token])
    except NoReverseMatch:
        pass
    names = set()
    for key, url in urls.items():
        if key in {"round_facilitate", "foreign_client_edit", "foreign_round_close"}:
            continue
        names |= set(field_names_of(client, url))
    names = sorted(names | {"first_name", "respondent_name", "department", "role", "title", "opened_on", "name"})

    @FUZZ
    @given(endpoint=st.sampled_from(sorted(urls)), data=post_data(names, world["option_ids"], with_action=False))
    def fuzz(endpoint, data):
        poster = Client() if endpoint == "invite" else client
        response = poster.post(urls[endpoint], data)
        assert response.status_code < 500
        if endpoint.startswith("foreign_"):  # another consultant's ids
            assert response.status_code == (400 if has_nul(data) else 404)
        foreign.refresh_from_db()
        foreign_round.refresh_from_db()
        assert foreign.name == "Not yours" and foreign_round.closed_at is None

    fuzz()


def test_option_ids_of_other_questions_are_refused_and_change_nothing(client, world):
    """The targeted case, without randomness: every option of another question, for every question of step 1."""
    assessment = half_done(world)
    step = world["steps"][0]
    before = snapshot(assessment)
    foreign = [o for q in world["steps"][1].questions for o in q.options.all()]
    data = {f"q_{q.code}": str(foreign[i % len(foreign)].pk) for i, q in enumerate(step.questions)} | {"action": "next"}

    response = client.post(reverse("assessments:step", args=[assessment.token, 1]), data)

    assert response.status_code == 400
    assert b"Please choose one of the answers listed" in response.content
    assert snapshot(assessment) == before
    assert re.search(rb"Your other answers are saved", response.content)
