"""Peer comparison maths: histograms, percentiles, medians, segment fallback and what may be published."""

import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import peers
from maturity.peers import ANY, EVERYONE, Segment


def by_key(segment):
    return segment.key


shown_scores = st.integers(min_value=100, max_value=500).map(lambda n: n / 100)


# --- Histograms ---------------------------------------------------------------------


@given(st.lists(shown_scores, min_size=1, max_size=60))
def test_median_equals_the_median_of_the_scores(scores):
    assert peers.median(peers.histogram_of(scores)) == pytest.approx(
        int(statistics.median(scores) * 100 + 1e-9) / 100, abs=1e-9
    )


@given(st.lists(shown_scores, min_size=1, max_size=60), shown_scores)
def test_percentile_counts_those_below_and_half_the_ties(scores, score):
    below = sum(s < score for s in scores)
    ties = sum(s == score for s in scores)
    assert peers.percentile(peers.histogram_of(scores), score) == round(100 * (below + ties / 2) / len(scores))


@given(st.lists(shown_scores, min_size=1, max_size=30), shown_scores, shown_scores)
def test_percentile_never_falls_as_the_score_rises(scores, a, b):
    histogram = peers.histogram_of(scores)
    low, high = sorted([a, b])
    assert peers.percentile(histogram, low) <= peers.percentile(histogram, high)


@given(st.lists(shown_scores, min_size=1, max_size=30), st.lists(shown_scores, max_size=30))
def test_taking_scores_out_gives_back_the_histogram_without_them(kept, removed):
    histogram = peers.histogram_of(kept + removed)
    for score in removed:
        peers.histogram_add(histogram, score, -1)
    assert histogram == peers.histogram_of(kept)


def test_taking_out_a_score_never_added_is_refused():
    with pytest.raises(ValueError, match=r"Taking out a score \(3.0\) that was never added"):
        peers.histogram_add(peers.histogram_of([2.5]), 3.0, -1)


def test_scores_bin_as_shown_cut_to_two_decimals():
    assert peers.bin_index(2.999) == peers.bin_index(2.99)
    assert peers.bin_score(peers.bin_index(1.0)) == 1.0
    assert peers.bin_score(peers.bin_index(5.0)) == 5.0


def test_scores_above_five_bin_as_five():
    assert peers.histogram_of([5.2]) == peers.histogram_of([5.0])
    assert peers.percentile(peers.histogram_of([4.0, 5.0]), 5.2) == 75


def test_percentile_without_results_is_refused():
    with pytest.raises(ValueError, match=r"^No results to compare with\.$"):
        peers.percentile(peers.empty_histogram(), 3.0)


def test_median_without_results_is_refused():
    with pytest.raises(ValueError, match=r"^No results to take a median of\.$"):
        peers.median(peers.empty_histogram())


def test_median_of_plain_values_leaves_out_missing_ones():
    assert peers.median_of([3.0, None, 1.0, 2.0, 4.0]) == 2.5
    assert peers.median_of([None]) is None


# --- Segment fallback -----------------------------------------------------------------


def test_fallback_goes_industry_and_size_then_industry_then_size_then_everyone():
    assert peers.fallback_chain(3, 2) == [Segment(3, 2), Segment(3, ANY), Segment(ANY, 2), EVERYONE]


def test_fallback_without_industry_tries_size_then_everyone():
    assert peers.fallback_chain(None, 2) == [Segment(ANY, 2), EVERYONE]
    assert peers.fallback_chain(3, None) == [Segment(3, ANY), EVERYONE]
    assert peers.fallback_chain(None, None) == [EVERYONE]


def test_choose_takes_the_narrowest_published_segment():
    chain = peers.fallback_chain(3, 2)
    assert peers.choose(chain, {EVERYONE, Segment(ANY, 2)}) == Segment(ANY, 2)
    assert peers.choose(chain, {EVERYONE, Segment(3, 2), Segment(3, ANY)}) == Segment(3, 2)
    assert peers.choose(chain, set()) is None


def test_segments_below_their_minimum_are_never_published():
    cells = {(1, 1): 9, (None, None): 0}
    assert peers.publishable(cells, minimum=10, minimum_everyone=5) == {EVERYONE}
    assert peers.publishable({(1, 1): 4}, minimum=10, minimum_everyone=5) == set()


def test_segments_at_their_minimum_are_published():
    cells = {(1, 1): 10}
    assert peers.publishable(cells, minimum=10, minimum_everyone=5) == {
        EVERYONE,
        Segment(1, ANY),
        Segment(ANY, 1),
        Segment(1, 1),
    }


def test_a_segment_that_would_leave_a_small_remainder_is_not_published():
    # Everyone (11) minus the industry (10) would be the one other result.
    cells = {(1, 1): 10, (2, 1): 1}
    published = peers.publishable(cells, minimum=10, minimum_everyone=5)
    assert published == {EVERYONE, Segment(ANY, 1)}


