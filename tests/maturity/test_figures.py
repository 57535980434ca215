"""How figures read: cut to two decimals, and differences that add up with the figures beside them."""

import pytest

from maturity.figures import (
    change_text,
    chart_value,
    difference_text,
    displayed,
    gap_text,
    percent_text,
    score_text,
    shown,
    signed_text,
)


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
def test_score_text_cuts_to_two_decimals(value, expected):
    assert score_text(value) == expected


@pytest.mark.parametrize(("score", "expected"), [(2.3, 2.3), (1.996, 1.99), (2 / 3, 0.66), (5.0, 5.0), (2.005, 2.0)])
def test_shown_cuts_reading_floats_as_typed(score, expected):
    assert shown(score) == expected


def test_displayed_recovers_the_figure_a_float_mean_stands_for():
    assert (displayed((3.82 + 2.30) / 2), shown((3.82 + 2.30) / 2)) == (3.06, 3.05)


def test_difference_text_is_the_difference_of_the_shown_figures():
    # 2.3333 - 1.6667 is 0.6666, but the page shows 2.33 and 1.66: the difference it shows is 0.67.
    assert (difference_text(7 / 3, 5 / 3), difference_text(1.13, 1.0)) == ("0.67", "0.13")


@pytest.mark.parametrize(("value", "other"), [(None, 1.0), (1.0, None), (None, None)])
def test_difference_text_without_both_figures_is_a_dash(value, other):
    assert difference_text(value, other) == "—"


def test_gap_text_adds_up_with_the_shown_score():
    assert (gap_text(target=4, score=8 / 3), gap_text(target=3, score=3.0)) == ("1.34", "0.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, "+0.50"), (-0.25, "−0.25"), (0.0, "0.00"), (0.004, "0.00"), (-0.004, "0.00"), (0.006, "+0.01"), (None, "—")],
)
def test_signed_text_shows_the_sign_of_the_rounded_change(value, expected):
    assert signed_text(value) == expected


@pytest.mark.parametrize(
    ("after", "before", "expected"),
    [(8 / 3, 2.5, "+0.16"), (2.5, 8 / 3, "−0.16"), (3.0, 3.0, "0.00"), (None, 3.0, "—"), (3.0, None, "—")],
)
def test_change_text_is_signed_and_from_the_shown_figures(after, before, expected):
    assert change_text(after, before) == expected


@pytest.mark.parametrize(("share", "expected"), [(0.875, "88%"), (1, "100%"), (0, "0%"), (0.333, "33%"), (None, "—")])
def test_percent_text_is_a_whole_percentage(share, expected):
    assert percent_text(share) == expected


def test_chart_value_is_the_shown_figure_or_none():
    assert (chart_value(8 / 3), chart_value(None)) == (2.66, None)


def test_displayed_reads_a_value_within_a_billionth_under_a_figure_as_that_figure():
    # Nine decimals: 6e-11 under 3 is float noise and reads 3.00; 6e-10 under is a lower figure, cut to 2.99.
    assert (displayed(2.99999999994), displayed(2.9999999994)) == (3.0, 2.99)
