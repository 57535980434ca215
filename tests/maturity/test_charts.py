"""Radar charts: the Plotly figure for the page and the static SVG for the PDF."""

import json
import math
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.charts import FONT_PX, LINE_PX, escape_label, polar_point, radar_figure, radar_html, radar_svg

FAST = settings(max_examples=200, deadline=None)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ("<img src=x onerror=alert(1)>", '<a href="http://evil">x</a>', 'Tom & Jerry\'s "CX"')
LABELS = ("Leadership", "Insight", "Organisation", "Data", "Processes", "Culture")
SERIES = (("Your scores", (2.5, 3.0, 1.75, 2.0, 3.25, 2.8)), ("Stage 3", (3, 3, 3, 3, 3, 3)))


def parse(svg):
    return ET.fromstring(svg)


def series_polygons(root):
    return [g.find(f"{SVG}polygon") for g in root.iter(f"{SVG}g") if "series" in g.get("class", "").split()]


def vertices(polygon):
    return [tuple(float(n) for n in pair.split(",")) for pair in polygon.get("points").split()]


# --- escape_label -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ('<a href="http://evil">x</a>', '&lt;a href="http://evil"&gt;x&lt;/a&gt;'),
        ("R&D &amp; more", "R&amp;D &amp;amp; more"),
        ("Plain", "Plain"),
    ],
)
def test_escape_label_hostile_text_is_neutralised(text, expected):
    assert escape_label(text) == expected


# --- radar_figure -----------------------------------------------------------


def test_radar_figure_traces_are_closed():
    figure = radar_figure(labels=LABELS, series=SERIES)

    assert [(t["r"][0] == t["r"][-1], t["theta"][0] == t["theta"][-1], len(t["r"])) for t in figure["data"]] == [
        (True, True, 7),
        (True, True, 7),
    ]


def test_radar_figure_first_trace_filled_others_not():
    figure = radar_figure(labels=LABELS, series=SERIES)

    assert [t["fill"] for t in figure["data"]] == ["toself", "none"]


def test_radar_figure_layout_axis_and_legend():
    figure = radar_figure(labels=LABELS, series=SERIES)

    radial = figure["layout"]["polar"]["radialaxis"]
    assert (radial["range"], radial["dtick"], radial["tickvals"], radial["ticktext"]) == (
        [0, 5],
        1,
        [1, 2, 3, 4, 5],
        ["1", "2", "3", "4", "5"],
    )
    assert (figure["layout"]["showlegend"], figure["layout"]["font"]["family"].split(",")[0]) == (True, "system-ui")


def test_radar_figure_config_is_static_free_and_responsive():
    figure = radar_figure(labels=LABELS, series=SERIES)

    assert figure["config"] == {"displayModeBar": False, "responsive": True, "staticPlot": False}


def test_radar_figure_escapes_hostile_labels_and_names():
    figure = radar_figure(labels=HOSTILE, series=[(HOSTILE[1], (1, 2, 3))])

    trace = figure["data"][0]
    assert (trace["theta"][:3], trace["name"]) == ([escape_label(t) for t in HOSTILE], escape_label(HOSTILE[1]))
    assert "<a " not in json.dumps(figure) and "<img" not in json.dumps(figure)


def test_radar_figure_is_json_serialisable():
    figure = radar_figure(labels=LABELS, series=SERIES)

    assert json.loads(json.dumps(figure)) == figure


def test_radar_figure_values_must_match_labels():
    with pytest.raises(ValueError, match=r"Series 'Short' has 2 values for \d+ labels"):
        radar_figure(labels=LABELS, series=[("Short", (1, 2))])


def test_radar_figure_no_labels_raises():
    with pytest.raises(ValueError, match="needs at least one label"):
        radar_figure(labels=(), series=())


# --- polar_point ------------------------------------------------------------


def test_polar_point_first_axis_at_max_is_straight_up():
    assert polar_point(index=0, count=6, value=5, max_level=5, radius=100, cx=200, cy=150) == (200, 50)


