"""The tailored plan of a round: edits over the frozen roadmap, own actions, summary, exclusions, history."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from consulting import plan, selectors, services
from consulting.models import PlanItem, ResponseExclusion
from maturity.cells import BOM
from stages.models import Dimension

from .conftest import make_user


@pytest.fixture
def planned(acme_round, respond):
    """A round with two completed responses (a plan to tailor) and one unfinished."""
    respond(acme_round, 2, name="Dana", role="Agent")
    respond(acme_round, {"data": 1}, default=2, role="Agent")
    respond(acme_round, 2, complete=False)
    return acme_round


def tailored(round):
    return plan.round_plan(round=round, team=selectors.round_team_result(round=round))


def first_entry(round):
    return tailored(round).entries[0]


def team_result_json(round):
    return selectors.round_team_result(round=round).pooled.to_json()


# --- Access: every new URL -----------------------------------------------------------------


def urls(round, code, own_pk, assessment_pk):
    return [
        ("get", reverse("consulting:plan_detail", args=[round.pk])),
        ("get", reverse("consulting:plan_item_edit", args=[round.pk, code])),
        ("post", reverse("consulting:plan_item_edit", args=[round.pk, code])),
        ("post", reverse("consulting:plan_item_hide", args=[round.pk, code])),
        ("post", reverse("consulting:plan_item_unhide", args=[round.pk, code])),
        ("get", reverse("consulting:plan_action_create", args=[round.pk])),
        ("post", reverse("consulting:plan_action_create", args=[round.pk])),
        ("get", reverse("consulting:plan_action_edit", args=[round.pk, own_pk])),
        ("post", reverse("consulting:plan_action_edit", args=[round.pk, own_pk])),
        ("post", reverse("consulting:plan_action_delete", args=[round.pk, own_pk])),
        ("post", reverse("consulting:plan_move", args=[round.pk])),
        ("get", reverse("consulting:round_edit", args=[round.pk])),
        ("post", reverse("consulting:round_edit", args=[round.pk])),
        ("get", reverse("consulting:round_history", args=[round.pk])),
        ("get", reverse("consulting:round_scores_export", args=[round.pk])),
        ("get", reverse("consulting:response_exclude", args=[round.pk, assessment_pk])),
        ("post", reverse("consulting:response_exclude", args=[round.pk, assessment_pk])),
        ("post", reverse("consulting:response_include", args=[round.pk, assessment_pk])),
    ]


POST = {
    "title": "Hijacked",
    "reason": "Hijacked",
    "status": "done",
    "horizon": "30",
    "summary": "Hijacked",
    "entry": "rec:x",
    "direction": "1",
}


@pytest.fixture
def world(planned):
    entry = first_entry(planned)
    own = services_own_action(planned, title="Weekly huddle")
    assessment = selectors.round_team_result(round=planned).respondents[0].assessment
    return planned, urls(planned, entry.code, own.pk, assessment.pk)


def services_own_action(round, **overrides):
    fields = {
        "title": "Own",
        "steps": "",
        "horizon": tailored(round).horizons[0].key,
        "dimension": "",
        "owner": "",
        "due_on": None,
        "status": "not_started",
    }
    return plan.plan_action_add(round=round, **(fields | overrides))


def test_plan_urls_are_404_for_another_consultant_and_change_nothing(client, world, other_consultant):
    round, targets = world
    client.force_login(other_consultant)
    before = (list(PlanItem.objects.values()), round.title, ResponseExclusion.objects.count())

    statuses = [(client.post(url, POST) if m == "post" else client.get(url)).status_code for m, url in targets]

    assert statuses == [404] * len(targets)
    round.refresh_from_db()
    assert (list(PlanItem.objects.values()), round.title, ResponseExclusion.objects.count()) == before


def test_plan_urls_send_anonymous_visitors_to_login(client, world):
    _round, targets = world

    answers = [client.post(url, POST) if m == "post" else client.get(url) for m, url in targets]

    assert [(r.status_code, r.url) for r in answers] == [(302, f"{reverse('login')}?next={url}") for _m, url in targets]


def test_plan_pages_open_for_their_owner(alice, world):
    _round, targets = world

    assert [alice.get(url).status_code for m, url in targets if m == "get"] == [200] * 8


# --- Tailoring -----------------------------------------------------------------------------


def test_plan_page_lists_the_roadmap_plan_untailored(alice, planned):
    roadmap = team_result_json(planned)["roadmap"]
    expected = [a["recommendation"]["title"] for h in roadmap["plan"] for a in h["actions"]]

    response = alice.get(reverse("consulting:plan_detail", args=[planned.pk]))

    assert [e.title for e in response.context["plan"].entries] == expected
    assert expected and expected[0] in response.content.decode()


def test_reword_and_track_an_action_keeps_the_team_result_frozen(alice, planned):
    entry = first_entry(planned)
    frozen = team_result_json(planned)
    url = reverse("consulting:plan_item_edit", args=[planned.pk, entry.code])

    response = alice.post(
        url,
        {
            "title": "Map the claims journey",
            "steps": "Walk it\nFix it",
            "owner": "COO",
            "due_on": "2026-06-30",
            "status": "in_progress",
        },
    )

    assert response.status_code == 302
    shown = first_entry(planned)
    assert (shown.title, shown.model_title, shown.steps, shown.owner, shown.due, shown.status) == (
        "Map the claims journey",
        entry.model_title,
        "Walk it\nFix it",
        "COO",
        datetime.date(2026, 6, 30),
        "in_progress",
    )
    assert team_result_json(planned) == frozen


def test_hide_an_action_needs_a_reason_and_lists_it_as_hidden(alice, planned):
    entry = first_entry(planned)
    url = reverse("consulting:plan_item_hide", args=[planned.pk, entry.code])

    refused = alice.post(url, {"reason": "  "})
    alice.post(url, {"reason": "Already done last year"})

    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    after = tailored(planned)
    assert entry.code not in [e.code for e in after.entries]
    assert [(e.code, e.hidden_reason) for e in after.hidden] == [(entry.code, "Already done last year")]


def test_show_a_hidden_action_again(alice, planned):
    entry = first_entry(planned)
    plan.plan_item_hide(round=planned, code=entry.code, reason="Not now")

    alice.post(reverse("consulting:plan_item_unhide", args=[planned.pk, entry.code]))

    assert (first_entry(planned).code, tailored(planned).hidden) == (entry.code, ())


def test_add_own_action_shows_in_its_horizon(alice, planned):
    last = tailored(planned).horizons[-1]

    response = alice.post(
        reverse("consulting:plan_action_create", args=[planned.pk]),
        {
            "title": "Weekly service huddle",
            "steps": "",
            "horizon": last.key,
            "dimension": "culture",
            "owner": "Ops lead",
            "due_on": "",
            "status": "not_started",
        },
    )

    assert response.status_code == 302
    entry = tailored(planned).horizons[-1].entries[-1]
    assert (entry.title, entry.custom, entry.dimension_name, entry.owner) == (
        "Weekly service huddle",
        True,
        Dimension.objects.get(slug="culture").name,
        "Ops lead",
    )


def test_edit_and_delete_own_action(alice, planned):
    own = services_own_action(planned, title="Old")
    url = reverse("consulting:plan_action_edit", args=[planned.pk, own.pk])
    form = {
        "title": "New",
        "steps": "",
        "horizon": own.horizon,
        "dimension": "",
        "owner": "",
        "due_on": "",
        "status": "done",
    }

    alice.post(url, form)
    edited = [(e.title, e.status) for e in tailored(planned).entries if e.custom]
    alice.post(reverse("consulting:plan_action_delete", args=[planned.pk, own.pk]))

    assert edited == [("New", "done")]
    assert [e for e in tailored(planned).entries if e.custom] == []


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("status", "finished", "Select a valid choice. finished is not one of the available choices."),
        ("due_on", "2026-02-31", "Enter a valid date."),
        ("title", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_tampered_action_post_is_a_form_error(alice, planned, field, value, error):
    entry = first_entry(planned)
    form = {"title": "", "steps": "", "owner": "", "due_on": "", "status": "done"} | {field: value}

    response = alice.post(reverse("consulting:plan_item_edit", args=[planned.pk, entry.code]), form)

    assert (response.status_code, response.context["form"].errors[field]) == (200, [error])
    assert PlanItem.objects.count() == 0


def test_own_action_in_an_unknown_horizon_is_a_form_error(alice, planned):
    form = {"title": "X", "horizon": "999", "status": "not_started"}

    response = alice.post(reverse("consulting:plan_action_create", args=[planned.pk]), form)

    assert list(response.context["form"].errors) == ["horizon"]
    assert PlanItem.objects.count() == 0


def test_unknown_action_code_is_404(alice, planned):
    url = reverse("consulting:plan_item_edit", args=[planned.pk, "no-such-code"])

    assert alice.post(url, {"status": "done"}).status_code == 404
    assert PlanItem.objects.count() == 0


def test_another_rounds_own_action_is_404_under_this_round(alice, acme, planned, respond):
    other = services.round_create(client=acme, title="Other")
    respond(other, 2)
    foreign = services_own_action(other, title="Theirs")

    response = alice.post(
        reverse("consulting:plan_action_edit", args=[planned.pk, foreign.pk]),
        {"title": "Mine now", "horizon": foreign.horizon, "status": "done"},
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


@pytest.mark.parametrize(
    "post", [{"entry": "rec:no-such", "direction": "1"}, {"entry": "own:99999", "direction": "-1"}]
)
def test_move_of_an_unknown_entry_is_404(alice, planned, post):
    assert alice.post(reverse("consulting:plan_move", args=[planned.pk]), post).status_code == 404


def test_move_with_a_bad_direction_is_400(alice, planned):
    post = {"entry": first_entry(planned).key, "direction": "7"}

    assert alice.post(reverse("consulting:plan_move", args=[planned.pk]), post).status_code == 400


def test_move_down_then_up_reorders_within_the_horizon(alice, planned):
    horizon = next(h for h in tailored(planned).horizons if len(h.entries) >= 2)
    first, second = horizon.entries[0].key, horizon.entries[1].key
    url = reverse("consulting:plan_move", args=[planned.pk])

    response = alice.post(url, {"entry": first, "direction": "1"})
    moved = [e.key for h in tailored(planned).horizons if h.key == horizon.key for e in h.entries][:2]
    alice.post(url, {"entry": first, "direction": "-1"})
    back = [e.key for h in tailored(planned).horizons if h.key == horizon.key for e in h.entries][:2]

    assert response.url.endswith(f"#entry-{first.replace(':', '')}")
    assert (moved, back) == ([second, first], [first, second])


# --- Round: rename, summary ----------------------------------------------------------------


def test_rename_round_and_write_summary_shown_escaped_with_paragraphs(alice, planned):
    summary = "First <b>point</b>.\n\nSecond point."

    alice.post(reverse("consulting:round_edit", args=[planned.pk]), {"title": "Baseline 2026", "summary": summary})
    page = alice.get(reverse("consulting:round_detail", args=[planned.pk])).content.decode()

    planned.refresh_from_db()
    assert (planned.title, planned.summary) == ("Baseline 2026", summary)
    assert "<p>First &lt;b&gt;point&lt;/b&gt;.</p>\n\n<p>Second point.</p>" in page


def test_round_edit_without_title_is_a_form_error(alice, planned):
    response = alice.post(reverse("consulting:round_edit", args=[planned.pk]), {"title": "", "summary": ""})

    assert response.context["form"].errors == {"title": ["This field is required."]}


# --- Exclusions ----------------------------------------------------------------------------


def test_excluded_response_leaves_the_team_result_and_counts_say_so(alice, planned):
    dana = selectors.round_team_result(round=planned).respondents[0].assessment
    url = reverse("consulting:response_exclude", args=[planned.pk, dana.pk])

    alice.post(url, {"reason": "Test response"})
    team = selectors.round_team_result(round=planned)
    page = alice.get(reverse("consulting:round_detail", args=[planned.pk])).content.decode()

    data = next(s for s in team.summaries if s.key == "data")
    assert (team.completed, team.excluded, team.started, data.mean) == (1, 1, 3, 1.0)
    assert '<dd class="col-5" id="excluded-count">1</dd>' in page
    assert "left out</span>: Test response" in page


def test_reincluded_response_counts_again(alice, planned):
    dana = selectors.round_team_result(round=planned).respondents[0].assessment
    plan.response_exclude(round=planned, assessment=dana, reason="Oops")

    alice.post(reverse("consulting:response_include", args=[planned.pk, dana.pk]))

    team = selectors.round_team_result(round=planned)
    assert (team.completed, team.excluded) == (2, 0)


def test_exclude_needs_a_reason(alice, planned):
    dana = selectors.round_team_result(round=planned).respondents[0].assessment

    response = alice.post(reverse("consulting:response_exclude", args=[planned.pk, dana.pk]), {"reason": ""})

    assert (response.status_code, response.context["form"].errors) == (200, {"reason": ["This field is required."]})
    assert ResponseExclusion.objects.count() == 0


def test_exclude_an_unfinished_or_another_rounds_response_is_404(alice, acme, planned, respond):
    unfinished = selectors.round_team_result(round=planned).respondents[2].assessment
    other = services.round_create(client=acme, title="Other")
    theirs = respond(other, 3)

    statuses = [
        alice.post(reverse("consulting:response_exclude", args=[planned.pk, a.pk]), {"reason": "x"}).status_code
        for a in (unfinished, theirs)
    ]

    assert statuses == [404, 404]
    assert ResponseExclusion.objects.count() == 0


# --- History -------------------------------------------------------------------------------


def test_history_shows_who_changed_what(client, planned, consultant):
    consultant.first_name, consultant.last_name = "Alice", "Archer"
    consultant.save()
    client.force_login(consultant)
    entry = first_entry(planned)
    dana = selectors.round_team_result(round=planned).respondents[0].assessment
    client.post(reverse("consulting:round_edit", args=[planned.pk]), {"title": "Renamed", "summary": ""})
    edit = reverse("consulting:plan_item_edit", args=[planned.pk, entry.code])
    client.post(edit, {"title": "", "steps": "", "owner": "", "due_on": "", "status": "not_started"})
    client.post(edit, {"title": "", "steps": "", "owner": "COO", "due_on": "", "status": "done"})
    client.post(reverse("consulting:response_exclude", args=[planned.pk, dana.pk]), {"reason": "Test"})

    entries = client.get(reverse("consulting:round_history", args=[planned.pk])).context["entries"]

    assert [(e.who, e.what, e.changes) for e in entries[:4]] == [
        ("Alice Archer", "Excluded Dana", ("Reason: Test",)),
        ("Alice Archer", f"Changed action “{entry.model_title}”", ("Owner: — → COO", "Status: Not started → Done")),
        ("Alice Archer", f"Tailored action “{entry.model_title}”", ()),
        ("Alice Archer", "Round edited", ("Title: Baseline → Renamed",)),
    ]


def test_a_response_start_adds_nothing_to_the_round_history(planned, respond):
    before = planned.history.count()

    respond(planned, 3)

    assert planned.history.count() == before


# --- Tracking across rounds ----------------------------------------------------------------


def test_new_round_starts_from_the_previous_rounds_plan(planned):
    entry = first_entry(planned)
    plan.plan_item_tailor(
        round=planned, code=entry.code, title="Reworded", steps="", owner="COO", due_on=None, status="in_progress"
    )
    own = services_own_action(planned, title="Huddle", status="done")

    later = services.round_create(client=planned.client, title="Follow-up", opened_on=planned.opened_on)

    carried = sorted((i.code, i.title, i.owner, i.status, i.carried_from_id) for i in later.plan_items.all())
    assert carried == sorted(
        [
            (entry.code, "Reworded", "COO", "in_progress", PlanItem.objects.get(round=planned, code=entry.code).pk),
            ("", "Huddle", "", "done", own.pk),
        ]
    )


def test_tracked_statuses_follow_the_later_round(planned):
    entry = first_entry(planned)
    plan.plan_item_tailor(
        round=planned, code=entry.code, title="", steps="", owner="", due_on=None, status="in_progress"
    )
    later = services.round_create(client=planned.client, title="Follow-up", opened_on=planned.opened_on)
    plan.plan_item_tailor(round=later, code=entry.code, title="", steps="", owner="", due_on=None, status="done")

    assert plan.plan_tracked_statuses(round=planned) == {entry.key: "done"}


def test_other_consultants_rounds_are_never_carried_over(planned, db):
    bob = make_user("bob2")
    theirs = services.client_create(owner=bob, name="Bob's client")
    plan.plan_item_tailor(
        round=planned, code=first_entry(planned).code, title="", steps="", owner="", due_on=None, status="done"
    )

    fresh = services.round_create(client=theirs, title="First")

    assert fresh.plan_items.count() == 0


# --- Comparison: the plan's progress beside each dimension's change -----------------------


def test_compare_shows_plan_progress_and_done_actions_on_dimensions_that_moved(alice, acme, respond):
    spring = services.round_create(client=acme, title="Spring", opened_on=datetime.date(2026, 3, 1))
    respond(spring, 2)
    entries = tailored(spring).entries
    data = [e for e in entries if e.dimension == "data"]
    leadership = [e for e in entries if e.dimension == "leadership"]
    plan.plan_item_tailor(round=spring, code=data[0].code, title="", steps="", owner="", due_on=None, status="done")
    plan.plan_item_tailor(
        round=spring, code=leadership[0].code, title="", steps="", owner="", due_on=None, status="done"
    )
    autumn = services.round_create(client=acme, title="Autumn", opened_on=datetime.date(2026, 9, 1))
    # Tracked in the later round: the data action is reopened there, a second data action done.
    plan.plan_item_tailor(
        round=autumn, code=data[0].code, title="", steps="", owner="", due_on=None, status="in_progress"
    )
    plan.plan_item_tailor(round=spring, code=data[1].code, title="", steps="", owner="", due_on=None, status="done")
    respond(autumn, {"data": 3}, default=2)  # data moves, leadership does not

    response = alice.get(reverse("consulting:round_compare", args=[acme.pk]))

    rows = {d.key: (p.total, p.done, p.in_progress, done) for d, p, done in response.context["comparison"].rows if p}
    assert rows["data"] == (len(data), 1, 1, (data[1].title,))
    assert rows["leadership"] == (len(leadership), 1, 0, ())
    assert f"1 of {len(data)} done, 1 in progress" in response.content.decode()


# --- One team score ------------------------------------------------------------------------


def respond_unevenly(round, first_level, rest):
    """A completed response: leadership's first question at first_level, its others at ``rest`` (None: Not sure)."""
    from assessments import services as assessment_services

    assessment = services.round_response_start(round=round)
    choices = {}
    for step in assessment_services.questionnaire_steps():
        for i, question in enumerate(step.questions):
            level = 3
            if step.dimension.slug == "leadership":
                level = (
                    first_level if i == 0 else (rest if rest is not None or question.allow_not_sure else first_level)
                )
            choices[question] = None if level is None else next(o for o in question.options.all() if o.level == level)
    assessment_services.answers_save(assessment=assessment, choices=choices)
    assessment_services.assessment_complete(assessment=assessment)
    return assessment


