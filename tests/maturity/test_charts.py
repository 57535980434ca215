"""Radar charts: the Plotly figure for the page and the static SVG for the PDF."""

import json
import math
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import charts
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
        # Both are written to two decimals, so they may differ by a rounding of each (< 0.01 px).
        assert (style["text-align"], anchor_x) == (align, pytest.approx(float(first.get("x")), abs=0.01))
        assert px(style["top"]) + baseline == pytest.approx(float(first.get("y")), abs=0.01)


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


# --- The Plotly figure's look and data ------------------------------------------


@pytest.fixture
def fresh_figures():
    """Build figures anew: radar_figure remembers them per process, so another test's figure could answer."""
    charts._radar_figure.cache_clear()
    yield
    charts._radar_figure.cache_clear()


def test_radar_figure_layout_matches_the_site(fresh_figures):
    figure = radar_figure(labels=("A", "B", "C"), series=[("You", (1, 2, 3))])

    grid = {"gridcolor": "#ced4da", "linecolor": "#ced4da"}
    assert figure["layout"] == {
        "polar": {
            "radialaxis": {
                "tickfont": {"size": 11, "color": "#495057"},
                "range": [0, 5],
                "dtick": 1,
                "tickmode": "array",
                "tickvals": [1, 2, 3, 4, 5],
                "ticktext": ["1", "2", "3", "4", "5"],
                "angle": 90,
                "tickangle": 90,
                **grid,
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90, **grid},
            "bgcolor": "rgba(0, 0, 0, 0)",
        },
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12},
        "font": {
            "family": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
            "size": 13,
            "color": "#212529",
        },
        "margin": {"l": 70, "r": 70, "t": 30, "b": 30},
        "showlegend": True,
        "paper_bgcolor": "rgba(0, 0, 0, 0)",
        "dragmode": False,
    }


def test_radar_figure_scale_runs_to_max_level(fresh_figures):
    figure = radar_figure(labels=("A", "B", "C"), series=[("You", (1, 2, 3))], max_level=4)

    radial = figure["layout"]["polar"]["radialaxis"]
    assert (radial["range"], radial["tickvals"], radial["ticktext"]) == ([0, 4], [1, 2, 3, 4], ["1", "2", "3", "4"])


def test_radar_figure_traces_carry_the_scores_and_styles(fresh_figures):
    figure = radar_figure(
        labels=("A", "B", "C"), series=[("You", (1, 2.5, None)), ("Target", (3, 3, 3)), ("Team", (2, 2, 2))]
    )

    hover = "%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>"
    theta = ["A", "B", "C", "A"]
    assert figure["data"] == [
        {
            "fill": "toself",
            "fillcolor": "rgba(13, 110, 253, 0.2)",
            "hovertemplate": hover,
            "line": {"color": "#0d6efd", "dash": "solid", "width": 2},
            "marker": {"color": "#0d6efd", "size": 6},
            "mode": "lines+markers",
            "name": "You",
            "r": [1.0, 2.5, None, 1.0],
            "theta": theta,
            "type": "scatterpolar",
        },
        {
            "fill": "none",
            "hovertemplate": hover,
            "line": {"color": "#fd7e14", "dash": "dash", "width": 2},
            "marker": {"color": "#fd7e14", "size": 4},
            "mode": "lines+markers",
            "name": "Target",
            "r": [3.0, 3.0, 3.0, 3.0],
            "theta": theta,
            "type": "scatterpolar",
        },
        {
            "fill": "none",
            "hovertemplate": hover,
            "line": {"color": "#198754", "dash": "dash", "width": 2},
            "marker": {"color": "#198754", "size": 4},
            "mode": "lines+markers",
            "name": "Team",
            "r": [2.0, 2.0, 2.0, 2.0],
            "theta": theta,
            "type": "scatterpolar",
        },
    ]


# --- What a chart accepts ---------------------------------------------------------


def test_radar_svg_without_labels_is_refused():
    with pytest.raises(ValueError, match=r"^A radar chart needs at least one label\.$"):
        radar_svg(labels=(), series=())