def test_crossing_industry_and_size_cannot_isolate_one_result():
    # Industry A minus size S isolates (A, T); every pairing that could is refused.
    cells = {(1, 1): 10, (1, 2): 1, (2, 2): 10}
    published = peers.publishable(cells, minimum=10, minimum_everyone=5)
    assert peers.safe(cells, sorted(published, key=by_key), minimum=10, minimum_everyone=5)
    assert not {Segment(1, ANY), Segment(ANY, 1)} <= published


def test_segments_splitting_results_at_exactly_the_minimum_are_published():
    cells = {(1, None): 10, (2, None): 10}
    assert peers.publishable(cells, minimum=10, minimum_everyone=5) == {EVERYONE, Segment(1, ANY), Segment(2, ANY)}


def test_of_two_industries_that_cannot_both_be_shown_the_larger_is_published():
    # Both together would leave industry 3's five results apart.
    cells = {(1, None): 10, (2, None): 12, (3, None): 5}
    assert peers.publishable(cells, minimum=10, minimum_everyone=5) == {EVERYONE, Segment(2, ANY)}


def test_of_two_sizes_that_cannot_both_be_shown_the_larger_is_published():
    cells = {(None, 1): 10, (None, 2): 12, (None, 3): 5}
    assert peers.publishable(cells, minimum=10, minimum_everyone=5) == {EVERYONE, Segment(ANY, 2)}


def test_of_two_industry_and_size_pairs_that_cannot_both_be_shown_the_larger_is_published():
    # Industry 1 is shown; its sizes alone are not (each would leave 5 results of no industry apart),
    # and showing both of its pairs would leave its 3 results of no size apart.
    cells = {(None, 2): 5, (None, 3): 5, (1, None): 3, (1, 2): 10, (1, 3): 11}
    assert peers.publishable(cells, minimum=10, minimum_everyone=10) == {EVERYONE, Segment(1, ANY), Segment(1, 3)}


def test_an_industry_holding_every_result_stays_hidden_while_everyone_is_below_its_minimum():
    # Industry 1 is everyone (8 results, fewer than the 10 everyone needs); size 1 splits it in two.
    cells = {(1, 1): 4, (1, None): 4}
    assert peers.publishable(cells, minimum=3, minimum_everyone=10) == {Segment(ANY, 1), Segment(1, 1)}


def test_cells_are_recovered_from_segment_counts():
    cells = {(1, 1): 3, (1, None): 2, (None, 1): 4, (None, None): 5, (2, 2): 1}
    counts = {}
    for (industry, size), n in cells.items():
        for segment in peers.fallback_chain(industry, size):
            counts[segment] = counts.get(segment, 0) + n
    assert peers.cells_from_segments(counts) == cells


def test_cells_of_no_segment_counts_are_empty():
    assert peers.cells_from_segments({}) == {}


def test_cells_leave_out_segments_missing_from_the_counts():
    counts = {Segment(1, 1): 0, EVERYONE: 3}
    assert peers.cells_from_segments(counts) == {(None, None): 3}


def test_cells_from_segment_counts_no_results_can_have_are_refused():
    # An industry of 5 results among 3 in all.
    with pytest.raises(ValueError, match=r"^Segment counts that no set of results can have\.$"):
        peers.cells_from_segments({Segment(1, ANY): 5, EVERYONE: 3})


def test_classes_group_results_no_segment_of_the_family_can_tell_apart():
    cells = {(1, 1): 3, (1, 2): 4, (2, 1): 5, (None, None): 2, (2, None): 6}
    assert peers.classes(cells, [Segment(1, ANY), Segment(ANY, 1)]) == {
        (True, True): 3,
        (True, False): 4,
        (False, True): 5,
        (False, False): 8,
    }


def test_safe_is_false_for_a_family_leaving_one_result_apart():
    cells = {(1, None): 10, (2, None): 1}
    assert peers.safe(cells, [Segment(1, ANY)], minimum=10, minimum_everyone=5) is False


def test_safe_is_true_when_the_only_small_group_is_empty():
    # Industry 2's results were all taken out.
    cells = {(1, None): 10, (2, None): 0}
    assert peers.safe(cells, [Segment(2, ANY)], minimum=10, minimum_everyone=5) is True


def test_safe_needs_only_the_everyone_minimum_for_everyone():
    assert peers.safe({(1, 1): 6}, [], minimum=10, minimum_everyone=5) is True


def test_safe_needs_only_the_segment_minimum_for_a_part():
    cells = {(1, None): 4, (2, None): 4}
    assert peers.safe(cells, [Segment(1, ANY)], minimum=3, minimum_everyone=10) is True


# --- Privacy: no combination of segment choices reveals a single result -----------------

industry_ids = st.sampled_from([None, 1, 2, 3])
size_ids = st.sampled_from([None, 1, 2])
populations = st.dictionaries(st.tuples(industry_ids, size_ids), st.integers(min_value=0, max_value=14), max_size=12)
minimums = st.tuples(st.integers(min_value=2, max_value=10), st.integers(min_value=2, max_value=10)).map(sorted)


