"""Team maths on hand-checked examples: no database, no Django."""

import math

import pytest

from maturity.aggregation import (
    Delta,
    Response,
    answer_evidence,
    compare,
    completion_rate,
    condense_holding_back,
    dimension_confidence,
    dimension_summaries,
    disagreements,
    group_breakdown,
    stage_movement,
)
from maturity.scoring import AnsweredQuestion, DimensionSpec

LEAD = DimensionSpec("lead", "Leadership")
DATA = DimensionSpec("data", "Data")
DIMS = [LEAD, DATA]


def response(name, lead, data, *, role="", department="", answers=()):
    return Response(
        respondent=name, scores={"lead": lead, "data": data}, role=role, department=department, answers=answers
    )


def answers(dimension, *levels):
    return [
        AnsweredQuestion(dimension=dimension, question=f"{dimension}-{i}", level=level)
        for i, level in enumerate(levels, 1)
    ]


def test_dimension_summary_mean_min_max_spread_hand_checked():
    team = [response("A", 2.0, 4.0), response("B", 3.0, 4.5), response("C", 4.0, 1.5)]

    lead, data = dimension_summaries(team, DIMS)

    assert (lead.mean, lead.minimum, lead.maximum, lead.spread, lead.respondents) == (3.0, 2.0, 4.0, 2.0, 3)
    assert (data.mean, data.minimum, data.maximum, data.spread) == (pytest.approx(10 / 3), 1.5, 4.5, 3.0)


def test_dimension_summary_skips_missing_scores():
    team = [response("A", 2.0, None), response("B", 4.0, None)]

    lead, data = dimension_summaries(team, DIMS)

    assert (lead.mean, lead.respondents) == (3.0, 2)
    assert (data.mean, data.minimum, data.spread, data.respondents, data.confidence) == (None, None, None, 0, 0.0)


def test_dimension_summary_order_follows_dimensions_given():
    team = [response("A", 2.0, 4.0)]

    assert [s.key for s in dimension_summaries(team, [DATA, LEAD])] == ["data", "lead"]


def test_confidence_docstring_example_is_point_three_eight():
    # Four respondents 2, 2, 4, 4 (sd 1), one "Not sure" in 20 answers: 0.95 x 0.8 x 0.5.
    levels = [[2] * 5, [2] * 5, [4] * 5, [4] * 4 + [None]]
    team = [
        Response(respondent=str(i), scores={"lead": float(s)}, answers=answers("lead", *lv))
        for i, (s, lv) in enumerate(zip([2, 2, 4, 4], levels))
    ]

    (lead,) = dimension_summaries(team, [LEAD])

    assert (lead.answers, lead.not_sure, lead.sd) == (20, 1, 1.0)
    assert lead.not_sure_rate == 0.05
    assert lead.confidence == pytest.approx(0.38)


def test_confidence_single_certain_respondent_is_one_half():
    assert dimension_confidence(answers=5, not_sure=0, respondents=1, sd=0.0) == 0.5


def test_confidence_full_polarisation_is_zero():
    assert dimension_confidence(answers=10, not_sure=0, respondents=2, sd=2.0) == 0.0


def test_confidence_all_not_sure_is_zero():
    assert dimension_confidence(answers=4, not_sure=4, respondents=1, sd=0.0) == 0.0


@pytest.mark.parametrize("respondents", [0, 1, 2, 7, 50])
@pytest.mark.parametrize("not_sure", [0, 3, 10])
@pytest.mark.parametrize("sd", [None, 0.0, 0.7, 2.0, 3.5])
def test_confidence_stays_within_zero_and_one(respondents, not_sure, sd):
    value = dimension_confidence(answers=10, not_sure=not_sure, respondents=respondents, sd=sd)

    assert 0.0 <= value <= 1.0


def test_confidence_grows_with_respondents():
    values = [dimension_confidence(answers=10 * n, not_sure=0, respondents=n, sd=0.5) for n in (1, 2, 5, 20)]

    assert values == sorted(values) and len(set(values)) == 4


