"""Radar charts of dimension scores: a Plotly figure for the browser, an SVG for the PDF.

Both are built from the same labels and series so the page and the PDF agree.
Labels and series names can come from users (organisation names, consultants'
target names, admin-edited dimension names), so every piece of text is escaped
for the medium it lands in: Plotly renders a pseudo-HTML subset in labels (a
``<a href>`` would become a live link), and the SVG is XML inlined into the PDF's
HTML. No Django here; the SVG needs no browser, so WeasyPrint can draw it.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape as _xml_escape

from .text import xml_safe

# Bootstrap's palette, so the charts match the site: blue for the scores, orange for the target.
COLOURS = ("#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384", "#20c997")
FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# The PDF ships DejaVu Sans; name it first so WeasyPrint does not fall back to something wider.
SVG_FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
GRID_COLOUR = "#ced4da"
# The PDF chart's text: label font and line height in SVG/CSS px, and the width of an HTML label box.
FONT_PX, LINE_PX, LABEL_PX = 11, 13, 132
MUTED = "#6c757d"
TEXT = "#212529"


def escape_label(text: str) -> str:
    """Make text display literally in Plotly, which interprets a subset of HTML in labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml(text: str) -> str:
    return _xml_escape(xml_safe(str(text)), {'"': "&quot;", "'": "&apos;"})


def _check(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], max_level: int) -> None:
    if not labels:
        raise ValueError("A radar chart needs at least one label.")
    if isinstance(max_level, bool) or not isinstance(max_level, int) or max_level < 1:
        raise ValueError(f"max_level must be a positive integer (got {max_level!r}).")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(labels)} labels.")


def _value(value) -> float | None:
    return None if value is None else float(value)


def radar_figure(*, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], max_level: int = 5) -> dict:
    """A JSON-able Plotly figure: one closed scatterpolar trace per series, the first filled.

    Built with plotly.graph_objects, which validates every property, and
    remembered per process: a frozen result (or a round's frozen team result)
    always asks for the same figure, so it is built once. The dict returned is
    shared between callers: read it (json_script), never change it.
    """
    _check(labels, series, max_level)
    frozen = tuple((str(name), tuple(_value(v) for v in values)) for name, values in series)
    return _radar_figure(tuple(str(label) for label in labels), frozen, max_level)


# Tick numbers sit over the first series' fill (FILL over white reads as #cfe2ff):
# Bootstrap's gray-700 keeps them at 6.2:1 there (WCAG asks 4.5:1), 8.2:1 on white.
FILL = "rgba(13, 110, 253, 0.2)"
TICK_COLOUR = "#495057"