def test_polar_point_goes_clockwise():
    x, y = polar_point(index=1, count=4, value=5, max_level=5, radius=100, cx=200, cy=150)

    assert (round(x, 9), round(y, 9)) == (300, 150)


def test_polar_point_zero_is_the_centre():
    assert polar_point(index=3, count=5, value=0, max_level=5, radius=100, cx=200, cy=150) == (200, 150)


@FAST
@given(index=st.integers(0, 11), count=st.integers(1, 12), value=st.floats(0, 5))
def test_polar_point_distance_is_proportional_to_value(index, count, value):
    x, y = polar_point(index=index, count=count, value=value, max_level=5, radius=100, cx=0, cy=0)

    assert math.isclose(math.hypot(x, y), value * 20, abs_tol=1e-9)


# --- radar_svg --------------------------------------------------------------


def test_radar_svg_is_well_formed_accessible_svg():
    root = parse(radar_svg(labels=LABELS, series=SERIES, title="Scores", description="Read me"))

    title_id, desc_id = root.get("aria-labelledby").split()
    assert (root.tag, root.get("role")) == (f"{SVG}svg", "img")
    assert (root.find(f"{SVG}title").text, root.find(f"{SVG}title").get("id")) == ("Scores", title_id)
    assert (root.find(f"{SVG}desc").text, root.find(f"{SVG}desc").get("id")) == ("Read me", desc_id)


def test_radar_svg_default_description_reads_out_the_numbers():
    root = parse(radar_svg(labels=LABELS[:3], series=[("You", (1, 2.5, 3))]))

    assert root.find(f"{SVG}desc").text == "You: Leadership 1.00, Insight 2.50, Organisation 3.00."


def test_radar_svg_polygon_vertex_count_matches_dimensions():
    root = parse(radar_svg(labels=LABELS, series=SERIES))

    assert [len(vertices(p)) for p in series_polygons(root)] == [6, 6]


def test_radar_svg_grid_has_a_ring_per_level_and_a_spoke_per_axis():
    root = parse(radar_svg(labels=LABELS[:5], series=[("You", (1, 2, 3, 4, 5))]))

    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    rings = grid.findall(f"{SVG}polygon")
    assert ([len(vertices(r)) for r in rings], len(grid.findall(f"{SVG}line"))) == ([5] * 5, 5)


def test_radar_svg_series_styles():
    root = parse(radar_svg(labels=LABELS, series=SERIES + (("Team", (1,) * 6),)))

    styles = [(p.get("fill"), p.get("stroke"), p.get("stroke-dasharray")) for p in series_polygons(root)]
    assert styles == [("#0d6efd", "#0d6efd", None), ("none", "#fd7e14", "6 4"), ("none", "#198754", "2 3")]


def test_radar_svg_geometry_top_vertex_at_full_score():
    size = 360
    root = parse(radar_svg(labels=LABELS, series=[("Top", (5, 0, 0, 0, 0, 0))], size=size))

    width = float(root.get("width"))
    top, centre = vertices(series_polygons(root)[0])[:2]  # a value of 0 sits at the centre
    assert (top, centre[0]) == ((width / 2, centre[1] - size * 0.3), width / 2)


def test_radar_svg_values_are_clamped_to_the_chart():
    root = parse(radar_svg(labels=LABELS[:3], series=[("Odd", (9, -2, None))]))

    top, left, bottom = vertices(series_polygons(root)[0])
    full = parse(radar_svg(labels=LABELS[:3], series=[("Full", (5, 0, 0))]))
    assert vertices(series_polygons(full)[0]) == [top, left, bottom]


def test_radar_svg_label_sides_use_matching_anchor():
    root = parse(radar_svg(labels=LABELS, series=SERIES))

    anchors = [g.find(f"{SVG}text").get("text-anchor") for g in root.iter(f"{SVG}g") if g.get("class") == "axis-label"]
    assert anchors == ["middle", "start", "start", "middle", "end", "end"]


