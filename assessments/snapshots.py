"""Bringing frozen result snapshots up to the current reading, without changing what they show.

A snapshot (Assessment.result) is rendered by its own version's templates;
what changes here is only where a reader finds a figure. Version-1
snapshots kept each dimension's target only inside the radar's chart data;
`with_targets` copies it onto each dimension (and the target line's name onto
the result), so no template or module reads targets back out of chart data.
Used by migration assessments 0006 and by nothing that writes new results
(result_build puts the targets there itself).
"""


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