@pytest.mark.parametrize(("max_level", "shown"), [(0, "0"), (True, "True"), (2.5, "2.5")])
def test_radar_svg_max_level_not_a_positive_whole_number_is_refused(max_level, shown):
    with pytest.raises(ValueError, match=rf"^max_level must be a positive integer \(got {shown}\)\.$"):
        radar_svg(labels=("A", "B", "C"), series=[("You", (1, 1, 1))], max_level=max_level)


def test_radar_svg_max_level_one_draws_one_ring():
    root = parse(radar_svg(labels=("A", "B", "C"), series=[("You", (1, 1, 1))], max_level=1))

    assert len(group(root, "grid").findall(f"{SVG}polygon")) == 1


# --- The SVG's frame, grid, series, scale and legend ---------------------------------


def group(root, name):
    return next(g for g in root.iter(f"{SVG}g") if g.get("class") == name)


def numbers(element, *names):
    return tuple(float(element.get(name)) for name in names)


def test_radar_svg_default_chart_is_480_wide_and_titled():
    root = parse(radar_svg(labels=LABELS, series=SERIES))

    assert (root.get("width"), root.get("height"), root.find(f"{SVG}title").text) == ("480", "386", "Radar chart")
    assert root.get("font-family") == "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def test_radar_svg_height_leaves_a_legend_row_per_series():
    three = SERIES + (("Team", (1,) * 6),)

    with_legend = parse(radar_svg(labels=LABELS, series=three, size=300))
    without_text = parse(radar_svg(labels=LABELS, series=three, size=300, text=False))

    assert (with_legend.get("width"), with_legend.get("height")) == ("400", "368")
    assert (without_text.get("width"), without_text.get("height")) == ("400", "306")


@pytest.mark.parametrize(
    "change", [{"max_level": 4}, {"size": 300}, {"title": "Other"}, {"description": "Other"}, {"labels": "ABCDEF"}]
)
def test_radar_svg_ids_of_two_charts_differing_in_one_setting_do_not_clash(change):
    base = {"labels": LABELS, "series": [("You", (1, 2, 3, 4, 4, 4))], "title": "Scores", "description": "Read"}

    ids = parse(radar_svg(**base)).get("aria-labelledby").split()
    other = parse(radar_svg(**{**base, **change})).get("aria-labelledby").split()

    assert set(ids) & set(other) == set()


def stray_svg_text(root):
    """Text a reader could meet outside the chart's <text>, <tspan>, <title> and <desc> elements."""
    holders = {f"{SVG}{name}" for name in ("text", "tspan", "title", "desc")}
    stray = []
    for element in root.iter():
        if element.tag not in holders and (element.text or "").strip():
            stray.append(element.text)
        if (element.tail or "").strip():
            stray.append(element.tail)
    return stray


def test_radar_svg_holds_no_text_outside_its_labels():
    root = parse(radar_svg(labels=("Data, analytics & technology", "B", "C"), series=[("You", (1, 2, 3))]))

    assert stray_svg_text(root) == []
    label = group(root, "axis-labels").find(f"{SVG}g/{SVG}text")
    assert "".join(label.itertext()) == "Data, analytics &technology"


class StrayText(HTMLParser):
    """Text of an HTML page that sits outside a paragraph or the SVG's text elements."""

    HOLDERS = {"p", "title", "desc", "text", "tspan"}

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.open, self.stray = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        if data.strip() and not self.HOLDERS & set(self.open):
            self.stray.append(data)


def test_radar_html_holds_no_text_outside_its_labels_and_legend():
    assert StrayText(radar_html(labels=LABELS, series=SERIES)).stray == []


def test_radar_svg_three_axes_draw_triangular_rings():
    root = parse(radar_svg(labels=("A", "B", "C"), series=[("You", (1, 2, 3))]))

    grid = group(root, "grid")
    assert ([len(vertices(r)) for r in grid.findall(f"{SVG}polygon")], grid.findall(f"{SVG}circle")) == ([3] * 5, [])


def test_radar_svg_two_axes_rings_are_circles_a_level_apart():
    root = parse(radar_svg(labels=("A", "B"), series=[("You", (2, 3))], size=360))

    rings = group(root, "grid").findall(f"{SVG}circle")
    assert [numbers(ring, "cx", "cy", "r") for ring in rings] == [(240, 171, r) for r in (21.6, 43.2, 64.8, 86.4, 108)]