def results_of(cells):
    """One (industry, size) per result."""
    return [cell for cell, n in sorted(cells.items(), key=repr) for _ in range(n)]


def indicator(segment, results):
    return [Fraction(int(segment.contains(*cell))) for cell in results]


def rank(rows):
    rows = [list(r) for r in rows]
    rank = 0
    columns = len(rows[0]) if rows else 0
    for col in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return rank


@given(populations, minimums)
def test_every_segment_shown_holds_at_least_its_minimum(cells, mins):
    minimum_everyone, minimum = mins
    results = results_of(cells)
    for segment in peers.publishable(cells, minimum=minimum, minimum_everyone=minimum_everyone):
        members = sum(segment.contains(*cell) for cell in results)
        assert members >= (minimum_everyone if segment.is_everyone else minimum)


@settings(max_examples=30)  # exact rational ranks over every result: slow, and the weighted test below is broader
@given(populations, minimums)
def test_no_difference_of_segments_shown_isolates_a_single_result(cells, mins):
    """Linear algebra over the results: no sum or difference of shown segments is one result alone."""
    minimum_everyone, minimum = mins
    results = results_of(cells)
    shown = sorted(peers.publishable(cells, minimum=minimum, minimum_everyone=minimum_everyone), key=by_key)
    if not results or not shown:
        return
    rows = [indicator(segment, results) for segment in shown]
    base = rank(rows)
    for r in range(len(results)):
        alone = [Fraction(int(i == r)) for i in range(len(results))]
        assert rank([*rows, alone]) == base + 1, f"result {r} ({results[r]}) is isolated by {shown}"


@given(populations, minimums, st.lists(st.integers(min_value=-3, max_value=3), min_size=20, max_size=20))
def test_no_weighted_combination_of_segments_shown_singles_out_fewer_than_the_minimum(cells, mins, weights):
    """The attacker's view: sum of c_X x histogram(X) weighs each result by w_r = sum of c_X over its segments.

    Results weighed alike are seen only together; a group of fewer than the
    minimum weighed apart from the rest would be singled out.
    """
    minimum_everyone, minimum = mins
    results = results_of(cells)
    shown = sorted(peers.publishable(cells, minimum=minimum, minimum_everyone=minimum_everyone), key=by_key)
    coefficient = dict(zip(shown, weights))
    weight_of = [sum(c for segment, c in coefficient.items() if segment.contains(*cell)) for cell in results]
    groups = {}
    for w in weight_of:
        groups[w] = groups.get(w, 0) + 1
    for w, count in groups.items():
        if w == 0:
            continue
        assert count >= (minimum_everyone if count == len(results) else minimum)


@given(populations, minimums, industry_ids, size_ids)
def test_every_choice_of_segment_shows_a_published_segment_or_nothing(cells, mins, industry, size):
    minimum_everyone, minimum = mins
    published = peers.publishable(cells, minimum=minimum, minimum_everyone=minimum_everyone)
    chosen = peers.choose(peers.fallback_chain(industry, size), published)
    assert chosen is None or chosen in published


def test_publishing_large_segment_lists_is_fast_enough_for_every_write():
    import time

    cells = {(i, s): (i * 7 + s * 3) % 25 for i in range(1, 21) for s in range(1, 6)}
    start = time.perf_counter()
    peers.publishable(cells, minimum=10, minimum_everyone=5)
    assert time.perf_counter() - start < 1.0


# --- What a comparison shows ------------------------------------------------------------


def test_compare_gives_percentile_and_median_per_metric():
    histograms = {"overall": peers.histogram_of([1.0, 2.0, 3.0, 4.0]), "data": peers.histogram_of([2, 2, 2, 2])}
    shown = peers.compare(histograms=histograms, count=4, scores={"overall": 3.0, "data": 2.0})
    assert [(m.metric, m.percentile, m.median) for m in shown] == [("overall", 62, 2.5), ("data", 50, 2.0)]


def test_compare_leaves_out_a_metric_some_results_lack():
    histograms = {"overall": peers.histogram_of([1.0, 2.0, 3.0]), "new": peers.histogram_of([2.0])}
    shown = peers.compare(histograms=histograms, count=3, scores={"overall": 3.0, "new": 2.0, "absent": 1.0})
    assert [m.metric for m in shown] == ["overall"]


def test_compare_shows_the_figures_of_a_single_result():
    shown = peers.compare(histograms={"overall": peers.histogram_of([3.0])}, count=1, scores={"overall": 3.0})
    assert shown == [peers.MetricComparison(metric="overall", score=3.0, percentile=50, median=3.0)]


def test_compare_shows_metrics_listed_after_one_left_out():
    histograms = {"overall": peers.histogram_of([1.0, 2.0, 3.0]), "new": peers.histogram_of([2.0])}
    scores = {"absent": 1.0, "unanswered": None, "new": 2.0, "overall": 3.0}
    shown = peers.compare(histograms=histograms, count=3, scores=scores)
    assert shown == [peers.MetricComparison(metric="overall", score=3.0, percentile=83, median=2.0)]
