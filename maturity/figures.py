"""Every figure a person reads — scores, differences, gaps, changes, percentages — as it is shown.

One place, so that a score reads the same on the page, in the PDF, in the
team table and in a chart's hover, and figures on one line add up. Scores are
cut, never rounded, to two decimals (see `shown`); a missing figure reads as a
dash. The template filters over these are in assessments/templatetags/figures.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

DASH = "—"
MINUS = "−"  # U+2212: a typographic minus, the width of a plus


def cut(value: Fraction) -> float:
    """Cut (towards minus infinity) to two decimals."""
    return float(Fraction(math.floor(value * 100), 100))


def shown(score: float) -> float:
    """A score as displayed: cut, not rounded, to two decimals.

    Rounding can carry a score across a whole level or a band edge (1.996 would
    read 2.00 beside "capped at one stage above your weakest dimension", which
    the stage then contradicts); a cut keeps the figure on the side the
    placement used. repr gives the shortest decimal that reads back as this
    float, so an exact 2.3 is cut as 2.30 and not as a binary 2.2999….
    """
    return cut(Fraction(repr(score)))


def displayed(value: float) -> float:
    """The two-decimal figure a person is shown for a score, a team mean or a spread.

    Cut like every other score (`shown`): a team mean of 2.6667 reads 2.66
    in the table, so it must not read 2.67 in the roadmap. Rounded to nine
    decimals first: a mean or a spread worked out in floats can land a hair under
    the figure it stands for (3.82 and 2.30 average to 3.0599999999999996), and
    cutting that would show 3.05.
    """
    return shown(round(float(value), 9))


def chart_value(value: float | None) -> float | None:
    """A score as a chart's hover shows it: the figure the table beside it shows; None stays None."""
    return None if value is None else displayed(value)


def score_text(value: float | None) -> str:
    """A score as text: "2.66", or a dash when there is none."""
    return DASH if value is None else f"{displayed(value):.2f}"


def difference_text(value: float | None, other: float | None) -> str:
    """The difference of two shown figures, so that "2.33 vs 1.66 (difference 0.67)" adds up."""
    if value is None or other is None:
        return DASH
    return f"{displayed(value) - displayed(other):.2f}"


def gap_text(*, target: float, score: float) -> str:
    """How far a score is below its target, as the shown score and target make it.

    Target minus the *shown* score (4 - 2.66 = 1.34), so the three figures on a
    line always add up; the raw gap (1.3333) would read 1.33.
    """
    return f"{target - displayed(score):.2f}"


def signed_text(value: float | None) -> str:
    """A change with its sign, two decimals: +0.50, −0.25, 0.00; a dash when unknown."""
    if value is None:
        return DASH
    rounded = round(value, 2)
    if rounded > 0:
        return f"+{rounded:.2f}"
    if rounded < 0:
        return f"{MINUS}{abs(rounded):.2f}"
    return "0.00"


def change_text(after: float | None, before: float | None) -> str:
    """The change between two shown scores, signed: +0.16 between 2.50 and 2.66 (not the raw +0.17)."""
    if after is None or before is None:
        return DASH
    return signed_text(displayed(after) - displayed(before))


def percent_text(share: float | None) -> str:
    """A share (0–1) as a whole percentage: 0.875 reads "88%"; a dash when unknown."""
    return DASH if share is None else f"{round(share * 100)}%"