def test_radar_svg_first_series_markers_are_larger():
    root = parse(
        radar_svg(labels=("A", "B", "C"), series=[("You", (1, 2, 3)), ("Target", (3, 3, 3)), ("Team", (2, 2, 2))])
    )

    radii = [
        [c.get("r") for c in g.findall(f"{SVG}circle")]
        for g in root.iter(f"{SVG}g")
        if "series" in g.get("class").split()
    ]
    assert radii == [["2.5"] * 3, ["2"] * 3, ["2"] * 3]


def test_radar_svg_level_numbers_sit_beside_the_first_axis_on_white_patches():
    # Size 300: centre (200, 153), radius 90, so 9 px a level on a scale of 10.
    root = parse(radar_svg(labels=("A", "B", "C"), series=[("You", (1, 2, 3))], size=300, max_level=10))

    levels = group(root, "levels")
    patches = [numbers(rect, "x", "y", "width", "height") for rect in levels.findall(f"{SVG}rect")]
    texts = [(*numbers(text, "x", "y"), text.text) for text in levels.findall(f"{SVG}text")]
    assert patches == [(202.5, 153 - 9 * level - 10.5, 9 if level < 10 else 15, 10) for level in range(1, 11)]
    assert texts == [(204, 153 - 9 * level - 2, str(level)) for level in range(1, 11)]


def test_radar_svg_legend_keys_sit_under_the_chart():
    # Size 300: 400 wide, the legend from y = 306, a row of 18 px per series, keys at 15% of the width.
    root = parse(
        radar_svg(
            labels=("A", "B", "C"), series=[("You", (1, 2, 3)), ("Target", (3, 3, 3)), ("Team", (2, 2, 2))], size=300
        )
    )

    legend = group(root, "legend")
    key = legend.find(f"{SVG}rect")
    lines = legend.findall(f"{SVG}line")
    assert (numbers(key, "x", "y", "width", "height"), key.get("fill"), key.get("stroke")) == (
        (60, 297, 18, 10),
        "#0d6efd",
        "#0d6efd",
    )
    assert [
        (numbers(line, "x1", "y1", "x2", "y2"), line.get("stroke"), line.get("stroke-dasharray")) for line in lines
    ] == [
        ((60, 320, 78, 320), "#fd7e14", "6 4"),
        ((60, 338, 78, 338), "#198754", "2 3"),
    ]
    assert [(*numbers(t, "x", "y"), t.text) for t in legend.findall(f"{SVG}text")] == [
        (86, 306, "You"),
        (86, 324, "Target"),
        (86, 342, "Team"),
    ]


# --- Axis labels ----------------------------------------------------------------------