def test_disagreement_flags_span_of_two_levels_or_more():
    team = [
        response(
            "A",
            3,
            3,
            answers=[
                AnsweredQuestion("lead", "q1", 1),
                AnsweredQuestion("lead", "q2", 2),
                AnsweredQuestion("data", "q3", 5),
            ],
        ),
        response(
            "B",
            3,
            3,
            answers=[
                AnsweredQuestion("lead", "q1", 3),
                AnsweredQuestion("lead", "q2", 3),
                AnsweredQuestion("data", "q3", 1),
            ],
        ),
    ]

    flagged = disagreements(team)

    assert [(d.question, d.levels, d.span) for d in flagged] == [("q3", (1, 5), 4), ("q1", (1, 3), 2)]


def test_disagreement_ignores_adjacent_levels_and_not_sure():
    team = [
        response("A", 3, 3, answers=[AnsweredQuestion("lead", "q1", 2), AnsweredQuestion("lead", "q2", None)]),
        response("B", 3, 3, answers=[AnsweredQuestion("lead", "q1", 3), AnsweredQuestion("lead", "q2", 5)]),
        response("C", 3, 3, answers=[AnsweredQuestion("lead", "q1", 3), AnsweredQuestion("lead", "q2", 5)]),
    ]

    assert disagreements(team) == []


def test_disagreement_counts_levels_and_not_sure():
    team = [
        response(n, 3, 3, answers=[AnsweredQuestion("lead", "q1", level, text="Who owns CX?")])
        for n, level in [("A", 4), ("B", 2), ("C", None), ("D", 4)]
    ]

    (flag,) = disagreements(team)

    assert (flag.text, flag.counts, flag.not_sure, flag.low, flag.high) == ("Who owns CX?", [(2, 1), (4, 2)], 1, 2, 4)


def test_breakdown_by_role_means_and_perception_gap_hand_checked():
    team = [
        response("A", 4.0, 3.0, role="Executive"),
        response("B", 5.0, 3.0, role="executive "),  # same group, other spelling
        response("C", 2.5, 2.5, role="Frontline"),
        response("D", 2.0, 3.5, role="Frontline"),
        response("E", 1.0, 1.0, role=""),  # not stated: never part of a gap
    ]

    breakdown = group_breakdown(team, DIMS, by="role")

    assert [(g.name, g.respondents, dict(g.means), g.stated) for g in breakdown.groups] == [
        ("Executive", 2, {"lead": 4.5, "data": 3.0}, True),
        ("Frontline", 2, {"lead": 2.25, "data": 3.0}, True),
        ("Not stated", 1, {"lead": 1.0, "data": 1.0}, False),
    ]
    assert [(g.dimension, g.high_group, g.low_group, g.difference) for g in breakdown.gaps] == [
        ("lead", "Executive", "Frontline", 2.25)
    ]
    assert (breakdown.gap_for("lead"), breakdown.gap_for("data")) == (breakdown.gaps[0], None)


def test_perception_gap_of_exactly_one_and_a_half_is_flagged():
    team = [response("A", 3.1, 3, department="Sales"), response("B", 1.6, 3, department="Service")]

    breakdown = group_breakdown(team, DIMS, by="department")

    assert [(g.dimension, round(g.difference, 2)) for g in breakdown.gaps] == [("lead", 1.5)]


def test_perception_gap_flagged_when_the_shown_figures_are_one_and_a_half_apart():
    # Means 3.66 and 2.1667 (1.4933 apart) read 3.66 and 2.16: the page says "difference 1.50"
    # under a caption that flags 1.5 or more, so the flag must be there too.
    team = [
        response("A", 3.66, 3, role="Exec"),
        response("B", 2.25, 3, role="Front"),
        response("C", 2.0, 3, role="Front"),
        response("D", 2.25, 3, role="Front"),
    ]

    (gap,) = group_breakdown(team, DIMS, by="role").gaps

    assert (gap.dimension, gap.high_group, gap.low_group) == ("lead", "Exec", "Front")


def test_perception_gap_below_threshold_is_not_flagged():
    team = [response("A", 3.4, 3, role="Executive"), response("B", 2.0, 3, role="Frontline")]

    assert group_breakdown(team, DIMS, by="role").gaps == []