@functools.lru_cache(maxsize=512)
def _radar_figure(labels: tuple[str, ...], series: tuple[tuple[str, tuple], ...], max_level: int) -> dict:
    import plotly.graph_objects as go  # imported on first use: the PDF and the team maths never need it

    theta = [escape_label(label) for label in labels]
    theta.append(theta[0])  # repeat the first point so the outline closes
    figure = go.Figure(layout={"template": None})
    for index, (name, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        first = index == 0
        figure.add_trace(
            go.Scatterpolar(
                name=escape_label(name),
                r=[*values, values[0]],
                theta=theta,
                mode="lines+markers",
                fill="toself" if first else "none",
                fillcolor=FILL if first else None,
                line={"color": colour, "width": 2, "dash": "solid" if first else "dash"},
                marker={"size": 6 if first else 4, "color": colour},
                # fullData.name is the (already escaped) trace name: user text never enters the template itself.
                hovertemplate="%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(_radar_layout(max_level))
    data = figure.to_plotly_json()
    data["layout"].pop("template", None)  # plotly.js's own defaults, as before: nothing to send
    data["config"] = {"displayModeBar": False, "responsive": True, "staticPlot": False}
    return data


def _radar_layout(max_level: int) -> dict:
    ticks = list(range(1, max_level + 1))
    grid = {"gridcolor": GRID_COLOUR, "linecolor": GRID_COLOUR}
    return {
        "polar": {
            "radialaxis": {
                "range": [0, max_level],
                "dtick": 1,
                "tickmode": "array",
                "tickvals": ticks,
                "ticktext": [str(t) for t in ticks],
                "angle": 90,
                "tickangle": 90,
                "tickfont": {"size": 11, "color": TICK_COLOUR},
                **grid,
            },
            # Same orientation as the SVG: first axis straight up, clockwise.
            "angularaxis": {"direction": "clockwise", "rotation": 90, **grid},
            "bgcolor": "rgba(0, 0, 0, 0)",
        },
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12},
        "font": {"family": FONT_FAMILY, "size": 13, "color": TEXT},
        "margin": {"l": 70, "r": 70, "t": 30, "b": 30},
        "paper_bgcolor": "rgba(0, 0, 0, 0)",
        "dragmode": False,
    }


def polar_point(
    *, index: int, count: int, value: float, max_level: int, radius: float, cx: float, cy: float
) -> tuple[float, float]:
    """Where ``value`` on axis ``index`` of ``count`` lies: first axis straight up, then clockwise."""
    angle = 2 * math.pi * index / count
    distance = radius * value / max_level
    return cx + distance * math.sin(angle), cy - distance * math.cos(angle)


def _n(number: float) -> str:
    """Coordinates to 2 dp without trailing zeros: deterministic and compact."""
    text = f"{round(number, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(pairs) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in pairs)


def radar_svg(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    max_level: int = 5,
    size: int = 360,
    title: str = "",
    description: str = "",
    text: bool = True,
) -> str:
    """A standalone, accessible SVG radar chart for the PDF (inline it; no browser needed).

    ``text=False`` leaves out the axis labels and the legend: ``radar_html``
    sets them as HTML over the shapes instead.

    ``size`` sets the scale: the chart's radius is 0.3 × size and the drawing is
    4/3 × size wide to leave room for axis labels on both sides. Values are
    clamped to 0..max_level for drawing (None, a missing score, sits at the centre);
    the description keeps the real numbers.
    """
    _check(labels, series, max_level)
    count = len(labels)
    font, line = FONT_PX, LINE_PX
    width, cx, cy, radius, legend_top = _frame(size)
    height = math.ceil(legend_top + 18 * len(series) + 8) if text else math.ceil(legend_top)

    title = title or "Radar chart"
    description = description or _describe(labels, series)
    title_id, desc_id = _svg_ids(labels, series, max_level, size, title, description)

    def point(index: int, value: float) -> tuple[float, float]:
        return polar_point(index=index, count=count, value=value, max_level=max_level, radius=radius, cx=cx, cy=cy)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{_xml(SVG_FONT_FAMILY)}" font-size="{font}">',
        f'<title id="{title_id}">{_xml(title)}</title>',
        f'<desc id="{desc_id}">{_xml(description)}</desc>',
    ]
    out += _svg_grid(point, count=count, max_level=max_level, cx=cx, cy=cy, radius=radius)
    if text:
        out += _svg_axis_labels(labels, cx=cx, cy=cy, radius=radius, font=font, line=line)
    for index, (name, values) in enumerate(series):
        out += _svg_series(point, index=index, name=name, values=values, max_level=max_level)
    out += _svg_levels(point, max_level=max_level)
    if text:
        out += _svg_legend(series, width=width, legend_top=legend_top)
    out.append("</svg>")
    return "\n".join(out)


def _svg_axis_labels(labels: Sequence[str], *, cx: float, cy: float, radius: float, font: int, line: int) -> list[str]:
    out = [f'<g class="axis-labels" fill="{TEXT}">']
    for i, label in enumerate(labels):
        placed = _place_axis_label(
            label, index=i, count=len(labels), cx=cx, cy=cy, radius=radius + 12, font=font, line=line
        )
        out.append(_axis_label(label, placed, line=line))
    out.append("</g>")
    return out


def _svg_ids(*content) -> tuple[str, str]:
    """Ids derived from the content: stable output, and two charts in one document do not clash."""
    labels, series, *rest = content
    digest = hashlib.sha1(repr((list(labels), [(n, list(v)) for n, v in series], *rest)).encode()).hexdigest()[:10]
    return f"radar-{digest}-title", f"radar-{digest}-desc"


def _svg_grid(point, *, count: int, max_level: int, cx: float, cy: float, radius: float) -> list[str]:
    out = [f'<g class="grid" fill="none" stroke="{GRID_COLOUR}" stroke-width="1">']
    for level in range(1, max_level + 1):
        if count >= 3:
            ring = _points(point(i, level) for i in range(count))
            out.append(f'<polygon class="ring" points="{ring}"/>')
        else:  # one or two axes make no polygon: draw the levels as circles
            out.append(f'<circle class="ring" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius * level / max_level)}"/>')
    for i in range(count):
        x, y = point(i, max_level)
        out.append(f'<line class="spoke" x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}"/>')
    out.append("</g>")
    return out


def _svg_series(point, *, index: int, name: str, values: Sequence[float | None], max_level: int) -> list[str]:
    colour = COLOURS[index % len(COLOURS)]
    clamped = [0.0 if v is None else min(max(float(v), 0.0), float(max_level)) for v in values]
    vertices = [point(i, v) for i, v in enumerate(clamped)]
    if index == 0:
        style = f'fill="{colour}" fill-opacity="0.2" stroke="{colour}" stroke-width="2"'
    elif index == 1:
        style = f'fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"'
    else:
        style = f'fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="2 3"'
    out = [
        f'<g class="series series-{index}">',
        f"<title>{_xml(name)}</title>",
        f'<polygon points="{_points(vertices)}" {style} stroke-linejoin="round"/>',
    ]
    for x, y in vertices:
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{2.5 if index == 0 else 2}" fill="{colour}"/>')
    out.append("</g>")
    return out


def _svg_levels(point, *, max_level: int) -> list[str]:
    # The scale's numbers last, each on a white patch: drawn under the series, the
    # polygons' edges struck through them.
    out = [f'<g class="levels" fill="{MUTED}" font-size="9">']
    for level in range(1, max_level + 1):
        x, y = point(0, level)
        out.append(
            f'<rect x="{_n(x + 2.5)}" y="{_n(y - 10.5)}" width="{6 * len(str(level)) + 3}" height="10" fill="#fff" fill-opacity="0.85"/>'
        )
        out.append(f'<text x="{_n(x + 4)}" y="{_n(y - 2)}">{level}</text>')
    out.append("</g>")
    return out


def _svg_legend(series: Sequence[tuple[str, Sequence[float]]], *, width: float, legend_top: float) -> list[str]:
    out = [f'<g class="legend" fill="{TEXT}">']
    for index, (name, _) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        y = legend_top + 18 * index
        left = width * 0.15
        if index == 0:
            out.append(
                f'<rect x="{_n(left)}" y="{_n(y - 9)}" width="18" height="10" '
                f'fill="{colour}" fill-opacity="0.2" stroke="{colour}" stroke-width="2"/>'
            )
        else:
            dash = "6 4" if index == 1 else "2 3"
            out.append(
                f'<line x1="{_n(left)}" y1="{_n(y - 4)}" x2="{_n(left + 18)}" y2="{_n(y - 4)}" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
            )
        out.append(f'<text x="{_n(left + 26)}" y="{_n(y)}">{_xml(name)}</text>')
    out.append("</g>")
    return out


def _frame(size: int) -> tuple[int, float, float, float, float]:
    """The chart's width, centre, radius and where the legend starts, for a chart of ``size``."""
    radius = size * 0.3
    pad = 3 * LINE_PX + 24  # room for a three-line label above the top axis (and below the bottom one)
    width = round(size * 4 / 3)
    cx, cy = width / 2, pad + radius
    return width, cx, cy, radius, cy + radius + pad


def _place_axis_label(
    label: str, *, index: int, count: int, cx: float, cy: float, radius: float, font: int, line: int
) -> tuple[float, float, str, list[str]]:
    """Where an axis label goes just outside the outer ring, anchored away from the chart on its side.

    Returns the anchor's x, the first line's baseline y, the anchor (SVG's
    start/middle/end) and the label wrapped into at most three lines.
    """
    angle = 2 * math.pi * index / count
    # Rounded so that mirror-image spokes are placed alike: a hexagon's lower diagonals
    # sit exactly on the bottom threshold, where float noise would send one label
    # below the ring and centre the other on its spoke.
    dx, dy = round(math.sin(angle), 9), round(-math.cos(angle), 9)
    x, y = cx + radius * dx, cy + radius * dy
    anchor = "middle" if abs(dx) < 0.05 else ("start" if dx > 0 else "end")
    lines = textwrap.wrap(" ".join(str(label).split()), width=18, break_long_words=True) or [""]
    if len(lines) > 3:
        lines = lines[:2] + [textwrap.shorten(" ".join(lines[2:]), width=18, placeholder="…")]
    height = (len(lines) - 1) * line
    if dy < -0.5:  # near the top: grow upwards, away from the ring
        first = y - height
    elif dy > 0.5:  # near the bottom: hang below the ring
        first = y + font * 0.8
    else:  # at the sides: centre on the spoke
        first = y - height / 2 + font * 0.35
    return x, first, anchor, lines


def _axis_label(label: str, placed: tuple[float, float, str, list[str]], *, line: int) -> str:
    x, first, anchor, lines = placed
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(first + n * line)}">{_xml(text)}</tspan>' for n, text in enumerate(lines)
    )
    # The full label as a <title> too: wrapping may shorten it on the page, not for a screen reader.
    return f'<g class="axis-label"><title>{_xml(label)}</title><text text-anchor="{anchor}">{spans}</text></g>'