def axis_labels(root):
    """Each axis label's anchor and its lines as (x, y, text)."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "axis-label":
            text = g.find(f"{SVG}text")
            out.append((text.get("text-anchor"), [(*numbers(t, "x", "y"), t.text) for t in text]))
    return out


def test_radar_svg_labels_sit_outside_the_ring_on_their_side():
    # Size 300: centre (200, 153), labels 102 px out; two lines 13 px apart; 11 px font.
    root = parse(radar_svg(labels=["Customer experience"] * 4, series=[("You", (1, 2, 3, 4))], size=300))

    def lines(x, y):
        return [(x, y, "Customer"), (x, y + 13, "experience")]

    assert axis_labels(root) == [
        ("middle", lines(200, 38)),  # top: grows upwards from 51
        ("start", lines(302, 150.35)),  # right: centred on the spoke
        ("middle", lines(200, 263.8)),  # bottom: hangs below 255
        ("end", lines(98, 150.35)),  # left
    ]


def test_radar_svg_label_with_a_word_too_long_for_a_line_is_broken():
    root = parse(radar_svg(labels=("Kundenzufriedenheitsmessung", "B", "C"), series=[("You", (1, 2, 3))]))

    assert [text for *_, text in axis_labels(root)[0][1]] == ["Kundenzufriedenhei", "tsmessung"]


@pytest.mark.parametrize(
    "label",
    [
        # Lines "of the whole story" and "so far": "story" fits the line, not with the "…" after it.
        "Customer insight and understanding of the whole story so far",
        # Lines "of the whole" and "relationship": the words of the lines cut off never join the third.
        "Customer insight and understanding of the whole relationship",
    ],
)
def test_radar_svg_label_over_three_lines_is_shortened_to_three(label):
    root = parse(radar_svg(labels=(label, "B", "C"), series=[("You", (1, 2, 3))]))

    first = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis-label")
    assert [text for *_, text in axis_labels(root)[0][1]] == ["Customer insight", "and understanding", "of the whole…"]
    assert first.find(f"{SVG}title").text == label


def test_radar_svg_empty_label_shows_no_text():
    root = parse(radar_svg(labels=("  ", "B", "C"), series=[("You", (1, 2, 3))]))

    assert [text for *_, text in axis_labels(root)[0][1]] == [None]


def test_radar_svg_coordinates_round_to_the_nearest_hundredth():
    # The PDF's chart (size 312): centre (208, 156.6), radius 93.6; 1.09 on the top axis lies at y = 136.1952.
    root = parse(radar_svg(labels=("A", "B"), series=[("You", (1.09, 1.09))], size=312))

    assert series_polygons(root)[0].get("points") == "208,136.2 208,177"


# --- Descriptions ------------------------------------------------------------------------


def test_radar_svg_description_reads_a_missing_score_as_no_score():
    root = parse(radar_svg(labels=("A", "B"), series=[("You", (1, None)), ("Target", (3, 3))]))

    assert root.find(f"{SVG}desc").text == "You: A 1.00, B no score. Target: A 3.00, B 3.00."


def test_radar_svg_description_without_series_names_the_axes():
    root = parse(radar_svg(labels=("A", "B", "C"), series=()))

    assert root.find(f"{SVG}desc").text == "Axes: A, B, C."


# --- radar_html's settings -----------------------------------------------------------------


def html_svg(markup):
    return parse(re.search(r"<svg.*</svg>", markup, re.S).group(0))


def test_radar_html_default_is_the_pdf_size():
    markup = radar_html(labels=("A", "B", "C"), series=[("You", (1, 2, 3))])

    root = html_svg(markup)
    div = next(attrs for tag, attrs in Elements(markup).tags if tag == "div")
    assert (div["style"], root.get("width")) == ("width: 416px; height: 314px", "416")
    assert (root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text) == (
        "Radar chart",
        "You: A 1.00, B 2.00, C 3.00.",
    )


def test_radar_html_draws_its_svg_with_the_given_settings():
    markup = radar_html(
        labels=("A", "B", "C"), series=[("You", (1, 2, 3))], size=300, max_level=4, title="Scores", description="Read"
    )

    root = html_svg(markup)
    assert (root.get("width"), root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text) == ("400", "Scores", "Read")
    assert [t.text for t in group(root, "levels").findall(f"{SVG}text")] == ["1", "2", "3", "4"]


def test_axis_labels_of_a_hexagon_sit_above_beside_and_below_alike_on_mirror_spokes():
    # Six dimensions, as the shipped model has. The four diagonal spokes are exactly half-way
    # between the sides and the top or bottom: their labels are centred on the spoke (baseline
    # 0.35 of the font below it), the lower-left exactly as the lower-right.
    from maturity.charts import _place_axis_label

    placed = [
        _place_axis_label("Label", index=i, count=6, cx=156, cy=156, radius=100, font=11, line=13) for i in range(6)
    ]

    assert [(round(x, 6), round(first, 6), anchor) for x, first, anchor, _ in placed] == [
        (156.0, 56.0, "middle"),  # top: grows upwards from the ring (one line)
        (242.60254, 109.85, "start"),  # x: 156 + 100 sin 60°; y: 156 - 50 + 3.85
        (242.60254, 209.85, "start"),  # 156 + 50 + 3.85
        (156.0, 264.8, "middle"),  # bottom: hangs 0.8 of the font below the ring
        (69.39746, 209.85, "end"),
        (69.39746, 109.85, "end"),
    ]
