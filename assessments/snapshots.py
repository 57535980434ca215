"""Bringing frozen result snapshots up to the current reading, without changing what they show.

A snapshot (Assessment.result) is rendered by its own version's templates;
what changes here is only where a reader finds a figure. Version-1
snapshots kept each dimension's target only inside the radar's chart data;
`with_targets` copies it onto each dimension (and the target line's name onto
the result), so no template or module reads targets back out of chart data.
Used by migration assessments 0006 and by nothing that writes new results
(result_build puts the targets there itself).
"""

from maturity.result import Result


def with_targets(result: dict) -> dict:
    """`result` with "target" on each dimension and "target_name", from its chart; unchanged if already there."""
    chart = result.get("chart") or {}
    series = chart.get("series") or []
    if len(series) < 2 or not result.get("dimensions"):
        return result  # incomplete: no placement, no targets
    name, values = series[1]
    dimensions = [
        d if "target" in d else {**d, "target": value} for d, value in zip(result["dimensions"], values, strict=False)
    ]
    return {**result, "dimensions": dimensions, "target_name": result.get("target_name", name)}


def normalised(result: dict) -> dict:
    """`result` in maturity.result's JSON form (what Result.to_json writes): the shape every reader loads.

    Fields the engine added over time that an older snapshot lacks are written
    as their reading already took them (a dimension without a short name is
    labelled by its name; an answer without a note has a blank one), so
    nothing a page or PDF shows changes. Used by migration assessments 0007.
    """
    return Result.from_json(result).to_json()


def rewrite_stored(Assessment, change) -> None:
    """Store `change(result)` in place of each stored result it changes, 500 rows at a time (for data migrations).

    `Assessment` is the migration's historical model. `change` returns the
    result unchanged (the same object, or an equal one) when there is nothing
    to rewrite, or None to leave it as it is.
    """
    changed = []
    for assessment in Assessment.objects.filter(result__isnull=False).only("id", "result").iterator(chunk_size=500):
        updated = change(assessment)
        if updated is not None and updated != assessment.result:
            assessment.result = updated
            changed.append(assessment)
        if len(changed) >= 500:
            Assessment.objects.bulk_update(changed, ["result"])
            changed = []
    if changed:
        Assessment.objects.bulk_update(changed, ["result"])