def test_perception_gap_compares_extreme_groups_of_three():
    team = [
        response("A", 4.0, 3, role="Exec"),
        response("B", 3.0, 3, role="Manager"),
        response("C", 2.0, 3, role="Agent"),
    ]

    (gap,) = group_breakdown(team, DIMS, by="role").gaps

    assert (gap.high_group, gap.low_group, gap.difference) == ("Exec", "Agent", 2.0)


def test_completion_rate_is_completed_over_started():
    assert (completion_rate(completed=3, started=4), completion_rate(completed=0, started=0)) == (0.75, None)


def test_compare_deltas_per_dimension():
    deltas = compare(before={"lead": 2.0, "data": 3.5}, after={"lead": 2.75, "data": 3.0}, dimensions=DIMS)

    assert [(d.key, d.before, d.after, d.delta) for d in deltas] == [
        ("lead", 2.0, 2.75, 0.75),
        ("data", 3.5, 3.0, -0.5),
    ]


def test_compare_missing_score_has_no_delta():
    (delta,) = compare(before={}, after={"lead": 3.0}, dimensions=[LEAD])

    assert delta == Delta(key="lead", name="Leadership", before=None, after=3.0)
    assert delta.delta is None


def test_stage_movement_reads_from_before_to_after():
    assert [stage_movement(2, 3), stage_movement(3, 3), stage_movement(None, 2)] == [
        "Stage 2 → Stage 3",
        "Stage 3 → Stage 3",
        "no placement → Stage 2",
    ]


def test_population_sd_matches_hand_computation():
    from maturity.aggregation import population_sd

    assert population_sd([2.0, 3.0, 4.0]) == pytest.approx(math.sqrt(2 / 3))


def test_condense_holding_back_keeps_lowest_per_question_and_every_note():
    entries = [
        {"question": "q1", "level": 1, "note": ""},
        {"question": "q2", "level": 1, "note": "CRM is a spreadsheet"},
        {"question": "q1", "level": 2, "note": ""},
        {"question": "q1", "level": 2, "note": "Board pack"},
        {"question": "q2", "level": 2, "note": "CRM is a spreadsheet"},
    ]

    kept = condense_holding_back(entries)

    assert kept == [entries[0], entries[1], entries[3]]


def test_perception_gap_in_a_later_dimension_still_flagged_when_an_earlier_one_has_one_group():
    # Nobody in Frontline scored Leadership, so it has one stated group and no gap; Data still has one.
    team = [response("A", 3.0, 4.0, role="Executive"), response("B", None, 1.5, role="Frontline")]

    breakdown = group_breakdown(team, DIMS, by="role")

    assert [(g.dimension, g.high_group, g.low_group, g.difference) for g in breakdown.gaps] == [
        ("data", "Executive", "Frontline", 2.5)
    ]


def test_condense_holding_back_without_notes_keeps_the_first_answer_to_every_question():
    entries = [
        {"question": "q1", "level": 1, "note": ""},
        {"question": "q2", "level": 1, "note": ""},
        {"question": "q1", "level": 2, "note": ""},
        {"question": "q3", "level": 2},
        {"question": "q2", "level": 3, "note": "  "},
    ]

    assert condense_holding_back(entries) == [entries[0], entries[1], entries[3]]


def test_condense_holding_back_keeps_the_same_note_on_two_questions():
    entries = [
        {"question": "q1", "level": 1, "note": "No budget"},
        {"question": "q2", "level": 1, "note": "No budget"},
        {"question": "q1", "level": 2, "note": "No budget"},
    ]

    assert condense_holding_back(entries) == [entries[0], entries[1]]


def test_completion_rate_of_one_starter():
    assert (completion_rate(completed=1, started=1), completion_rate(completed=0, started=1)) == (1.0, 0.0)


def test_completion_rate_never_above_one():
    assert completion_rate(completed=5, started=4) == 1.0


def test_disagreement_counts_every_not_sure_on_a_question():
    team = [
        response(n, 3, 3, answers=[AnsweredQuestion("lead", "q1", level)])
        for n, level in [("A", 1), ("B", None), ("C", 4), ("D", None), ("E", None)]
    ]

    (flag,) = disagreements(team)

    assert (flag.levels, flag.not_sure) == ((1, 4), 3)


