"""Peer comparison maths: score histograms, percentiles, medians, segments and what may be published.

Pure Python, no Django. A segment's results are kept as one histogram per
metric (the overall score and each dimension) at the 0.01 resolution scores
are shown at, so a comparison reads one small row instead of every result,
and a result can be taken out again exactly (consent withdrawn, assessment
deleted).

Privacy (docs/peers.md has the argument in full): every figure shown is a
function of the histograms of published segments, and a percentile for any
score a visitor can produce reveals a published segment's whole histogram.
So the unit of disclosure is not a segment but every group an attacker can
isolate by adding and subtracting published segments' histograms: the
classes of the partition the published segments induce on the results.
`publishable` only publishes a family of segments in which each such class
is empty or holds at least the minimum, so no combination of segment choices
isolates fewer results than the minimum, let alone a single one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .figures import displayed

LOW = 1.0
HIGH = 5.0
STEPS_PER_POINT = 100  # 0.01 resolution: the precision every score is shown at
BINS = int((HIGH - LOW) * STEPS_PER_POINT) + 1  # 1.00, 1.01, ..., 5.00
OVERALL = "overall"

ANY = None  # in a segment key: this attribute is not restricted


# --- Histograms -----------------------------------------------------------------


def bin_index(score: float) -> int:
    """The bin of a score as it is shown (cut to two decimals, figures.displayed), clamped to 1..5."""
    index = round(displayed(score) * STEPS_PER_POINT) - round(LOW * STEPS_PER_POINT)
    return min(max(index, 0), BINS - 1)


def bin_score(index: int) -> float:
    return round(LOW + index / STEPS_PER_POINT, 2)


def empty_histogram() -> list[int]:
    return [0] * BINS


def histogram_add(histogram: list[int], score: float, delta: int = 1) -> None:
    """Add (delta=1) or take out (delta=-1) one score, in place. Never goes below zero."""
    index = bin_index(score)
    if histogram[index] + delta < 0:
        raise ValueError(f"Taking out a score ({score}) that was never added.")
    histogram[index] += delta


def histogram_of(scores: Iterable[float]) -> list[int]:
    histogram = empty_histogram()
    for score in scores:
        histogram_add(histogram, score)
    return histogram


def size(histogram: Sequence[int]) -> int:
    return sum(histogram)


def percentile(histogram: Sequence[int], score: float) -> int:
    """The share of results (in %, 0..100) scoring below `score`, counting ties as half.

    The mid-rank definition: a result equal to every other one sits at the 50th
    percentile, not the 0th or the 100th. Rounded to a whole number, as shown.
    """
    total = size(histogram)
    if total == 0:
        raise ValueError("No results to compare with.")
    index = bin_index(score)
    below = sum(histogram[:index])
    ties = histogram[index]
    return round(100 * (below + ties / 2) / total)


def median(histogram: Sequence[int]) -> float:
    """The median score (the mean of the two middle ones for an even count), to two decimals."""
    total = size(histogram)
    if total == 0:
        raise ValueError("No results to take a median of.")
    lower_rank, upper_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle result(s)
    lower, upper = _bin_at_rank(histogram, lower_rank), _bin_at_rank(histogram, upper_rank)
    return displayed((bin_score(lower) + bin_score(upper)) / 2)


def _bin_at_rank(histogram: Sequence[int], rank: int) -> int:
    """The bin holding the result of 0-based rank `rank` (rank < size of the histogram)."""
    seen = 0
    for index, count in enumerate(histogram):
        seen += count
        if seen > rank:
            return index
    raise ValueError(f"No result of rank {rank}.")


def median_of(values: Iterable[float | None]) -> float | None:
    """The median of plain numbers (None left out), None when there are none."""
    present = sorted(v for v in values if v is not None)
    if not present:
        return None
    middle = len(present) // 2
    if len(present) % 2:
        return present[middle]
    return (present[middle - 1] + present[middle]) / 2


# --- Segments -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """Results from one industry and/or one size; ANY (None) leaves that attribute open."""

    industry: int | None = ANY
    size: int | None = ANY

    @property
    def key(self) -> str:
        return f"{'*' if self.industry is None else self.industry}/{'*' if self.size is None else self.size}"

    @property
    def is_everyone(self) -> bool:
        return self.industry is None and self.size is None

    def contains(self, industry: int | None, size: int | None) -> bool:
        """Whether a result given this industry and size (None: not given) belongs here."""
        return (self.industry is None or self.industry == industry) and (self.size is None or self.size == size)


EVERYONE = Segment()


def fallback_chain(industry: int | None, size: int | None) -> list[Segment]:
    """The segments to try, narrowest first: industry and size, industry, size, everyone.

    The same list is every segment a result with this industry and size counts in.
    """
    chain = []
    if industry is not None and size is not None:
        chain.append(Segment(industry, size))
    if industry is not None:
        chain.append(Segment(industry, ANY))
    if size is not None:
        chain.append(Segment(ANY, size))
    chain.append(EVERYONE)
    return chain


def choose(chain: Sequence[Segment], published: set[Segment]) -> Segment | None:
    """The narrowest published segment of the chain, None when none is published."""
    return next((segment for segment in chain if segment in published), None)


Cell = tuple  # (industry or None for not given, size or None for not given)


def cells_from_segments(counts: Mapping[Segment, int]) -> dict[Cell, int]:
    """How many results have each (industry, size) pair, None meaning not given, from segment counts.

    Every result counts in its fallback chain's segments, so the pairs with a
    missing attribute are what the wider segments hold beyond the narrower ones.
    """
    cells: dict[Cell, int] = {}
    industries = {s.industry for s in counts if s.industry is not None}
    sizes = {s.size for s in counts if s.size is not None}
    for segment, count in counts.items():
        if segment.industry is not None and segment.size is not None:
            cells[(segment.industry, segment.size)] = count
    for industry in industries:
        known = sum(cells.get((industry, s), 0) for s in sizes)
        cells[(industry, None)] = counts.get(Segment(industry, ANY), 0) - known
    for size_ in sizes:
        known = sum(cells.get((i, size_), 0) for i in industries)
        cells[(None, size_)] = counts.get(Segment(ANY, size_), 0) - known
    known = sum(counts.get(Segment(i, ANY), 0) for i in industries) + sum(cells[(None, s)] for s in sizes)
    cells[(None, None)] = counts.get(EVERYONE, 0) - known
    if any(count < 0 for count in cells.values()):
        raise ValueError("Segment counts that no set of results can have.")
    return {cell: count for cell, count in cells.items() if count}


def _candidates(cells: Mapping[Cell, int]) -> list[Segment]:
    """Every segment that could be shown, widest first (the widest serve the most people as a fallback)."""
    industries = sorted({i for i, _ in cells if i is not None})
    sizes = sorted({s for _, s in cells if s is not None})

    def total(segment: Segment) -> int:
        return sum(n for (i, s), n in cells.items() if segment.contains(i, s))

    rows = sorted((Segment(i, ANY) for i in industries), key=lambda seg: (-total(seg), seg.key))
    columns = sorted((Segment(ANY, s) for s in sizes), key=lambda seg: (-total(seg), seg.key))
    pairs = sorted(
        (Segment(i, s) for i, s in cells if i is not None and s is not None), key=lambda seg: (-total(seg), seg.key)
    )
    return [EVERYONE, *rows, *columns, *pairs]


def classes(cells: Mapping[Cell, int], family: Iterable[Segment]) -> dict[tuple, int]:
    """The groups of results no combination of the family's segments can split, with their sizes.

    Two results fall in the same group when every segment of the family holds
    both or neither; adding and subtracting the segments' histograms can
    isolate any such group, and nothing smaller.
    """
    family = list(family)
    groups: dict[tuple, int] = {}
    for (industry, size_), count in cells.items():
        signature = tuple(segment.contains(industry, size_) for segment in family)
        groups[signature] = groups.get(signature, 0) + count
    return groups


def safe(cells: Mapping[Cell, int], family: Sequence[Segment], *, minimum: int, minimum_everyone: int) -> bool:
    """Whether every group the family can isolate is empty or holds at least its minimum.

    The one group that is everyone (the family splits nothing) needs only the
    minimum for everyone; any other group, being a part, the segment minimum.
    """
    total = sum(cells.values())
    for count in classes(cells, family).values():
        needed = minimum_everyone if count == total else minimum
        if 0 < count < needed:
            return False
    return True


def publishable(cells: Mapping[Cell, int], *, minimum: int, minimum_everyone: int) -> set[Segment]:
    """The segments whose figures may be shown, given how many results each (industry, size) pair holds.

    Greedy, widest first: a segment joins when it reaches its own minimum and
    the family with it still splits the results only into groups of at least
    the minimum (see `safe`, which this checks incrementally: each new segment
    splits every group in two). Decided from counts alone, never from scores.
    """
    cells = {cell: count for cell, count in cells.items() if count}
    total = sum(cells.values())
    group_of = dict.fromkeys(cells, 0)  # each cell's group so far (all in one before any segment)
    family: set[Segment] = set()
    for segment in _candidates(cells):
        members = sum(n for (i, s), n in cells.items() if segment.contains(i, s))
        needed = minimum_everyone if segment.is_everyone else minimum
        if members < needed:
            continue
        split = {cell: (group_of[cell], segment.contains(*cell)) for cell in cells}
        sizes: dict[tuple, int] = {}
        for cell, signature in split.items():
            sizes[signature] = sizes.get(signature, 0) + cells[cell]
        if all(count >= (minimum_everyone if count == total else minimum) for count in sizes.values()):
            family.add(segment)
            ids = {signature: n for n, signature in enumerate(sizes)}
            group_of = {cell: ids[signature] for cell, signature in split.items()}
    return family


# --- What a comparison shows ----------------------------------------------------


@dataclass(frozen=True)
class MetricComparison:
    metric: str
    score: float
    percentile: int
    median: float


def compare(
    *, histograms: Mapping[str, Sequence[int]], count: int, scores: Mapping[str, float | None]
) -> list[MetricComparison]:
    """Percentile and median for each metric of `scores` the segment holds for all of its results.

    A metric some of the segment's results lack (a dimension added to the model
    after they were given) is left out: its figures would describe a smaller,
    unpublished group.
    """
    shown = []
    for metric, score in scores.items():
        histogram = histograms.get(metric)
        if score is None or histogram is None or size(histogram) != count or count == 0:
            continue
        shown.append(
            MetricComparison(
                metric=metric, score=score, percentile=percentile(histogram, score), median=median(histogram)
            )
        )
    return shown