def radar_html(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    max_level: int = 5,
    size: int = 312,
    title: str = "",
    description: str = "",
) -> str:
    """The PDF's radar: the SVG's shapes, with the axis labels and legend laid over it as HTML.

    WeasyPrint sets SVG text one letter at a time (a Pango layout per glyph):
    the chart's ~150 letters took about 30 ms of every render; as HTML each
    line of a label is a single layout. Positions are in CSS px, the
    SVG's own unit, so the chart is drawn at its natural size (312 → 416 px wide,
    110 mm). Every text is escaped: labels and series names can be user text.
    """
    svg = radar_svg(
        labels=labels, series=series, max_level=max_level, size=size, title=title, description=description, text=False
    )
    width, cx, cy, radius, legend_top = _frame(size)
    # Offset from a line box's top to its baseline for DejaVu Sans (ascent 0.928 em,
    # descent 0.236 em) in a LINE_PX line: places the HTML baseline where the SVG's was.
    baseline = (LINE_PX - FONT_PX * 1.164) / 2 + FONT_PX * 0.928
    out = [f'<div class="radar" style="width: {width}px; height: {math.ceil(legend_top)}px">', svg]
    for i, label in enumerate(labels):
        x, first, anchor, lines = _place_axis_label(
            label, index=i, count=len(labels), cx=cx, cy=cy, radius=radius + 12, font=FONT_PX, line=LINE_PX
        )
        # A fixed width (no shrink-to-fit pass) wide enough for 18 characters; the box's
        # edge sits on the anchor so the text lines up as SVG's text-anchor would.
        left = {"start": x, "middle": x - LABEL_PX / 2, "end": x - LABEL_PX}[anchor]
        align = {"start": "left", "middle": "center", "end": "right"}[anchor]
        text = "<br/>".join(html.escape(xml_safe(part)) for part in lines)
        out.append(
            f'<p class="radar-label" style="left: {_n(left)}px; top: {_n(first - baseline)}px; '
            f'width: {LABEL_PX}px; text-align: {align}">{text}</p>'
        )
    out.append("</div>")
    keys = []
    for index, (name, _) in enumerate(series):
        kind = "area" if index == 0 else ("dash" if index == 1 else "dot")
        keys.append(
            f'<span class="radar-key radar-key-{kind}" style="border-color: {COLOURS[index % len(COLOURS)]}"></span>'
            f"{html.escape(xml_safe(str(name)))}"
        )
    out.append(f'<p class="radar-legend">{" ".join(keys)}</p>')
    return "\n".join(out)


def _describe(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> str:
    parts = []
    for name, values in series:
        readings = ", ".join(
            f"{label} {'no score' if v is None else f'{float(v):.2f}'}" for label, v in zip(labels, values)
        )
        parts.append(f"{name}: {readings}.")
    return " ".join(parts) or "Axes: " + ", ".join(labels) + "."