@pytest.fixture
def uneven(acme, cx_model):
    """Leadership: one respondent answers 1 once (Not sure to the rest), another 3 throughout: mean 2.00, pooled higher."""
    earlier = services.round_create(client=acme, title="Earlier", opened_on=datetime.date(2026, 1, 1))
    respond_unevenly(earlier, 3, 3)
    round = services.round_create(client=acme, title="Later", opened_on=datetime.date(2026, 6, 1))
    respond_unevenly(round, 1, None)
    respond_unevenly(round, 3, 3)
    return round


def test_team_score_is_the_same_figure_on_page_comparison_csv_and_pdf(alice, uneven, monkeypatch):
    from assessments import pdf as pdf_render

    team = selectors.round_team_result(round=uneven)
    leadership = next(s for s in team.summaries if s.key == "leadership")
    pooled = team.pooled.dimension("leadership").score
    printed = []
    monkeypatch.setattr(pdf_render, "render_pdf", lambda xhtml, page_size="A4": printed.append(xhtml) or b"%PDF")

    page = alice.get(reverse("consulting:round_detail", args=[uneven.pk]))
    compare = alice.get(reverse("consulting:round_compare", args=[uneven.client.pk]))
    csv_text = alice.get(reverse("consulting:round_scores_export", args=[uneven.pk])).content.decode()
    csv_rows = list(csv.reader(io.StringIO(csv_text.removeprefix(BOM))))
    alice.get(reverse("consulting:round_pdf", args=[uneven.pk]))

    assert f"{leadership.mean:.2f}" == "2.00"
    assert f"{pooled:.2f}" != "2.00"  # the pooled figure differs here: the page must not mix them
    name = leadership.name.replace("&", "&amp;")
    page_figure = re.search(
        rf'<th scope="row">{name}</th>\s*<td class="text-end">([0-9.]+)</td>', page.content.decode()
    )
    assert page_figure.group(1) == "2.00"
    assert next(d.after for d in compare.context["comparison"].deltas if d.key == "leadership") == 2.0
    assert csv_rows[0][:2] == ["Dimension", "Team score (mean of respondents' scores)"]
    assert next(r[1] for r in csv_rows if r[0] == leadership.name) == "2.00"
    assert f'<th scope="row">{name}</th><td class="num">2.00</td>' in printed[0]
    assert '<th scope="col" class="num">Team score</th>' in printed[0]


# --- Team PDF: summary and tailored plan ---------------------------------------------------


def test_team_pdf_has_the_summary_and_the_tailored_plan(alice, planned):
    from .test_rounds import pdf_text

    entries = tailored(planned).entries
    hidden, reworded = entries[0], entries[1]
    plan.plan_item_hide(round=planned, code=hidden.code, reason="Done already")
    plan.plan_item_tailor(
        round=planned,
        code=reworded.code,
        title="Map the claims journey",
        steps="",
        owner="COO",
        due_on=datetime.date(2026, 6, 30),
        status="in_progress",
    )
    services_own_action(planned, title="Weekly service huddle", owner="Ops lead", status="done")
    plan.round_update(round=planned, title="Baseline", summary="Service is strong.\n\nData lags.")

    text = pdf_text(alice.get(reverse("consulting:round_pdf", args=[planned.pk])).content)

    assert "Executive summary Service is strong. Data lags." in text
    assert "Map the claims journey — " in text and "In progress · owner: COO · due 30 Jun 2026" in text
    assert "Weekly service huddle · Done · owner: Ops lead" in text
    assert hidden.title not in text.split("Your plan", 1)[1]