EVIDENCE = [
    {"question": "q2", "text": "Who owns CX?", "level": 2, "label": "Nobody", "role": "Sales ", "note": ""},
    {"question": "q2", "text": "Who owns CX?", "level": 1, "label": "No one", "role": "sales", "note": " Budget cut "},
    {"question": "q2", "text": "Who owns CX?", "level": 2, "label": "Nobody", "role": "Support", "note": "Budget cut"},
    {"question": "q2", "text": "Who owns CX?", "level": 2, "label": "Nobody", "role": "", "note": None},
    {"question": "q1", "text": "Data?", "level": None, "label": "Not sure", "role": "Sales"},
    {"question": "q1", "text": "Data?", "level": 1, "label": "None", "role": "Support"},
    {"question": "q2", "text": "Who owns CX?", "level": 2, "label": "Nobody", "role": "SALES"},
]


def test_answer_evidence_counts_answers_names_only_large_enough_roles_and_keeps_notes_once():
    lines = answer_evidence(EVIDENCE, role_sizes={"sales": 5, "support": 2}, min_group=5)

    assert lines == [
        {
            "question": "q2",
            "text": "Who owns CX?",
            "answers": [
                {"level": 1, "label": "No one", "count": 1, "roles": [{"name": "Sales", "count": 1}], "others": 0},
                {"level": 2, "label": "Nobody", "count": 4, "roles": [{"name": "Sales", "count": 2}], "others": 2},
            ],
            "notes": ["Budget cut"],
        },
        {
            "question": "q1",
            "text": "Data?",
            "answers": [
                {"level": 1, "label": "None", "count": 1, "roles": [], "others": 1},
                {"level": None, "label": "Not sure", "count": 1, "roles": [{"name": "Sales", "count": 1}], "others": 0},
            ],
            "notes": [],
        },
    ]


def test_answer_evidence_names_roles_most_first_then_by_name():
    lines = answer_evidence(EVIDENCE + [EVIDENCE[2]], role_sizes={"sales": 2, "support": 2}, min_group=2)

    assert [(a["level"], a["roles"], a["others"]) for a in lines[0]["answers"]] == [
        (1, [{"name": "Sales", "count": 1}], 0),
        (2, [{"name": "Sales", "count": 2}, {"name": "Support", "count": 2}], 1),
    ]


def test_confidence_of_a_single_answer_is_counted():
    assert dimension_confidence(answers=1, not_sure=0, respondents=1, sd=0.0) == 0.5


def test_dimension_summaries_carry_the_dimension_names():
    summaries = dimension_summaries([response("A", 2.0, 4.0)], DIMS)

    assert [(s.key, s.name) for s in summaries] == [("lead", "Leadership"), ("data", "Data")]


def levels_on(question, *levels):
    """One respondent per level, each answering only `question` on the lead dimension."""
    return [
        response(f"R{i}", 3, 3, answers=[AnsweredQuestion("lead", question, level)]) for i, level in enumerate(levels)
    ]


def test_disagreements_rank_by_spread_before_span():
    # q1 (1,2,2,2,5) spans four levels with a standard deviation of 1.36; q2 (1,1,1,4,4)
    # spans three but splits the team harder (1.47): q2 is the greater disagreement.
    team = levels_on("q1", 1, 2, 2, 2, 5) + levels_on("q2", 1, 1, 1, 4, 4)

    assert [d.question for d in disagreements(team)] == ["q2", "q1"]


def test_disagreements_of_equal_spread_rank_the_wider_span_first():
    team = levels_on("q1", 1, 1, 4, 4) + levels_on("q2", 1, 2, 2, 5)  # both a standard deviation of 1.5

    assert [(d.question, d.span) for d in disagreements(team)] == [("q2", 4), ("q1", 3)]


def test_disagreements_by_default_show_groups_of_one():
    team = [
        response("A", 3, 3, role="Executive", answers=[AnsweredQuestion("lead", "q1", 1)]),
        response("B", 3, 3, role="Frontline", answers=[AnsweredQuestion("lead", "q1", 4)]),
    ]

    (flag,) = disagreements(team)

    assert [(g.by, g.name, g.levels) for g in flag.groups] == [("role", "Executive", (1,)), ("role", "Frontline", (4,))]


