"""How figures read on the page: cut to two decimals, and differences that add up."""

import pytest

from assessments.templatetags.cx import gap_shown, minus, practices, score
from consulting.templatetags.team import change_from


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        (2.6666666666666665, "2.66"),  # a team mean: cut, never 2.67
        ((3.82 + 2.30) / 2, "3.06"),  # 3.0599999999999996 in floats: the figure it stands for
        (1.13 - 1.0, "0.13"),  # 0.1299999999999999
        (2.497, "2.49"),
        (5, "5.00"),
    ],
)
def test_score_cuts_to_two_decimals(value, expected):
    assert score(value) == expected


def test_minus_is_the_difference_of_the_shown_figures():
    # 2.3333 - 1.6667 is 0.6666, but the page shows 2.33 and 1.66: the difference it shows is 0.67.
    assert (minus(7 / 3, 5 / 3), minus(1.13, 1.0), minus(None, 1.0)) == ("0.67", "0.13", "—")


def test_gap_shown_adds_up_with_the_shown_score():
    assert gap_shown({"target": 4, "score": 8 / 3}) == "1.34"


def test_change_from_is_signed_and_from_the_shown_figures():
    assert (change_from(8 / 3, 2.5), change_from(2.5, 8 / 3), change_from(3.0, 3.0), change_from(None, 3.0)) == (
        "+0.16",
        "−0.16",
        "0.00",
        "—",
    )


def test_practices_only_when_no_gap_carries_them():
    action = {"dimension_name": "Data", "recommendation": {"title": "Do it"}}
    plan = [{"actions": [action]}, {"actions": []}, {"actions": []}]

    assert practices({"gaps": [], "plan": plan}) == [{"name": "Data", "recommendations": [{"title": "Do it"}]}]
    assert practices({"gaps": [{"key": "data", "recommendations": [{"title": "Do it"}]}], "plan": plan}) == []


def test_practices_listed_when_the_gaps_have_none_of_their_own():
    action = {"dimension_name": "Culture", "recommendation": {"title": "Do it"}}
    plan = [{"actions": [action]}, {"actions": []}, {"actions": []}]

    assert practices({"gaps": [{"key": "data", "recommendations": []}], "plan": plan}) == [
        {"name": "Culture", "recommendations": [{"title": "Do it"}]}
    ]