def test_radar_svg_hostile_text_round_trips_literally():
    hostile = HOSTILE + ("bad\x00control\x1bchars",)
    svg = radar_svg(
        labels=hostile,
        series=[(HOSTILE[0], (1, 2, 3, 4)), (HOSTILE[1], (2, 2, 2, 2))],
        title=HOSTILE[1],
        description=HOSTILE[2],
    )
    root = parse(svg)

    label_titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "axis-label"]
    series_titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if "series" in g.get("class", "")]
    legend = [t.text for t in next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend").iter(f"{SVG}text")]
    assert label_titles == list(HOSTILE) + ["badcontrolchars"]
    assert (series_titles, legend) == (list(HOSTILE[:2]), list(HOSTILE[:2]))
    assert (root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text) == (HOSTILE[1], HOSTILE[2])
    assert "<img" not in svg and "<a " not in svg


def test_radar_svg_wrapped_label_keeps_every_word():
    root = parse(radar_svg(labels=("Data, analytics & technology", "B", "C"), series=[("You", (1, 2, 3))]))

    text = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis-label").find(f"{SVG}text")
    assert [t.text for t in text] == ["Data, analytics &", "technology"]


def test_radar_svg_is_deterministic():
    assert radar_svg(labels=LABELS, series=SERIES) == radar_svg(labels=LABELS, series=SERIES)


def test_radar_svg_two_axes_draw_circular_rings():
    root = parse(radar_svg(labels=("A", "B"), series=[("You", (2, 3))]))

    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    assert (len(grid.findall(f"{SVG}circle")), len(vertices(series_polygons(root)[0]))) == (5, 2)


@settings(max_examples=100, deadline=None)  # building an SVG is the slow part; 100 arbitrary texts suffice
@given(
    labels=st.lists(st.text(max_size=30), min_size=1, max_size=6),
    name=st.text(max_size=30),
    data=st.data(),
)
def test_property_radar_svg_any_text_is_well_formed(labels, name, data):
    values = data.draw(st.lists(st.floats(0, 5), min_size=len(labels), max_size=len(labels)))

    root = parse(radar_svg(labels=labels, series=[(name, values)], title=name))

    assert len(vertices(series_polygons(root)[0])) == len(labels)


# --- radar_html (the PDF's chart: SVG shapes, HTML text) ----------------------


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <p>, in document order."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.tags, self.paragraphs, self._in_p = [], [], False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "p":
            self._in_p = True
            self.paragraphs.append((dict(attrs), []))
        elif tag == "br" and self._in_p:
            self.paragraphs[-1][1].append("\n")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_p = False

    def handle_data(self, data):
        if self._in_p:
            self.paragraphs[-1][1].append(data)


def html_labels(markup):
    labels = []
    for attrs, parts in Elements(markup).paragraphs:
        if attrs.get("class") == "radar-label":
            style = dict(item.split(": ") for item in attrs["style"].split("; "))
            labels.append(("".join(parts), style))
    return labels


def px(value):
    return float(value.removesuffix("px"))


def test_radar_html_svg_draws_no_label_or_legend_text():
    markup = radar_html(labels=LABELS, series=SERIES)

    root = parse(re.search(r"<svg.*</svg>", markup, re.S).group(0))
    drawn = [t.text for t in root.iter(f"{SVG}text")]
    assert drawn == ["1", "2", "3", "4", "5"]  # only the level numbers stay in the SVG


def test_radar_html_sets_every_label_as_html_in_axis_order():
    labels = ("Data, analytics & technology", "B", "C")

    markup = radar_html(labels=labels, series=[("You", (1, 2, 3))])

    assert [text for text, _ in html_labels(markup)] == ["Data, analytics &\ntechnology", "B", "C"]


def test_radar_html_labels_sit_where_the_svg_would_draw_them():
    markup = radar_html(labels=LABELS, series=SERIES, size=312)
    svg = parse(radar_svg(labels=LABELS, series=SERIES, size=312))
    baseline = (LINE_PX - FONT_PX * 1.164) / 2 + FONT_PX * 0.928

    for (_, style), group in zip(
        html_labels(markup), (g for g in svg.iter(f"{SVG}g") if g.get("class") == "axis-label")
    ):
        text = group.find(f"{SVG}text")
        first = text.find(f"{SVG}tspan")
        anchor_x = {
            "left": px(style["left"]),
            "center": px(style["left"]) + px(style["width"]) / 2,
            "right": px(style["left"]) + px(style["width"]),
        }[style["text-align"]]
        align = {"start": "left", "middle": "center", "end": "right"}[text.get("text-anchor")]
        assert (style["text-align"], round(anchor_x, 1)) == (align, round(float(first.get("x")), 1))
        assert round(px(style["top"]) + baseline, 1) == round(float(first.get("y")), 1)


def test_radar_html_legend_names_every_series():
    markup = radar_html(labels=LABELS, series=SERIES + (("Team", (1,) * 6),))

    legend = [
        ("".join(parts)).strip() for attrs, parts in Elements(markup).paragraphs if attrs.get("class") == "radar-legend"
    ]
    keys = [attrs["class"] for tag, attrs in Elements(markup).tags if tag == "span"]
    assert legend == ["Your scores Stage 3 Team"]
    assert keys == ["radar-key radar-key-area", "radar-key radar-key-dash", "radar-key radar-key-dot"]


def test_radar_html_hostile_text_stays_text():
    hostile = HOSTILE + ("bad\x00control\x1bchars",)

    markup = radar_html(labels=hostile, series=[(HOSTILE[0], (1, 2, 3, 4)), (HOSTILE[1], (2, 2, 2, 2))])

    tags = {tag for tag, _ in Elements(markup).tags}
    assert tags == {"div", "svg", "title", "desc", "g", "polygon", "line", "text", "circle", "rect", "p", "br", "span"}
    # Wrapping may break a long word across lines; every character arrives literally.
    assert ["".join(text.split()) for text, _ in html_labels(markup)] == [
        "<imgsrc=xonerror=alert(1)>",
        '<ahref="http://evil">x</a>',
        'Tom&Jerry\'s"CX"',
        "badcontrolchars",
    ]


def test_radar_svg_scale_numbers_drawn_last_on_white_patches():
    root = parse(radar_svg(labels=LABELS, series=SERIES))

    groups = [g.get("class") for g in root.findall(f"{SVG}g")]
    levels = root.find(f"{SVG}g[@class='levels']")
    # After every series, so no polygon edge is drawn across a number.
    assert groups[-2:] == ["levels", "legend"]
    assert [child.tag.split("}")[1] for child in levels] == ["rect", "text"] * 5
    assert [rect.get("fill") for rect in levels.findall(f"{SVG}rect")] == ["#fff"] * 5


def _luminance(rgb):
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_radar_figure_tick_numbers_readable_over_the_fill():
    figure = radar_figure(labels=LABELS, series=SERIES)
    tick = figure["layout"]["polar"]["radialaxis"]["tickfont"]["color"]
    red, green, blue, alpha = (float(part) for part in figure["data"][0]["fillcolor"][5:-1].split(","))
    # The fill composited over the page's white, where the ticks "1" and "2" sit.
    over_white = [alpha * c + (1 - alpha) * 255 for c in (red, green, blue)]
    tick_rgb = [int(tick[i : i + 2], 16) for i in (1, 3, 5)]

    assert _contrast(tick_rgb, over_white) >= 4.5
    assert _contrast(tick_rgb, (255, 255, 255)) >= 4.5


def test_radar_figure_is_a_figure_plotly_accepts_unchanged():
    import plotly.graph_objects as go

    figure = radar_figure(labels=HOSTILE, series=[("You", (1, 2.5, 3)), ("Target", (None, 2, 3))])
    rebuilt = go.Figure(data=figure["data"], layout=figure["layout"]).to_plotly_json()

    assert rebuilt == {
        "data": figure["data"],
        "layout": {**figure["layout"], "template": rebuilt["layout"]["template"]},
    }


def test_radar_figure_same_result_is_built_once():
    first = radar_figure(labels=list(LABELS), series=[(name, list(values)) for name, values in SERIES])

    assert radar_figure(labels=LABELS, series=SERIES) is first
    assert radar_figure(labels=LABELS, series=[("Other", SERIES[0][1])]) is not first