def test_disagreement_groups_count_their_not_sure_answers():
    team = [
        response("A", 3, 3, role="Executive", answers=[AnsweredQuestion("lead", "q1", 1)]),
        response("B", 3, 3, role="Executive", answers=[AnsweredQuestion("lead", "q1", None)]),
        response("C", 3, 3, role="Frontline", answers=[AnsweredQuestion("lead", "q1", 4)]),
        response("D", 3, 3, answers=[AnsweredQuestion("lead", "q1", 3)]),
    ]

    (flag,) = disagreements(team, min_group=1)

    assert [(g.name, g.respondents, g.levels, g.not_sure) for g in flag.groups] == [
        ("Executive", 2, (1,), 1),
        ("Frontline", 1, (4,), 0),
    ]


def test_breakdown_shows_a_group_name_with_its_inner_spaces_collapsed():
    team = [response("A", 1.0, 1.0, role="Team   lead"), response("B", 3.0, 3.0, role="team lead")]

    breakdown = group_breakdown(team, DIMS, by="role")

    assert [(g.name, g.respondents) for g in breakdown.groups] == [("Team lead", 2)]


def test_breakdown_names_the_first_listed_group_when_two_tie_highest_or_lowest():
    # Groups are listed by name ignoring case: "alpha", then "Beta", then "gamma".
    team = [
        response("A", 4.0, 2.0, role="alpha"),
        response("B", 4.0, 2.0, role="Beta"),
        response("C", 2.0, 4.0, role="gamma"),
    ]

    breakdown = group_breakdown(team, DIMS, by="role")

    assert [(g.name, g.high_group, g.low_group) for g in breakdown.gaps] == [
        ("Leadership", "alpha", "gamma"),
        ("Data", "gamma", "alpha"),
    ]


def test_breakdown_says_what_it_groups_by_and_its_minimum():
    team = [response("A", 1.0, 1.0, department="Ops")]

    breakdown = group_breakdown(team, DIMS, by="department", min_group=3)

    assert (breakdown.by, breakdown.min_group, breakdown.groups, breakdown.hidden) == ("department", 3, [], 1)


def test_answer_evidence_without_text_or_label_gives_them_blank():
    (line,) = answer_evidence([{"question": "q1", "level": 2, "role": ""}], role_sizes={}, min_group=1)

    assert (line["text"], line["answers"][0]["label"]) == ("", "")


def test_answer_evidence_names_a_role_with_its_inner_spaces_collapsed():
    entries = [{"question": "q1", "level": 2, "role": "Team   lead"}]

    (line,) = answer_evidence(entries, role_sizes={"team lead": 5}, min_group=5)

    assert line["answers"][0]["roles"] == [{"name": "Team lead", "count": 1}]


def test_answer_evidence_lists_the_larger_role_first_whatever_the_names():
    entries = [{"question": "q1", "level": 2, "role": role} for role in ("Alpha", "Beta", "Beta")]

    (line,) = answer_evidence(entries, role_sizes={"alpha": 1, "beta": 2}, min_group=1)

    assert line["answers"][0]["roles"] == [{"name": "Beta", "count": 2}, {"name": "Alpha", "count": 1}]


def test_answer_evidence_lists_roles_of_equal_count_by_name_not_by_first_met():
    entries = [{"question": "q1", "level": 2, "role": role} for role in ("Zeta", "Alpha")]

    (line,) = answer_evidence(entries, role_sizes={"zeta": 1, "alpha": 1}, min_group=1)

    assert line["answers"][0]["roles"] == [{"name": "Alpha", "count": 1}, {"name": "Zeta", "count": 1}]


def test_answer_evidence_counts_a_role_the_round_does_not_know_under_other_roles():
    entries = [{"question": "q1", "level": 2, "role": "Visitor"}]

    (line,) = answer_evidence(entries, role_sizes={}, min_group=1)

    assert (line["answers"][0]["roles"], line["answers"][0]["others"]) == ([], 1)


def test_breakdown_names_the_first_listed_of_two_groups_tied_highest():
    team = [
        response("A", 4.0, 3.0, role="Alpha"),
        response("B", 4.0, 3.0, role="beta"),
        response("C", 2.0, 3.0, role="gamma"),
    ]

    (gap,) = group_breakdown(team, DIMS, by="role").gaps

    assert (gap.high_group, gap.low_group) == ("Alpha", "gamma")
